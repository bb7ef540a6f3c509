/**
 * A typed fake of the parts of the `electron` module that electron/main and the preload use, so the glue runs in
 * vitest on machines without the Electron binary. Handlers the glue registers are typed with Electron's own
 * signatures (from electron.d.ts), so a change of API breaks these tests at compile time.
 *
 * Use: `vi.mock("electron", () => import("./test/fake-electron.js").then((m) => m.fakeElectron));` then drive the
 * fake through the helpers below. Vitest loads modules afresh for each test file, so each file has its own fake.
 */
import { EventEmitter } from "node:events";
import type {
  CustomScheme,
  HandlerDetails,
  IpcMainEvent,
  IpcMainInvokeEvent,
  OnBeforeRequestListenerDetails,
  Session,
  WindowOpenHandlerResponse,
} from "electron";

type PermissionRequestHandler = NonNullable<Parameters<Session["setPermissionRequestHandler"]>[0]>;
type PermissionCheckHandler = NonNullable<Parameters<Session["setPermissionCheckHandler"]>[0]>;
type BeforeRequestResponse = { cancel?: boolean; redirectURL?: string };
type BeforeRequestListener = (
  details: OnBeforeRequestListenerDetails,
  callback: (response: BeforeRequestResponse) => void,
) => void;
type ProtocolHandler = (request: Request) => Response | Promise<Response>;

export class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  beforeRequest: BeforeRequestListener | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null) {
    this.permissionCheckHandler = handler;
  }
  webRequest = {
    onBeforeRequest: (listener: BeforeRequestListener) => {
      this.beforeRequest = listener;
    },
  };
  /** What the session decides for a request to `url`: true when it is cancelled. */
  requestCancelled(url: string): boolean {
    let cancelled: boolean | undefined;
    this.beforeRequest?.({ url } as OnBeforeRequestListenerDetails, (response) => {
      cancelled = response.cancel === true;
    });
    if (cancelled === undefined) throw new Error("onBeforeRequest did not answer");
    return cancelled;
  }
}

export class FakeFrame {
  constructor(public url: string) {}
}

export class FakeWebContents extends EventEmitter {
  mainFrame: FakeFrame;
  sent: { channel: string; args: unknown[] }[] = [];
  destroyed = false;
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
  constructor(url = "app://inkstone/index.html") {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  getURL() {
    return this.mainFrame.url;
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args });
  }
  /** What printToPDF was asked with; it answers with a small fake PDF. */
  printed: Record<string, unknown>[] = [];
  async printToPDF(options: Record<string, unknown>) {
    this.printed.push(options);
    return Buffer.from("%PDF-1.7 fake");
  }
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse) {
    this.windowOpenHandler = handler;
  }
  destroy() {
    this.destroyed = true;
    this.emit("destroyed");
  }
  /** Emits a cancellable event the way Electron does; true when the glue prevented it. */
  tryEvent(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static windows: FakeBrowserWindow[] = [];
  static getAllWindows() {
    return [...FakeBrowserWindow.windows];
  }
  webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  maximized = false;
  constructor(public options: Record<string, unknown> = {}) {
    super();
    FakeBrowserWindow.windows.push(this);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  isDestroyed() {
    return false;
  }
  show() {}
  getNormalBounds() {
    return { x: 10, y: 20, width: 1000, height: 700 };
  }
}

/** ipcMain: keeps the handlers the bridge registers and lets a test call them as a given frame. */
class FakeIpcMain {
  handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  listeners = new Map<string, (event: IpcMainEvent, ...args: unknown[]) => void>();
  handle(channel: string, handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) {
    this.handlers.set(channel, handler);
  }
  on(channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void) {
    this.listeners.set(channel, listener);
  }
  /** An event from `sender`; `frameUrl` differing from the sender's main frame makes it a subframe's. */
  event(sender: FakeWebContents, frameUrl?: string) {
    const senderFrame = frameUrl === undefined ? sender.mainFrame : new FakeFrame(frameUrl);
    const replies: unknown[][] = [];
    return {
      sender,
      senderFrame,
      replies,
      reply: (...args: unknown[]) => replies.push(args),
    };
  }
  invoke(sender: FakeWebContents, channel: string, args: unknown[], frameUrl?: string) {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(this.event(sender, frameUrl) as unknown as IpcMainInvokeEvent, ...args);
  }
  send(sender: FakeWebContents, channel: string, args: unknown[], frameUrl?: string) {
    const listener = this.listeners.get(channel);
    if (!listener) throw new Error(`no listener for ${channel}`);
    const event = this.event(sender, frameUrl);
    listener(event as unknown as IpcMainEvent, ...args);
    return event.replies;
  }
}

export class FakeUtilityProcess extends EventEmitter {
  static forked: { entry: string; args: string[]; options: Record<string, unknown>; child: FakeUtilityProcess }[] = [];
  pid = 4242;
  posted: unknown[] = [];
  killed = false;
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  kill() {
    this.killed = true;
    return true;
  }
}

class FakeIpcRenderer {
  listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  sent: { channel: string; args: unknown[] }[] = [];
  invoked: { channel: string; args: unknown[] }[] = [];
  invokeResult: unknown = { ok: true, value: null };
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
    this.listeners.set(channel, listener);
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args });
  }
  async invoke(channel: string, ...args: unknown[]) {
    this.invoked.push({ channel, args });
    return this.invokeResult;
  }
  /** A message from main to the preload. */
  deliver(channel: string, ...args: unknown[]) {
    this.listeners.get(channel)?.({}, ...args);
  }
}

function createFake() {
  const defaultSession = new FakeSession();
  const app = Object.assign(new EventEmitter(), {
    paths: new Map<string, string>(),
    getPath(name: string) {
      return this.paths.get(name) ?? `/fake/${name}`;
    },
    setPath(name: string, value: string) {
      this.paths.set(name, value);
    },
  });
  return {
    app,
    session: { defaultSession },
    protocol: {
      privileged: [] as CustomScheme[],
      handlers: new Map<string, ProtocolHandler>(),
      registerSchemesAsPrivileged(schemes: CustomScheme[]) {
        this.privileged.push(...schemes);
      },
      handle(scheme: string, handler: ProtocolHandler) {
        this.handlers.set(scheme, handler);
      },
      /** Fetches `url` through the handler registered for its scheme. */
      async request(url: string): Promise<Response> {
        const handler = this.handlers.get(new URL(url).protocol.replace(":", ""));
        if (!handler) throw new Error(`no protocol handler for ${url}`);
        return handler(new Request(url));
      },
    },
    ipcMain: new FakeIpcMain(),
    ipcRenderer: new FakeIpcRenderer(),
    BrowserWindow: FakeBrowserWindow,
    utilityProcess: {
      fork(entry: string, args: string[] = [], options: Record<string, unknown> = {}) {
        const child = new FakeUtilityProcess();
        FakeUtilityProcess.forked.push({ entry, args, options, child });
        return child;
      },
    },
    safeStorage: {
      available: true,
      isEncryptionAvailable() {
        return this.available;
      },
      // reversible and visibly not plain text: enough to prove the glue encrypts before writing
      encryptString(plain: string) {
        return Buffer.from(`enc:${Buffer.from(plain).toString("base64")}`);
      },
      decryptString(cipher: Buffer) {
        const text = cipher.toString();
        if (!text.startsWith("enc:")) throw new Error("not encrypted by this keychain");
        return Buffer.from(text.slice(4), "base64").toString();
      },
    },
    contextBridge: {
      exposed: new Map<string, unknown>(),
      exposeInMainWorld(key: string, api: unknown) {
        this.exposed.set(key, api);
      },
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    dialog: {
      /** The next answers of the open and save dialogs (a test sets them); each call is recorded. */
      nextOpen: { canceled: true, filePaths: [] as string[] },
      nextSave: { canceled: true, filePath: "" },
      calls: [] as { kind: "open" | "save"; options: Record<string, unknown> }[],
      async showOpenDialog(...args: unknown[]) {
        this.calls.push({ kind: "open", options: args.at(-1) as Record<string, unknown> });
        return this.nextOpen;
      },
      async showSaveDialog(...args: unknown[]) {
        this.calls.push({ kind: "save", options: args.at(-1) as Record<string, unknown> });
        return this.nextSave;
      },
    },
  };
}

export type FakeElectron = ReturnType<typeof createFake>;

export const fakeElectron: FakeElectron = createFake();
