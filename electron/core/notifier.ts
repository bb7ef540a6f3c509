import type { NotificationData, NotificationName } from "../shared/contract/index.js";
import type { Notification } from "../shared/contract-kit.js";

/** Fans main-process broadcasts out to every connected renderer (IPC windows, WebSocket clients). */
export class Notifier {
  private readonly listeners = new Set<(notification: Notification) => void>();

  subscribe(listener: (notification: Notification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify<N extends NotificationName>(name: N, data: NotificationData<N>): void {
    for (const listener of this.listeners) listener({ name, data });
  }
}
