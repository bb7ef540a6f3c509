import { describe, expect, it, vi } from "vitest";
import { GUARD_ENV, UTILITY_TAG } from "../services/network/guard-link.js";
import { NetworkGuard } from "../services/network/network-guard.js";
import { installProcessGuard } from "../services/network/process-guard.js";

vi.mock("electron", () => import("../test/fake-electron.js").then((m) => m.fakeElectron));
const { FakeUtilityProcess } = await import("../test/fake-electron.js");
const { spawnUtilityEngine } = await import("./utility-engine.js");

describe("the engine as an Electron utilityProcess", () => {
  const engine = spawnUtilityEngine("/app/engine-host.js");
  const forked = FakeUtilityProcess.forked.at(-1)!;

  it("forks the engine host with the network guard loaded first", () => {
    expect(forked.entry).toBe("/app/engine-host.js");
    expect(forked.options.serviceName).toBe("Inkstone engine");
    const execArgv = forked.options.execArgv as string[];
    expect(execArgv.at(-2)).toBe("--import");
    expect(execArgv.at(-1)).toMatch(/guard-bootstrap\.(ts|js)$/);
    const env = forked.options.env as Record<string, string>;
    expect(JSON.parse(env[GUARD_ENV]!)).toMatchObject({ origin: "engine process" });
    expect(engine.pid).toBe(4242);
  });

  it("carries engine messages both ways and keeps the guard's own reports out of the engine's", () => {
    const replies: unknown[] = [];
    engine.onMessage((reply) => replies.push(reply));
    engine.send({ type: "init" } as never);
    expect(forked.child.posted).toEqual([{ type: "init" }]);
    forked.child.emit("message", { type: "ready" });
    forked.child.emit("message", { [UTILITY_TAG]: { type: "attempt" } });
    expect(replies).toEqual([{ type: "ready" }]);
  });

  it("reports the exit and can be killed", () => {
    const exits: unknown[] = [];
    engine.onExit((code, signal) => exits.push([code, signal]));
    engine.kill();
    expect(forked.child.killed).toBe(true);
    forked.child.emit("exit", 1);
    expect(exits).toEqual([[1, null]]);
  });

  it("takes the main process's allowed hosts at start and lists the engine's attempts in the main log", () => {
    const { guard, uninstall } = installProcessGuard(new NetworkGuard({ origin: "main process" }));
    try {
      guard.allow("mirror.example", "model download");
      const engine = spawnUtilityEngine("/app/engine-host.js");
      const { options, child } = FakeUtilityProcess.forked.at(-1)!;
      const env = options.env as Record<string, string>;
      expect(JSON.parse(env[GUARD_ENV]!)).toMatchObject({ policy: "inherit", hosts: ["mirror.example"] });
      const replies: unknown[] = [];
      engine.onMessage((reply) => replies.push(reply));
      const attempt = { at: 1, host: "exfil.example", allowed: false, reason: "engine process · DNS query · no" };
      child.emit("message", { [UTILITY_TAG]: { attempt } });
      expect(replies).toEqual([]);
      expect(guard.log()).toContainEqual(attempt);
    } finally {
      uninstall();
    }
  });
});
