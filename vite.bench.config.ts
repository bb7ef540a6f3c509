import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** Builds the render benchmark's page (bench/render) apart from the app. */
export default defineConfig({
  root: "bench/render",
  base: "./",
  plugins: [react()],
  build: { outDir: "../../dist/bench-render", emptyOutDir: true, target: "es2022" },
});
