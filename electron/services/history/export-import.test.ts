import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exportFile, fileStem } from "./export-import.js";
import { HistoryStore } from "./history-store.js";

let dir: string;
let store: HistoryStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "inkstone-export-"));
  store = HistoryStore.open(dir);
});
afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

function conversation(title: string, question: string, answer: string) {
  const c = store.createConversation({ title });
  const user = store.addMessage({ conversationId: c.id, parentId: null, role: "user", content: question });
  const reply = store.addMessage({ conversationId: c.id, parentId: user.id, role: "assistant" });
  store.finishMessage(reply.id, { content: answer, reasoning: "r", status: "complete" });
  return c;
}

describe("exportFile", () => {
  it("exports one conversation as Markdown with its LaTeX as written, named after its title", () => {
    const a = conversation(
      "Area: circle / r = 2?",
      "Area of a circle, r = 2?",
      "$$A = \\pi r^2 = 4\\pi$$ so \\(\\boxed{4\\pi}\\)",
    );
    conversation("Other", "Something else", "no");
    const file = exportFile(store, [a.id], "markdown", Date.UTC(2026, 10, 29));
    expect(file.filename).toBe("Area-circle-r-2-2026-11-29.md");
    expect(file.content).toContain("# Area: circle / r = 2?");
    expect(file.content).toContain("$$A = \\pi r^2 = 4\\pi$$ so \\(\\boxed{4\\pi}\\)");
    expect(file.content).not.toContain("Something else");
  });

  it("exports one conversation as JSON that holds only it; the whole history keeps its name", () => {
    const a = conversation("勾股定理", "直角三角形", "$c^2 = a^2 + b^2$");
    conversation("Other", "Something else", "no");
    const file = exportFile(store, [a.id], "json", Date.UTC(2026, 10, 29));
    expect(file.filename).toBe("勾股定理-2026-11-29.json");
    const parsed = JSON.parse(file.content);
    expect(parsed.conversations.map((c: { title: string }) => c.title)).toEqual(["勾股定理"]);
    expect(parsed.conversations[0].messages[1].content).toBe("$c^2 = a^2 + b^2$");
    expect(exportFile(store, null, "json", Date.UTC(2026, 10, 29)).filename).toBe("inkstone-history-2026-11-29.json");
    expect(JSON.parse(exportFile(store, null, "json").content).conversations).toHaveLength(2);
  });

  it("keeps a remote fault's code and parameters through export and import (the error line worded in either language)", async () => {
    const c = store.createConversation({ title: "Busy" });
    const user = store.addMessage({ conversationId: c.id, parentId: null, role: "user", content: "Q" });
    const reply = store.addMessage({ conversationId: c.id, parentId: user.id, role: "assistant" });
    const errorFault = { reason: "dropped", params: { host: "10.0.0.5:8080" } };
    const line = "The connection to 10.0.0.5:8080 dropped in the middle of the answer; what arrived is kept.";
    store.finishMessage(reply.id, { content: "Part", reasoning: "", status: "error", error: line, errorFault });
    expect(store.getMessage(reply.id)).toMatchObject({ error: line, errorFault });
    const [copy] = await store.importJson(exportFile(store, [c.id], "json").content);
    expect(store.getThread(copy!).messages[1]).toMatchObject({ status: "error", error: line, errorFault });
  });

  it("makes a file name from any title", () => {
    expect(fileStem("../../etc/passwd")).toBe("etc-passwd");
    expect(fileStem("???")).toBe("conversation");
    expect([...fileStem("长".repeat(100))]).toHaveLength(60);
  });
});
