import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InkstoneError } from "../../shared/contract-kit.js";
import { type FakeServer, startFakeOpenAI } from "../../test/fake-openai-server.js";
import type { RemoteFaultDetails } from "./remote-fault.js";
import { probeServer } from "./remote-probe.js";

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: "sk-lab" });
});
afterAll(() => fake.close());

const reason = (error: unknown) => ((error as InkstoneError).details as RemoteFaultDetails).reason;

describe("Test connection", () => {
  it("lists the server's models and the context a request gets (from /props, else the model list)", async () => {
    fake.props = null;
    const probe = await probeServer({ url: fake.url, model: "", apiKey: "sk-lab" });
    expect(probe).toMatchObject({ health: "ok", model: "fake-r1", contextLength: 16384, base: `${fake.url}/v1` });
    fake.props = { default_generation_settings: { n_ctx: 4096 } };
    expect((await probeServer({ url: `${fake.url}/v1/`, model: "fake-r1", apiKey: "sk-lab" })).contextLength).toBe(
      4096,
    );
  });

  it("names a wrong key, an unknown model and a server that is not there", async () => {
    const wrongKey = await probeServer({ url: fake.url, model: "", apiKey: "nope" }).catch((e: unknown) => e);
    expect(wrongKey).toBeInstanceOf(InkstoneError);
    expect(reason(wrongKey)).toBe("unauthorized");
    const unknown = await probeServer({ url: fake.url, model: "llama-70b", apiKey: "sk-lab" }).catch((e: unknown) => e);
    expect(reason(unknown)).toBe("unknown_model");
    expect((unknown as Error).message).toContain("“llama-70b”");
    const gone = await startFakeOpenAI();
    await gone.close();
    expect(reason(await probeServer({ url: gone.url, model: "" }).catch((e: unknown) => e))).toBe("refused");
  });

  it("times out on a server that never answers", async () => {
    const net = await import("node:net");
    const silent = net.createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as import("node:net").AddressInfo).port;
    try {
      const error = await probeServer({ url: `http://127.0.0.1:${port}`, model: "", responseTimeoutMs: 300 }).catch(
        (e: unknown) => e,
      );
      expect(reason(error)).toBe("timeout");
    } finally {
      silent.close();
    }
  });
});
