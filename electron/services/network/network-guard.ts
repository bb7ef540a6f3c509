/**
 * The offline guarantee: the main process may connect only to loopback, or to a host the user is
 * downloading from right now (a download they started, or an opt-in remote baseline run). Every
 * attempt, allowed or blocked, is logged, and the current state is what the status bar shows.
 */
import { isIP } from "node:net";

export interface NetworkLogEntry {
  at: number;
  host: string;
  allowed: boolean;
  reason: string;
}

export interface NetworkStatus {
  /** Hosts a download (or remote run) is allowed to reach now; empty means offline. */
  activeHosts: string[];
}

const LOG_LIMIT = 500;

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || h.startsWith("::ffff:127.");
  return false;
}

export class NetworkGuard {
  private readonly grants = new Map<string, { host: string; reason: string }>();
  private readonly entries: NetworkLogEntry[] = [];
  private nextGrant = 1;
  private readonly listeners = new Set<(status: NetworkStatus) => void>();

  constructor(onChange?: (status: NetworkStatus) => void) {
    if (onChange) this.listeners.add(onChange);
  }

  subscribe(listener: (status: NetworkStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private onChange(status: NetworkStatus): void {
    for (const listener of this.listeners) listener(status);
  }

  status(): NetworkStatus {
    return { activeHosts: [...new Set([...this.grants.values()].map((g) => g.host))].sort() };
  }

  log(): NetworkLogEntry[] {
    return [...this.entries];
  }

  /** Lets `host` be reached until the returned function is called. */
  allow(host: string, reason: string): () => void {
    const id = this.nextGrant++;
    this.grants.set(String(id), { host: host.toLowerCase(), reason });
    this.onChange(this.status());
    return () => {
      if (this.grants.delete(String(id))) this.onChange(this.status());
    };
  }

  private record(host: string, allowed: boolean, reason: string): void {
    this.entries.push({ at: Date.now(), host, allowed, reason });
    if (this.entries.length > LOG_LIMIT) this.entries.splice(0, this.entries.length - LOG_LIMIT);
  }

  /** True (and logged) when a connection to `host` may go ahead. Loopback always may, unlogged. */
  permits(host: string): boolean {
    const h = host.replace(/^\[|\]$/g, "").toLowerCase();
    if (isLoopbackHost(h)) return true;
    const grant = [...this.grants.values()].find((g) => g.host === h);
    this.record(h, grant !== undefined, grant ? grant.reason : "no download from this host is in progress");
    return grant !== undefined;
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
