import { describe, expect, it } from "vitest";
import { shortName, shortNames } from "./short-names";

describe("short model names", () => {
  it("names the catalog's models by size and quantization", () => {
    expect(shortName("DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M")).toBe("R1 1.5B · Q4_K_M");
    expect(shortName("DeepSeek-R1-Distill-Qwen-1.5B-Q8_0.gguf")).toBe("R1 1.5B · Q8_0");
  });

  it("keeps short names and cuts long ones in the middle, keeping the end", () => {
    expect(shortName("scripted")).toBe("scripted");
    const cut = shortName("my-very-long-finetuned-model-name-v2-Q5_K_S");
    expect([...cut].length).toBe(20);
    expect(cut).toBe("my-very-l…-v2-Q5_K_S");
  });

  it("keeps a majority column's suffix whole and shortens only the model's name", () => {
    expect(shortName("scripted · majority of 3")).toBe("scripted · majority of 3");
    expect(shortName("DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M · majority of 5")).toBe("R1 1.5B · Q4_K_M · majority of 5");
  });

  it("keeps a server's host whole (which server ran it) and shortens only the model's name", () => {
    expect(shortName("fake-r1 @ 127.0.0.1:41234")).toBe("fake-r1 @ 127.0.0.1:41234");
    expect(shortName("deepseek-ai/DeepSeek-R1-Distill-Qwen-32B @ gpu.lab:8000")).toBe("R1 32B @ gpu.lab:8000");
    expect(shortName("my-very-long-finetuned-model-name-v2 @ gpu.lab:8000")).toBe(
      "my-very-l…el-name-v2 @ gpu.lab:8000",
    );
  });

  it("keeps names whole when their short forms would be the same", () => {
    const names = ["experiment-one-final-Q4_K_M", "experiment-two-final-Q4_K_M", "scripted"];
    const short = shortNames(names);
    expect(short.get(names[0]!)).toBe(names[0]);
    expect(short.get(names[1]!)).toBe(names[1]);
    expect(short.get("scripted")).toBe("scripted");
  });
});
