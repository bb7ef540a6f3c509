/**
 * The offline guarantee: a process may reach loopback, or a host the user is using right now (a
 * download they started, an opt-in remote baseline or remote engine while it runs); nothing else.
 * Every other attempt is refused and logged, and the current state is what the status bar shows.
 *
 * One NetworkGuard lives in every process and thread Inkstone starts (see guarded-start.ts). The
 * main thread's guard owns the grants and the log; a child's guard mirrors the main process's
 * granted hosts (policy "inherit") or refuses everything, loopback included ("deny-all", for the
 * code sandbox), and reports each attempt to its parent, which records it in the main log.
 *
 * Connections are judged by the address they go to, after resolution: a name is only resolved
 * when it is a granted host (a DNS query carries its name off the machine, so it is an attempt in
 * itself), and the addresses a granted name resolves to are what that grant allows.
 */
import { isIP } from "node:net";

export interface NetworkLogEntry {
  at: number;
  /** The name or address that was asked for. */
  host: string;
  allowed: boolean;
  /** Which process, what kind of attempt, and why it was allowed or refused. */
  reason: string;
}

export interface NetworkStatus {
  /** Hosts a download (or remote run) is allowed to reach now; empty means offline. */
  activeHosts: string[];
}

/** "inherit": loopback plus the hosts the main process allows. "deny-all": nothing, loopback included. */
export type GuardPolicy = "inherit" | "deny-all";

/** What an attempt was: a TCP/TLS connection, a UDP datagram, a DNS query, a local socket. */
export type AttemptKind = "connection" | "UDP datagram" | "DNS query" | "local socket";

export interface NetworkGuardOptions {
  onChange?: (status: NetworkStatus) => void;
  policy?: GuardPolicy;
  /** Names the process in the log ("main", "engine process", "extraction worker"…). */
  origin?: string;
  /** A child's guard sends its attempts here (to its parent) instead of keeping them. */
  report?: (entry: NetworkLogEntry) => void;
}

const LOG_LIMIT = 500;
const NOT_GRANTED = "no download from this host is in progress";

function bare(host: string): string {
  return host.replace(/^\[|\]$/g, "").toLowerCase();
}

/** True for loopback addresses and names that RFC 6761 reserves for loopback (answered without a query). */
export function isLoopbackHost(host: string): boolean {
  const h = bare(host);
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  return isLoopbackAddress(h);
}

export function isLoopbackAddress(address: string): boolean {
  const a = bare(address);
  if (isIP(a) === 4) return a.startsWith("127.");
  if (isIP(a) === 6) return a === "::1" || a === "0:0:0:0:0:0:0:1" || a.startsWith("::ffff:127.");
  return false;
}

export class NetworkGuard {
  readonly policy: GuardPolicy;
  readonly origin: string;
  private readonly grants = new Map<number, { host: string; reason: string }>();
  /** Addresses each granted host name resolved to while granted. */
  private readonly resolved = new Map<string, Set<string>>();
  /** Hosts granted by the parent process (a child's mirror of the main process's grants). */
  private inherited: string[] = [];
  private readonly entries: NetworkLogEntry[] = [];
  private nextGrant = 1;
  private readonly listeners = new Set<(status: NetworkStatus) => void>();
  private readonly report: ((entry: NetworkLogEntry) => void) | undefined;

  constructor(options: NetworkGuardOptions | ((status: NetworkStatus) => void) = {}) {
    const o = typeof options === "function" ? { onChange: options } : options;
    this.policy = o.policy ?? "inherit";
    this.origin = o.origin ?? "main process";
    this.report = o.report;
    if (o.onChange) this.listeners.add(o.onChange);
  }

  subscribe(listener: (status: NetworkStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }

  status(): NetworkStatus {
    if (this.policy === "deny-all") return { activeHosts: [] };
    const hosts = [...this.grants.values()].map((g) => g.host).concat(this.inherited);
    return { activeHosts: [...new Set(hosts)].sort() };
  }

  log(): NetworkLogEntry[] {
    return [...this.entries];
  }

  /** Lets `host` be reached until the returned function is called. */
  allow(host: string, reason: string): () => void {
    const id = this.nextGrant++;
    this.grants.set(id, { host: bare(host), reason });
    this.changed();
    return () => {
      if (this.grants.delete(id)) {
        this.forgetUngranted();
        this.changed();
      }
    };
  }

  /** A child's guard: the hosts the parent allows now (ignored under "deny-all"). */
  setInheritedHosts(hosts: string[]): void {
    if (this.policy === "deny-all") return;
    this.inherited = hosts.map(bare);
    this.forgetUngranted();
    this.changed();
  }

  private forgetUngranted(): void {
    const active = new Set(this.status().activeHosts);
    for (const host of this.resolved.keys()) if (!active.has(host)) this.resolved.delete(host);
  }

  private grantFor(host: string): string | null {
    const h = bare(host);
    if (this.policy === "deny-all") return null;
    const grant = [...this.grants.values()].find((g) => g.host === h);
    if (grant) return grant.reason;
    return this.inherited.includes(h) ? "allowed by the main process (a download or remote run in progress)" : null;
  }

  /** Records an attempt: kept in this log (main thread) or sent to the parent (children). */
  record(entry: NetworkLogEntry): void {
    if (this.report) {
      this.report(entry);
      return;
    }
    this.entries.push(entry);
    if (this.entries.length > LOG_LIMIT) this.entries.splice(0, this.entries.length - LOG_LIMIT);
  }

  private note(host: string, allowed: boolean, kind: AttemptKind, why: string): boolean {
    this.record({ at: Date.now(), host, allowed, reason: `${this.origin} · ${kind} · ${why}` });
    return allowed;
  }

  /**
   * May `name` be resolved? Loopback names are answered locally (no query); a granted host may be
   * looked up; anything else is refused before a query is sent. Logged unless loopback.
   */
  permitsLookup(name: string, kind: AttemptKind = "DNS query"): boolean {
    const h = bare(name);
    if (this.policy === "deny-all") return this.note(h, false, kind, "this process may not use the network at all");
    if (isIP(h) !== 0) return this.permitsAddress(h, kind);
    if (isLoopbackHost(h)) return true;
    const grant = this.grantFor(h);
    return this.note(h, grant !== null, kind, grant ?? NOT_GRANTED);
  }

  /**
   * May a DNS resolver (dns.Resolver, dns.resolve*) send a query for `name` to a DNS server? Only for
   * a granted host: unlike a lookup, such a query goes to the server even for loopback names.
   */
  permitsResolverQuery(name: string): boolean {
    const h = bare(name);
    if (this.policy === "deny-all")
      return this.note(h, false, "DNS query", "this process may not use the network at all");
    const grant = this.grantFor(h);
    return this.note(h, grant !== null, "DNS query", grant ?? NOT_GRANTED);
  }

  /** A granted name resolved to these addresses: the grant now covers them. */
  noteResolved(name: string, addresses: string[]): void {
    const h = bare(name);
    if (this.grantFor(h) === null) return;
    const known = this.resolved.get(h) ?? new Set<string>();
    for (const address of addresses) known.add(bare(address));
    this.resolved.set(h, known);
  }

  /** Why `address` may be reached now (null: it may not). Logs nothing. */
  private addressGrant(address: string): string | null {
    const a = bare(address);
    if (this.policy === "deny-all") return null;
    if (isLoopbackAddress(a)) return "loopback";
    const literal = this.grantFor(a);
    if (literal !== null) return literal;
    for (const [host, addresses] of this.resolved) {
      const grant = addresses.has(a) ? this.grantFor(host) : null;
      if (grant !== null) return `${grant} (${host})`;
    }
    return null;
  }

  /** May a connection (or datagram) go to `address`? Judged by the address itself; logged unless loopback. */
  permitsAddress(address: string, kind: AttemptKind = "connection", askedFor?: string): boolean {
    const a = bare(address);
    const shown = askedFor && bare(askedFor) !== a ? `${bare(askedFor)} (${a})` : a;
    if (this.policy === "deny-all") return this.note(shown, false, kind, "this process may not use the network at all");
    if (isLoopbackAddress(a)) return true;
    const grant = this.addressGrant(a);
    return this.note(shown, grant !== null, kind, grant ?? NOT_GRANTED);
  }

  /**
   * Keeps an open connection to a granted address only while the grant lasts: when the grant ends
   * (the download or remote run is over), `close` is called. Returns the function that stops watching.
   */
  watchConnection(address: string, close: () => void): () => void {
    if (isLoopbackAddress(address)) return () => {};
    const stop = this.subscribe(() => {
      if (this.addressGrant(address) === null) {
        stop();
        close();
      }
    });
    return stop;
  }

  /** A Unix socket or named pipe: local, allowed unless this process may use no sockets at all. */
  permitsLocalSocket(path: string): boolean {
    if (this.policy !== "deny-all") return true;
    return this.note(path, false, "local socket", "this process may not use the network at all");
  }

  /** True (and logged) when a connection to `host` (a name or an address) may go ahead. */
  permits(host: string): boolean {
    const h = bare(host);
    return isIP(h) !== 0 ? this.permitsAddress(h) : this.permitsLookup(h, "connection");
  }

  /** Throws when `url` may not be reached. */
  check(url: URL): void {
    if (!this.permits(url.hostname)) {
      throw new Error(
        `Blocked by Inkstone's offline guard: ${url.hostname} (only a download you started may go online).`,
      );
    }
  }
}
