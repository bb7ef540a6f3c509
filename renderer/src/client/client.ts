/**
 * The typed client every feature uses. It knows the contract, not the transport: the bridge under
 * it is the preload's `window.inkstone` in Electron and a WebSocket in web mode.
 */

import type { Contract, NotificationData, NotificationName } from "../../../electron/shared/contract/index";
import type {
  CallNames,
  ErrorCode,
  EventOf,
  InkstoneBridge,
  IpcError,
  RequestOf,
  ResponseOf,
  StreamNames,
} from "../../../electron/shared/contract-kit";
import { i18n, wordsIn } from "../i18n/i18n";

/** The error's words in the UI's language: Chinese where the service gave them, else English. */
export function messageInLanguage(error: IpcError, language: string): string {
  return wordsIn(language, error.message, error.messageZh);
}

export class ClientError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  /** English, whatever the UI's language (for logs). */
  readonly messageEn: string;
  constructor(error: IpcError) {
    // chosen when the error arrives: stores keep the text, and a language switch does not reword past errors
    super(messageInLanguage(error, i18n.language ?? "en"));
    this.messageEn = error.message;
    this.name = "ClientError";
    this.code = error.code;
    this.details = error.details;
  }
}

export interface StreamHandle<R> {
  requestId: string;
  cancel(): void;
  result: Promise<R>;
}

export interface InkstoneClient {
  call<K extends CallNames<Contract>>(channel: K, request: RequestOf<Contract, K>): Promise<ResponseOf<Contract, K>>;
  stream<K extends StreamNames<Contract>>(
    channel: K,
    request: RequestOf<Contract, K>,
    onEvents: (events: EventOf<Contract, K>[]) => void,
  ): StreamHandle<ResponseOf<Contract, K>>;
  on<N extends NotificationName>(name: N, listener: (data: NotificationData<N>) => void): () => void;
}

export function createClient(bridge: InkstoneBridge): InkstoneClient {
  return {
    async call(channel, request) {
      const envelope = await bridge.invoke(channel, request);
      if (!envelope.ok) throw new ClientError(envelope.error);
      return envelope.data as never;
    },
    stream(channel, request, onEvents) {
      let resolve!: (value: never) => void;
      let reject!: (error: unknown) => void;
      const result = new Promise<never>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      const requestId = bridge.stream(channel, request, (message) => {
        if (message.type === "events") onEvents(message.events as never);
        else if (message.result.ok) resolve(message.result.data as never);
        else reject(new ClientError(message.result.error));
      });
      return { requestId, cancel: () => bridge.cancel(requestId), result };
    },
    on(name, listener) {
      return bridge.onNotify((notification) => {
        if (notification.name === name) listener(notification.data as never);
      });
    },
  };
}
