import { describe, expect, it } from "vitest";
import { explainBackendFailure } from "./gpu-diagnosis.js";

const none = { nvidiaDriver: false, cudaRuntime: false, vulkanLoader: false };

describe("why a GPU backend was not used", () => {
  it("gives a code the UI words in the user's language, with the English reason for logs", () => {
    expect(explainBackendFailure("cuda", none, new Error("x"), "linux")).toEqual({
      code: "no_nvidia_driver",
      reason: "no NVIDIA driver found",
    });
    expect(explainBackendFailure("cuda", { ...none, nvidiaDriver: true }, null, "linux").code).toBe("no_cuda_runtime");
    expect(explainBackendFailure("vulkan", none, null, "linux").code).toBe("no_vulkan_loader");
    expect(explainBackendFailure("cuda", none, null, "darwin").code).toBe("cuda_on_macos");
  });

  it("keeps node-llama-cpp's own error as the detail when the binary itself failed", () => {
    const failure = explainBackendFailure("vulkan", { ...none, vulkanLoader: true }, new Error("bad ELF"), "linux");
    expect(failure).toMatchObject({ code: "vulkan_load_failed", detail: "Error: bad ELF" });
  });
});
