/**
 * Fair sharing of the engine: a "background" generation (the local API) waits behind the user's
 * questions and never interrupts one. A stand-in engine process answers at once, so the test shows
 * the queue's order only.
 */
import { describe, expect, it } from "vitest";
import { generationSettingsSchema } from "../../shared/engine-schemas.js";
import { EngineClient, type GenerationPriority } from "./engine-client.js";
import type { EngineProcess, EngineReply, MainToEngine } from "./engine-protocol.js";

/** An engine process whose generations finish only when the test says so. */
function fakeProcess() {
  let listener: (reply: EngineReply) => void = () => {};
  const generations: { id: number; text: string }[] = [];
  const cancelled: number[] = [];
  const process: EngineProcess = {
    pid: 1,
    send(message: MainToEngine) {
      if (message.type === "cancel") {
        cancelled.push(message.target);
        return;
      }
      if (message.type === "generate") generations.push({ id: message.id, text: message.history.at(-1)!.text });
      else {
        const data =
          message.type === "load"
            ? {
                path: message.path,
                name: "m",
                contextSize: 512,
                trainContextSize: 512,
                gpuLayers: 0,
                totalLayers: 1,
                loadMs: 1,
              }
            : null;
        queueMicrotask(() => listener({ type: "result", id: message.id, ok: true, data }));
      }
    },
    onMessage(l) {
      listener = l;
    },
    onExit() {},
    kill() {},
  };
  const finish = (text: string) => {
    const generation = generations.find((g) => g.text === text)!;
    listener({ type: "chunk", id: generation.id, kind: "answer", text: `${text}!`, tokens: 1 });
    listener({
      type: "result",
      id: generation.id,
      ok: true,
      data: { status: cancelled.includes(generation.id) ? "stopped" : "complete", answer: `${text}!` },
    });
  };
  return { process, generations, cancelled, finish };
}

const settings = generationSettingsSchema.parse({});
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function readyClient() {
  const fake = fakeProcess();
  const client = new EngineClient({ spawn: () => fake.process });
  await client.start();
  await client.load("/m.gguf");
  const ask = (text: string, priority?: GenerationPriority) =>
    client.generate([{ role: "user", text }], settings, () => {}, new AbortController().signal, { priority });
  return { client, fake, ask };
}

describe("engine sharing between the user and the local API", () => {
  it("a user's question queued after an API request runs before it", async () => {
    const { fake, ask } = await readyClient();
    const user1 = ask("user-1");
    const api = ask("api", "background");
    const user2 = ask("user-2");
    await flush();
    expect(fake.generations.map((g) => g.text)).toEqual(["user-1"]);
    fake.finish("user-1");
    await user1;
    await flush();
    expect(fake.generations.map((g) => g.text)).toEqual(["user-1", "user-2"]);
    fake.finish("user-2");
    await user2;
    await flush();
    expect(fake.generations.map((g) => g.text)).toEqual(["user-1", "user-2", "api"]);
    fake.finish("api");
    expect((await api).status).toBe("complete");
  });

  it("an API request arriving while the user's answer streams waits for it, never cancelling it", async () => {
    const { fake, ask } = await readyClient();
    const user = ask("user");
    const api = ask("api", "background");
    await flush();
    expect(fake.generations.map((g) => g.text)).toEqual(["user"]);
    expect(fake.cancelled).toEqual([]);
    fake.finish("user");
    expect((await user).status).toBe("complete");
    await flush();
    fake.finish("api");
    expect((await api).status).toBe("complete");
  });

  it("background requests keep their own order, and the user's keep theirs", async () => {
    const { fake, ask } = await readyClient();
    const runs = [ask("u1"), ask("a1", "background"), ask("a2", "background"), ask("u2"), ask("u3")];
    for (const next of ["u1", "u2", "u3", "a1", "a2"]) {
      await flush();
      expect(fake.generations.at(-1)!.text).toBe(next);
      fake.finish(next);
    }
    await Promise.all(runs);
  });
});
