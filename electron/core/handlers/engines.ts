/** The engines.* channels' handlers: remote engines in Settings → Engines, Test connection, a conversation's choice. */
import { probeServer } from "../../services/remote-engine/remote-probe.js";
import type { ServiceDeps } from "../app-types.js";
import { type DomainHandlers, ok } from "./domain.js";

export function enginesHandlers(deps: ServiceDeps): DomainHandlers<"engines"> {
  const { remoteEngines, store, network, secrets } = deps;
  return {
    "engines.list": async () => ({ engines: await remoteEngines.list(), keychainAvailable: secrets.available }),
    "engines.save": async (input) => {
      const saved = await remoteEngines.save(input);
      deps.forgetRemoteFacts();
      return saved;
    },
    "engines.remove": async ({ id }) => {
      await remoteEngines.remove(id);
      return ok;
    },
    "engines.test": async ({ id, url, model, apiKey, responseTimeoutS }) => {
      const kept = id && !apiKey ? (await remoteEngines.config(id).catch(() => null))?.apiKey : null;
      deps.forgetRemoteFacts();
      const probe = await probeServer(
        { url, model, apiKey: apiKey || kept || null, responseTimeoutMs: (responseTimeoutS ?? 10) * 1000 },
        { guard: network },
      );
      const { base: _base, ...result } = probe;
      return result;
    },
    "engines.choose": async ({ conversationId, engine }) => {
      store.requireConversation(conversationId);
      if (engine) await remoteEngines.get(engine.engineId); // still there
      store.setEngine(conversationId, engine);
      return store.requireConversation(conversationId);
    },
  };
}
