import { afterEach, describe, expect, it } from "vitest";
import { InkstoneError } from "../../../electron/shared/contract-kit";
import { applyLanguage, i18n } from "../i18n/i18n";
import { ClientError } from "./client";

const corrupt = new InkstoneError("model_error", {
  en: "The model file is damaged.",
  zh: "模型文件已损坏。",
}).toJSON();

describe("ClientError", () => {
  const initial = i18n.language;
  afterEach(() => applyLanguage(initial === "zh-CN" ? "zh-CN" : "en"));

  it("shows a service's error in Chinese when the UI is in Chinese", () => {
    applyLanguage("zh-CN");
    const error = new ClientError(corrupt);
    expect(error.message).toBe("模型文件已损坏。");
    expect(error.messageEn).toBe("The model file is damaged.");
  });

  it("shows it in English when the UI is in English", () => {
    applyLanguage("en");
    expect(new ClientError(corrupt).message).toBe("The model file is damaged.");
  });

  it("falls back to English when the service gave no Chinese", () => {
    applyLanguage("zh-CN");
    expect(new ClientError({ code: "internal", message: "ENOSPC: no space left" }).message).toBe(
      "ENOSPC: no space left",
    );
  });
});
