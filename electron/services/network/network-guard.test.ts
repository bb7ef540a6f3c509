import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { isLoopbackHost, NetworkGuard } from "./network-guard.js";
import { installSocketGuard } from "./socket-guard.js";

let uninstall: (() => void) | null = null;
afterEach(() => {
  uninstall?.();
  uninstall = null;
});

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on("end", () => resolve(String(res.statusCode)));
      })
      .on("error", reject);
  });
}

describe("network guard", () => {
  it("knows loopback", () => {
    for (const h of ["127.0.0.1", "127.5.4.3", "localhost", "[::1]", "::1"]) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ["10.0.0.1", "192.168.1.1", "huggingface.co", "127.0.0.1.evil.com"])
      expect(isLoopbackHost(h), h).toBe(false);
  });

  it("lets the download's host through while it runs, refuses everything else, and logs both", () => {
    const changes: string[][] = [];
    const guard = new NetworkGuard((s) => changes.push(s.activeHosts));
    const release = guard.allow("huggingface.co", "model download");
    expect(() => guard.check(new URL("https://huggingface.co/x"))).not.toThrow();
    expect(() => guard.check(new URL("https://telemetry.example.com/"))).toThrow(
      /offline guard: telemetry\.example\.com/,
    );
    release();
    expect(() => guard.check(new URL("https://huggingface.co/x"))).toThrow();
    expect(guard.log().map((e) => [e.host, e.allowed])).toEqual([
      ["huggingface.co", true],
      ["telemetry.example.com", false],
      ["huggingface.co", false],
    ]);
    expect(changes).toEqual([["huggingface.co"], []]);
  });

  it("blocks any socket to a host that is not allowed, whoever opens it", async () => {
    const guard = new NetworkGuard();
    uninstall = installSocketGuard(guard);
    await expect(get("http://203.0.113.9/")).rejects.toThrow(/offline guard: 203\.0\.113\.9/);
    await expect(get("http://example.invalid/")).rejects.toThrow(/offline guard/);
    expect(
      guard
        .log()
        .filter((e) => !e.allowed)
        .map((e) => e.host),
    ).toEqual(["203.0.113.9", "example.invalid"]);
    // loopback still works
    const server = http.createServer((_req, res) => res.end("ok"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    expect(await get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)).toBe("200");
    server.close();
  });

  it("judges a connection by the address a granted name resolved to, and ends it with the grant", () => {
    const guard = new NetworkGuard();
    const release = guard.allow("mirror.example", "model download");
    expect(guard.permitsAddress("198.51.100.7")).toBe(false); // not (yet) an address of a granted host
    guard.noteResolved("mirror.example", ["198.51.100.7"]);
    expect(guard.permitsAddress("198.51.100.7", "connection", "mirror.example")).toBe(true);
    expect(guard.permitsAddress("198.51.100.8")).toBe(false);
    let closed = 0;
    guard.watchConnection("198.51.100.7", () => closed++);
    release();
    expect(closed).toBe(1);
    expect(guard.permitsAddress("198.51.100.7")).toBe(false);
    expect(guard.log().map((e) => [e.host, e.allowed])).toEqual([
      ["198.51.100.7", false],
      ["mirror.example (198.51.100.7)", true],
      ["198.51.100.8", false],
      ["198.51.100.7", false],
    ]);
  });

  it('"deny-all" refuses loopback, local sockets and lookups; "inherit" takes the parent\'s hosts', () => {
    const sandbox = new NetworkGuard({ policy: "deny-all", origin: "code sandbox" });
    sandbox.setInheritedHosts(["mirror.example"]);
    expect(sandbox.permitsAddress("127.0.0.1")).toBe(false);
    expect(sandbox.permitsLocalSocket("/var/run/docker.sock")).toBe(false);
    expect(sandbox.permitsLookup("localhost")).toBe(false);
    expect(sandbox.permitsLookup("mirror.example")).toBe(false);
    const reports: string[] = [];
    const child = new NetworkGuard({ origin: "engine process", report: (e) => reports.push(e.reason) });
    expect(child.permitsLookup("mirror.example")).toBe(false);
    child.setInheritedHosts(["mirror.example"]);
    expect(child.permitsLookup("mirror.example")).toBe(true);
    expect(child.log()).toEqual([]); // a child keeps nothing: it reports
    expect(reports).toEqual([
      "engine process · DNS query · no download from this host is in progress",
      "engine process · DNS query · allowed by the main process (a download or remote run in progress)",
    ]);
  });
});
