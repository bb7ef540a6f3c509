/** The four Electron IPC channel names that carry the whole contract. */
export const IPC = {
  invoke: "inkstone:invoke",
  stream: "inkstone:stream",
  cancel: "inkstone:cancel",
  streamMessage: "inkstone:stream-message",
  notify: "inkstone:notify",
} as const;
