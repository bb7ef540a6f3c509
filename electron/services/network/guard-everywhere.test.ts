/**
 * The guard in every kind of process and thread Inkstone starts: the main thread, a worker thread
 * (extraction, collection index, regex checker), a worker started from source text under "deny-all"
 * (the code sandbox), a forked Node process (the engine in web mode), and a worker or process a
 * dependency starts by itself inside those (tesseract.js, node-llama-cpp). Each tries every way out
 * towards a non-loopback test name that the guard's resolver hook maps to a loopback listener: the
 * listener sees nothing but the loopback control requests, and the main log lists each attempt.
 */
import dgram from "node:dgram";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProbeReport, type ProbeTarget, probe } from "../../test/network-probe.js";
import { TEST_HOSTS_ENV } from "./dns-guard.js";
import { forkProcess, startEvalWorker, startWorker } from "./guarded-start.js";
import { NetworkGuard } from "./network-guard.js";
import { installProcessGuard } from "./process-guard.js";

const NAME = "exfil.inkstone-test.example";
const probeFile = path.resolve(import.meta.dirname, "../../test/network-probe.ts");

let guard: NetworkGuard;
let uninstall: () => void;
let tcp: http.Server;
let udp: dgram.Socket;
/** What the listeners saw: every TCP connection, the loopback control requests among them, every datagram. */
const seen = { connections: 0, control: 0, datagrams: 0 };
let target: ProbeTarget;

beforeAll(async () => {
  process.env[TEST_HOSTS_ENV] = JSON.stringify({ [NAME]: "127.0.0.1" });
  tcp = http.createServer((req, res) => {
    if (req.url === "/control") seen.control++;
    res.setHeader("connection", "close"); // each attempt opens its own connection: none is reused
    res.end("ok");
  });
  tcp.on("connection", () => seen.connections++);
  udp = dgram.createSocket("udp4");
  udp.on("message", () => seen.datagrams++);
  await new Promise<void>((r) => tcp.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => udp.bind(0, "127.0.0.1", r));
  target = { name: NAME, tcpPort: (tcp.address() as AddressInfo).port, udpPort: udp.address().port };
  ({ guard, uninstall } = installProcessGuard(new NetworkGuard({ origin: "main process" })));
});

afterAll(async () => {
  uninstall();
  delete process.env[TEST_HOSTS_ENV];
  udp.close();
  await new Promise((r) => tcp.close(r));
});

const BLOCKED: Record<string, string> = {
  fetch: "EINKSTONEBLOCKED",
  "net.connect": "EINKSTONEBLOCKED",
  "http.get": "EINKSTONEBLOCKED",
  "tls.connect": "EINKSTONEBLOCKED",
  "dgram.send": "EINKSTONEBLOCKED",
  "dns.lookup": "EINKSTONEBLOCKED",
  "dns/promises.lookup": "EINKSTONEBLOCKED",
  "dns.Resolver": "EREFUSED",
};

/** Attempts the log lists for `origin`: one DNS query per way out, each refused. */
async function attemptsOf(origin: string): Promise<string[]> {
  // children report over their link: give the last reports a moment to arrive
  for (let i = 0; i < 50 && guard.log().filter((e) => e.reason.startsWith(`${origin} ·`)).length < 8; i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  return guard
    .log()
    .filter((e) => e.reason.startsWith(`${origin} ·`) && e.host === NAME)
    .map((e) => `${e.allowed ? "allowed" : "blocked"} ${e.reason.split(" · ")[1]}`);
}

const EIGHT_REFUSED_QUERIES = Array(8).fill("blocked DNS query");

function fromWorker(worker: Worker): Promise<ProbeReport> {
  return new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

describe("the network guard in every process and thread", () => {
  it("main thread: every way out is refused and logged; loopback works", async () => {
    const before = { ...seen };
    expect(await probe(target)).toEqual({ ...BLOCKED, loopback: "reached" });
    expect(seen).toEqual({ ...before, connections: before.connections + 1, control: before.control + 1 });
    expect(await attemptsOf("main process")).toEqual(EIGHT_REFUSED_QUERIES);
  });

  it("worker thread, and the worker a dependency starts inside it", async () => {
    const before = { ...seen };
    const worker = startWorker(probeFile, {
      name: "probe worker",
      workerData: { probe: { ...target, nest: "worker" } },
    });
    const report = await fromWorker(worker);
    await worker.terminate();
    expect(report.results).toEqual({ ...BLOCKED, loopback: "reached" });
    expect(report.nested).toEqual({ ...BLOCKED, loopback: "reached" });
    expect(seen).toEqual({ ...before, connections: before.connections + 2, control: before.control + 2 });
    expect(await attemptsOf("probe worker")).toEqual(EIGHT_REFUSED_QUERIES);
    expect(await attemptsOf("probe worker › worker thread")).toEqual(EIGHT_REFUSED_QUERIES);
  });

  it('sandbox-style worker from source text under "deny-all": loopback refused too', async () => {
    const before = { ...seen };
    const source = `
      const { parentPort, workerData } = require("node:worker_threads");
      import(${JSON.stringify(probeFile)}).then((m) => m.probe(workerData.target)).then((results) => parentPort.postMessage({ results }));`;
    const worker = startEvalWorker(source, { name: "probe sandbox", policy: "deny-all", workerData: { target } });
    const report = await fromWorker(worker);
    await worker.terminate();
    expect(report.results).toEqual({ ...BLOCKED, loopback: "EINKSTONEBLOCKED" });
    expect(seen).toEqual(before);
    expect(await attemptsOf("probe sandbox")).toEqual(EIGHT_REFUSED_QUERIES);
    expect(guard.log().some((e) => e.host === "127.0.0.1" && e.reason.startsWith("probe sandbox ·"))).toBe(true);
  });

  it("forked process, and the process a dependency forks inside it", async () => {
    const before = { ...seen };
    const child = forkProcess(probeFile, [], {
      name: "probe process",
      env: { ...process.env, INKSTONE_PROBE: JSON.stringify({ ...target, nest: "fork" }) },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    try {
      const report = await new Promise<ProbeReport>((resolve) =>
        child.once("message", (m) => resolve(m as ProbeReport)),
      );
      expect(report.results).toEqual({ ...BLOCKED, loopback: "reached" });
      expect(report.nested).toEqual({ ...BLOCKED, loopback: "reached" });
      expect(seen).toEqual({ ...before, connections: before.connections + 2, control: before.control + 2 });
      expect(await attemptsOf("probe process")).toEqual(EIGHT_REFUSED_QUERIES);
      expect(await attemptsOf("probe process › child process")).toEqual(EIGHT_REFUSED_QUERIES);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("a child reaches a host only while the main process allows it (a download in progress)", async () => {
    const worker = startWorker(probeFile, { name: "probe grant", workerData: { probe: { ...target, repeat: 2 } } });
    try {
      expect((await fromWorker(worker)).results.fetch).toBe("EINKSTONEBLOCKED");
      const before = seen.connections;
      const release = guard.allow(NAME, "model download (test)");
      await new Promise((r) => setTimeout(r, 100)); // the new hosts travel over the link
      worker.postMessage("again");
      const granted = (await fromWorker(worker)).results;
      expect(granted.fetch).toBe("reached");
      expect(granted["dns.Resolver"]).toBe("ETIMEOUT"); // allowed: the query really went to the stand-in server
      expect(seen.connections).toBeGreaterThan(before + 1);
      release();
      await new Promise((r) => setTimeout(r, 100));
      worker.postMessage("again");
      expect((await fromWorker(worker)).results).toEqual({ ...BLOCKED, loopback: "reached" });
      expect(guard.log().some((e) => e.allowed && e.host === NAME && e.reason.startsWith("probe grant ·"))).toBe(true);
    } finally {
      await worker.terminate();
    }
  });
});
