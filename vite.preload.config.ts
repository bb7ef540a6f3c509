import { defineConfig } from "vite";

/** The preload runs sandboxed, so it is one CommonJS file with everything but `electron` bundled in. */
export default defineConfig({
  build: {
    outDir: "dist/preload",
    emptyOutDir: true,
    target: "es2022",
    minify: false,
    lib: { entry: "electron/preload/preload.ts", formats: ["cjs"], fileName: () => "preload.cjs" },
    rollupOptions: { external: ["electron"] },
  },
});
