import { describe, expect, it } from "vitest";
import { mergeTextEvents, StreamCoalescer } from "./stream-coalescer.js";

describe("mergeTextEvents", () => {
  it("joins text events of one kind and sums tokens", () => {
    expect(mergeTextEvents({ kind: "a", text: "x", tokens: 1 }, { kind: "a", text: "y", tokens: 2 })).toEqual({
      kind: "a",
      text: "xy",
      tokens: 3,
    });
  });
  it("keeps kinds apart and never merges events with other fields", () => {
    expect(mergeTextEvents({ kind: "a", text: "x" }, { kind: "b", text: "y" })).toBeNull();
    expect(mergeTextEvents({ kind: "a", text: "x" }, { kind: "a", text: "y", extra: 1 })).toBeNull();
  });
});

describe("StreamCoalescer", () => {
  it("close delivers the pending tail and drops later pushes", () => {
    const sent: unknown[][] = [];
    const c = new StreamCoalescer((events) => sent.push(events));
    c.push({ kind: "a", text: "1" });
    c.push({ kind: "a", text: "2" });
    c.close();
    c.push({ kind: "a", text: "3" });
    expect(sent).toEqual([[{ kind: "a", text: "12" }]]);
  });
  it("discard sends nothing", async () => {
    const sent: unknown[][] = [];
    const c = new StreamCoalescer((events) => sent.push(events));
    c.push({ kind: "a", text: "1" });
    c.discard();
    await new Promise((r) => setTimeout(r, 30));
    expect(sent).toEqual([]);
  });
});
