/**
 * DNS under the offline guard. A query carries its name off the machine (data can be smuggled out
 * in a name), so a name is only resolved when it is loopback or a host the guard grants; every other
 * lookup is refused before anything is sent. Covers dns.lookup, dns.lookupService, dns/promises and
 * every dns.Resolver (callback and promise APIs share one native channel class, patched here).
 *
 * The resolver hook: INKSTONE_NETWORK_TEST_HOSTS (JSON, name → loopback address) answers those names
 * without a query, in every process that inherits the environment. Tests map a non-loopback test
 * name to a loopback listener with it, so nothing leaves the machine even if the guard failed.
 * Only loopback targets are honoured: the hook can never widen what a process reaches.
 */
import dns from "node:dns";
import { syncBuiltinESMExports } from "node:module";
import { isIP } from "node:net";
import { isLoopbackAddress, type NetworkGuard } from "./network-guard.js";

export interface ResolvedAddress {
  address: string;
  family: number;
}

type LookupCallback = (error: Error | null, address?: string | ResolvedAddress[], family?: number) => void;

export const TEST_HOSTS_ENV = "INKSTONE_NETWORK_TEST_HOSTS";

export function blockedError(host: string, syscall = "connect"): Error {
  return Object.assign(new Error(`Blocked by Inkstone's offline guard: ${host}`), {
    code: "EINKSTONEBLOCKED",
    hostname: host,
    syscall,
  });
}

function testHosts(): Map<string, string> {
  const map = new Map<string, string>();
  try {
    const parsed = JSON.parse(process.env[TEST_HOSTS_ENV] ?? "{}") as Record<string, unknown>;
    for (const [name, address] of Object.entries(parsed)) {
      if (typeof address === "string" && isLoopbackAddress(address)) map.set(name.toLowerCase(), address);
    }
  } catch {
    // a malformed hook maps nothing
  }
  return map;
}

const originalLookup = dns.lookup;

function systemLookup(name: string, family: number): Promise<ResolvedAddress[]> {
  return new Promise((resolve, reject) => {
    originalLookup(name, { family, all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });
}

function byFamily(addresses: ResolvedAddress[], family: number): ResolvedAddress[] {
  return family === 0 ? addresses : addresses.filter((a) => a.family === family);
}

/**
 * Resolves `name` as the guard allows: an address is returned as is (the caller judges it); a
 * loopback name is answered locally ("localhost" from the hosts file, "*.localhost" by RFC 6761);
 * a granted name is looked up and its addresses become part of the grant; anything else is refused.
 */
export async function guardedResolve(guard: NetworkGuard, name: string, family = 0): Promise<ResolvedAddress[]> {
  const host = name.replace(/^\[|\]$/g, "").toLowerCase();
  const ipFamily = isIP(host);
  if (ipFamily !== 0) return [{ address: host, family: ipFamily }];
  if (!guard.permitsLookup(host)) throw blockedError(host, "getaddrinfo");
  const mapped = testHosts().get(host);
  let addresses: ResolvedAddress[];
  if (mapped) addresses = [{ address: mapped, family: isIP(mapped) }];
  else if (host.endsWith(".localhost")) {
    addresses = [
      { address: "127.0.0.1", family: 4 },
      { address: "::1", family: 6 },
    ];
  } else addresses = await systemLookup(host, family);
  addresses = byFamily(addresses, family);
  if (addresses.length === 0) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  guard.noteResolved(
    host,
    addresses.map((a) => a.address),
  );
  return addresses;
}

function lookupOptions(options: unknown): { family: number; all: boolean } {
  if (typeof options === "number") return { family: options, all: false };
  const o = (options ?? {}) as { family?: number | string; all?: boolean };
  const family = o.family === "IPv4" ? 4 : o.family === "IPv6" ? 6 : Number(o.family ?? 0) || 0;
  return { family, all: o.all === true };
}

/** A `dns.lookup`-shaped function that resolves through the guard. */
export function guardedLookupFunction(guard: NetworkGuard) {
  return function lookup(hostname: string, options: unknown, callback?: LookupCallback): void {
    const cb = (typeof options === "function" ? options : callback) as LookupCallback;
    const { family, all } = lookupOptions(typeof options === "function" ? undefined : options);
    guardedResolve(guard, hostname, family).then(
      (addresses) => (all ? cb(null, addresses) : cb(null, addresses[0]?.address, addresses[0]?.family)),
      (error: Error) => cb(error),
    );
  };
}

type QueryMethod = (
  this: unknown,
  req: { oncomplete(error: string): void },
  name: string,
  ...rest: unknown[]
) => number;

/** Installs the DNS guard on this thread's `dns` module; returns the uninstaller. */
export function installDnsGuard(guard: NetworkGuard): () => void {
  const promises = dns.promises;
  const saved = {
    lookup: dns.lookup,
    lookupService: dns.lookupService,
    promisesLookup: promises.lookup,
    promisesLookupService: promises.lookupService,
  };
  const lookup = guardedLookupFunction(guard);
  (dns as { lookup: unknown }).lookup = lookup;
  (promises as { lookup: unknown }).lookup = async (hostname: string, options?: unknown) => {
    const { family, all } = lookupOptions(options);
    const addresses = await guardedResolve(guard, hostname, family);
    return all ? addresses : addresses[0];
  };
  // reverse lookups of non-loopback addresses are queries too
  (dns as { lookupService: unknown }).lookupService = (address: string, port: number, callback: LookupCallback) => {
    if (!guard.permitsAddress(address, "DNS query")) {
      process.nextTick(() => callback(blockedError(address, "getnameinfo")));
      return;
    }
    saved.lookupService(address, port, callback as never);
  };
  (promises as { lookupService: unknown }).lookupService = async (address: string, port: number) => {
    if (!guard.permitsAddress(address, "DNS query")) throw blockedError(address, "getnameinfo");
    return saved.promisesLookupService(address, port);
  };

  // Every Resolver (dns.resolve*, dns.Resolver, dns/promises) sends its queries through one native
  // channel class: refuse there, answering the request with a DNS error as the server would.
  const channel = Object.getPrototypeOf((new dns.Resolver() as unknown as { _handle: object })._handle) as Record<
    string,
    QueryMethod
  >;
  const queries = Object.getOwnPropertyNames(channel).filter((n) => n.startsWith("query") || n === "getHostByAddr");
  const originals = new Map(queries.map((n) => [n, channel[n] as QueryMethod] as const));
  for (const [method, original] of originals) {
    channel[method] = function (this: unknown, req, name, ...rest) {
      if (!guard.permitsResolverQuery(name)) {
        process.nextTick(() => req.oncomplete("EREFUSED"));
        return 0;
      }
      return original.call(this, req, name, ...rest);
    };
  }
  syncBuiltinESMExports(); // `import { lookup } from "node:dns"` sees the guarded function too
  return () => {
    (dns as { lookup: unknown }).lookup = saved.lookup;
    (dns as { lookupService: unknown }).lookupService = saved.lookupService;
    (promises as { lookup: unknown }).lookup = saved.promisesLookup;
    (promises as { lookupService: unknown }).lookupService = saved.promisesLookupService;
    for (const [method, original] of originals) channel[method] = original;
    syncBuiltinESMExports();
  };
}
