/** The installer configuration: it parses, unpacks the natives, ships no tests or caches, and flips the fuses. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { minimatch } from "minimatch";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
type Config = {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { icon: string; files: string[]; target: { target: string }[] };
  win: { icon: string; files: string[] };
  mac: { icon: string; files: string[] };
  nsis: { perMachine: boolean; oneClick: boolean };
};
const config = yaml.load(readFileSync(path.join(root, "electron-builder.yml"), "utf8")) as Config;

/** Whether a path ends up packaged: the last matching pattern wins, as in electron-builder. */
function packaged(file: string, patterns: string[]): boolean {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith("!");
    if (minimatch(file, negated ? pattern.slice(1) : pattern, { dot: true })) included = !negated;
  }
  return included;
}

describe("electron-builder.yml", () => {
  it("names the app and has its icons", () => {
    expect(config.appId).toBe("app.inkstone.desktop");
    expect(config.productName).toBe("Inkstone");
    for (const platform of [config.linux, config.win, config.mac])
      expect(existsSync(path.join(root, platform.icon))).toBe(true);
    expect(config.linux.target.map((t) => t.target)).toEqual(["AppImage", "deb"]);
    expect(config.nsis).toMatchObject({ perMachine: false, oneClick: false });
  });

  it("unpacks node-llama-cpp's and SQLite's native binaries from the asar", () => {
    for (const file of [
      "node_modules/node-llama-cpp/dist/index.js",
      "node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/llama-addon.node",
      "node_modules/@libsql/linux-x64-gnu/index.node",
      "node_modules/libsql/index.js",
      "node_modules/@napi-rs/canvas-linux-x64-gnu/skia.linux-x64-gnu.node",
    ]) {
      expect(
        config.asarUnpack.some((p) => minimatch(file, p)),
        file,
      ).toBe(true);
    }
  });

  it("packages the built app, and no tests, fixtures, benchmarks, caches or models", () => {
    const files = config.files;
    for (const ok of [
      "dist/node/electron/main/main.js",
      "dist/preload/preload.cjs",
      "dist/renderer/index.html",
      "resources/models.json",
      "package.json",
    ]) {
      expect(packaged(ok, files), ok).toBe(true);
    }
    for (const not of [
      "dist/node/electron/core/router.test.js",
      "dist/node/electron/services/models/test-fixtures/file-server.js",
      "dist/node/scripts/make-model.js",
      "dist/node/bench/engine.js",
      "e2e/chat.spec.ts",
      "bench/engine.ts",
      ".cache/models/inkstone-full-q4_k_m-s1-x.gguf",
      "dist/renderer/assets/index.js.map",
      "node_modules/@tesseract.js-data/chi_sim/4.0.0/chi_sim.traineddata.gz",
    ]) {
      expect(packaged(not, files), not).toBe(false);
    }
    // dependencies are packaged by electron-builder unless a pattern leaves them out: OCR's small trained data stays in
    const withDependencies = ["node_modules/**", ...files];
    expect(
      packaged("node_modules/@tesseract.js-data/chi_sim/4.0.0_best_int/chi_sim.traineddata.gz", withDependencies),
    ).toBe(true);
    expect(packaged("node_modules/tesseract.js-core/tesseract-core-simd-lstm.wasm", withDependencies)).toBe(true);
  });

  it("ships only the target platform's llama.cpp binaries", () => {
    const on = (platform: { files: string[] }, pkg: string) =>
      packaged(`node_modules/@node-llama-cpp/${pkg}/bins/x.node`, ["**/*", ...platform.files]);
    expect(on(config.linux, "linux-x64")).toBe(true);
    expect(on(config.linux, "linux-x64-cuda")).toBe(true);
    expect(on(config.linux, "linux-x64-vulkan")).toBe(true);
    expect(on(config.linux, "win-x64-cuda")).toBe(false);
    expect(on(config.linux, "mac-arm64-metal")).toBe(false);
    expect(on(config.linux, "linux-arm64")).toBe(false);
    expect(on(config.win, "win-x64-cuda")).toBe(true);
    expect(on(config.win, "linux-x64-cuda")).toBe(false);
    expect(on(config.mac, "mac-arm64-metal")).toBe(true);
    expect(on(config.mac, "linux-x64-cuda")).toBe(false);
    expect(on(config.mac, "win-x64-cuda")).toBe(false);
  });

  it("flips the fuses: no RunAsNode, NODE_OPTIONS or inspect flags; asar integrity and asar-only loading; cookie encryption", () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });
});
