/**
 * Test support for network-guard tests: tries every way out of a process (fetch, net.connect,
 * http.get, tls.connect, dgram.send, dns.lookup, dns/promises, a dns.Resolver query) towards a
 * test name, and reports what happened to each. Loaded as a module, as a worker's entry or as a
 * child process's entry; it can start a worker or a process of its own the way a dependency would
 * (plain `new Worker` / `fork`), to show those are guarded too.
 */
import { fork } from "node:child_process";
import dgram from "node:dgram";
import dns from "node:dns";
import dnsPromises from "node:dns/promises";
import http from "node:http";
import net from "node:net";
import tls from "node:tls";
import { fileURLToPath } from "node:url";
import { parentPort, Worker, workerData } from "node:worker_threads";

export interface ProbeTarget {
  /** A non-loopback name the guard's resolver hook maps to the loopback listener. */
  name: string;
  tcpPort: number;
  udpPort: number;
  /** Also run the probe in a worker or a process started the way a dependency would. */
  nest?: "worker" | "fork";
  /** Wait for "again" after reporting, and probe once more (to see the allowed hosts change). */
  repeat?: number;
}

export interface ProbeReport {
  results: Record<string, string>;
  nested?: Record<string, string>;
}

const outcome = (error: unknown): string => {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return e?.cause?.code ?? e?.code ?? String(error);
};

function settle(start: (done: (result: string) => void) => void, ms = 3000): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("timeout"), ms);
    start((result) => {
      clearTimeout(timer);
      resolve(result);
    });
  });
}

export async function probe(t: ProbeTarget): Promise<Record<string, string>> {
  const url = `http://${t.name}:${t.tcpPort}/exfil`;
  const r: Record<string, string> = {};
  r.fetch = await fetch(url).then(
    () => "reached",
    (e: unknown) => outcome(e),
  );
  r["net.connect"] = await settle((done) => {
    const s = net.connect(t.tcpPort, t.name, () => {
      s.destroy();
      done("reached");
    });
    s.on("error", (e) => done(outcome(e)));
  });
  r["http.get"] = await settle((done) => {
    http
      .get(url, (res) => {
        res.resume();
        done("reached");
      })
      .on("error", (e) => done(outcome(e)));
  });
  r["tls.connect"] = await settle((done) => {
    const s = tls.connect({ port: t.tcpPort, host: t.name, rejectUnauthorized: false }, () => done("reached"));
    s.on("connect", () => done("reached"));
    s.on("error", (e) => done(outcome(e)));
  });
  r["dgram.send"] = await settle((done) => {
    const s = dgram.createSocket("udp4");
    s.send(Buffer.from("exfil"), t.udpPort, t.name, (e) => {
      s.close();
      done(e ? outcome(e) : "sent");
    });
  });
  r["dns.lookup"] = await settle((done) => dns.lookup(t.name, (e) => done(e ? outcome(e) : "resolved")));
  r["dns/promises.lookup"] = await dnsPromises.lookup(t.name).then(
    () => "resolved",
    (e: unknown) => outcome(e),
  );
  const resolver = new dns.promises.Resolver({ timeout: 500, tries: 1 });
  resolver.setServers([`127.0.0.1:${t.udpPort}`]); // the listener stands in for a DNS server
  r["dns.Resolver"] = await resolver.resolve4(t.name).then(
    () => "resolved",
    (e: unknown) => outcome(e),
  );
  r.loopback = await fetch(`http://127.0.0.1:${t.tcpPort}/control`).then(
    () => "reached",
    (e: unknown) => outcome(e),
  );
  return r;
}

const self = fileURLToPath(import.meta.url);

/** Runs the probe again in a worker or a child process started without the helper, as a dependency would. */
function nested(t: ProbeTarget): Promise<Record<string, string>> {
  const inner = { ...t, nest: undefined, repeat: undefined };
  if (t.nest === "worker") {
    const worker = new Worker(self, { workerData: { probe: inner } });
    return new Promise((resolve, reject) => {
      worker.once("message", (m: ProbeReport) => resolve(m.results));
      worker.once("error", reject);
    });
  }
  const child = fork(self, [], { env: { ...process.env, INKSTONE_PROBE: JSON.stringify(inner) } });
  return new Promise((resolve, reject) => {
    child.once("message", (m) => {
      resolve((m as ProbeReport).results);
      child.kill();
    });
    child.once("error", reject);
  });
}

async function serve(t: ProbeTarget, post: (report: ProbeReport) => void, onAgain: (go: () => void) => void) {
  const report: ProbeReport = { results: await probe(t) };
  if (t.nest) report.nested = await nested(t);
  post(report);
  for (let left = t.repeat ?? 0; left > 0; left--) {
    await new Promise<void>((resolve) => onAgain(resolve));
    post({ results: await probe(t) });
  }
}

const asWorker = (workerData as { probe?: ProbeTarget } | null)?.probe;
const asChild = process.env.INKSTONE_PROBE;
if (parentPort && asWorker) {
  const port = parentPort;
  void serve(
    asWorker,
    (m) => port.postMessage(m),
    (go) => port.once("message", go),
  );
} else if (!parentPort && asChild && process.send) {
  delete process.env.INKSTONE_PROBE;
  void serve(
    JSON.parse(asChild) as ProbeTarget,
    (m) => process.send?.(m),
    (go) => process.once("message", go),
  );
}
