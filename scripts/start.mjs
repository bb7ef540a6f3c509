#!/usr/bin/env node
// `npm start`: the desktop app when the Electron binary is installed, else web mode (said in one line).
import { spawn } from "node:child_process";
import { findElectronBinary } from "./electron-binary.mjs";

const args = process.argv.slice(2);
const electron = findElectronBinary();
let child;
if (electron.path) {
  child = spawn(electron.path, [".", ...args], { stdio: "inherit" });
} else {
  console.log(`No Electron binary (${electron.reason}): starting Inkstone in web mode instead.`);
  child = spawn(process.execPath, ["dist/node/electron/web/start-web.js", ...args], { stdio: "inherit" });
}
child.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
