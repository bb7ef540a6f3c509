/**
 * The one way Inkstone runs untrusted code (code mode, Evaluate, the sandbox CLI): JavaScript and
 * TypeScript in QuickJS, Python in Pyodide, each engine in its own warm host process with its
 * capabilities cut. See docs/sandbox.md for the threat model.
 */
import { limitMessage, resolveLimits } from "./limits.js";
import type { SandboxLanguage, SandboxLimits, SandboxOutcome, SandboxTest } from "./protocol.js";
import { type Engine, SandboxHost, type SpawnSandboxProcess } from "./sandbox-host.js";
import { toScript } from "./to-script.js";

export type {
  SandboxErrorCode,
  SandboxLanguage,
  SandboxLimits,
  SandboxOutcome,
  SandboxTest,
  SandboxTestResult,
} from "./protocol.js";

export interface SandboxRequest {
  language: SandboxLanguage;
  code: string;
  tests: SandboxTest[];
  limits?: Partial<SandboxLimits>;
}

function engineOf(language: SandboxLanguage): Engine {
  return language === "python" ? "pyodide" : "quickjs";
}

export class Sandbox {
  private readonly hosts = new Map<Engine, SandboxHost>();

  constructor(private readonly spawn?: SpawnSandboxProcess) {}

  private host(engine: Engine): SandboxHost {
    let host = this.hosts.get(engine);
    if (!host) {
      host = new SandboxHost(engine, this.spawn);
      this.hosts.set(engine, host);
    }
    return host;
  }

  /** Loads the language's engine ahead of a run (Python takes seconds the first time). */
  prepare(language: SandboxLanguage): Promise<void> {
    return this.host(engineOf(language)).prepare();
  }

  isWarm(language: SandboxLanguage): boolean {
    return this.hosts.get(engineOf(language))?.warm === true;
  }

  async run(request: SandboxRequest): Promise<SandboxOutcome> {
    const limits = resolveLimits(request.limits);
    let code = request.code;
    if (request.language !== "python") {
      try {
        code = toScript(request.code, request.language);
      } catch (error) {
        const message = `${limitMessage("compile", limits)}: ${(error as Error).message}`;
        return { results: [], error: message, errorCode: "compile", stdout: "" };
      }
    }
    return this.host(engineOf(request.language)).run({ code, tests: request.tests, limits });
  }

  close(): void {
    for (const host of this.hosts.values()) host.close();
    this.hosts.clear();
  }
}

let shared: Sandbox | null = null;

/** The process's sandbox, started on first use; `spawn` applies only to the first call (Electron's glue). */
export function sharedSandbox(spawn?: SpawnSandboxProcess): Sandbox {
  shared ??= new Sandbox(spawn);
  return shared;
}

export function closeSharedSandbox(): void {
  shared?.close();
  shared = null;
}
