// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { ClientError, type InkstoneClient } from "../client/client";
import { setClient } from "../client/instance";
import { useAttachmentsStore } from "./attachments-store";

type Listener = (events: unknown[]) => void;

function fakeClient() {
  const streams: { listener: Listener; resolve(v: unknown): void; reject(e: unknown): void; cancel: () => void }[] = [];
  // the file goes first through uploads.* in chunks (small ones here, so a file takes several)
  let received = 0;
  const call = vi.fn(async (channel: string, payload: unknown): Promise<unknown> => {
    const request = payload as { offset?: number; dataBase64?: string };
    if (channel === "uploads.begin") {
      received = 0;
      return { uploadId: "00000000-0000-0000-0000-000000000001", chunkBytes: 4 };
    }
    if (channel === "uploads.append") {
      expect(request.offset).toBe(received);
      received += atob(request.dataBase64 ?? "").length;
      return { received };
    }
    return { ok: true };
  });
  const client = {
    call,
    stream: vi.fn((_channel: string, _request: unknown, listener: Listener) => {
      let resolve!: (v: unknown) => void;
      let reject!: (e: unknown) => void;
      const result = new Promise((res, rej) => {
        resolve = res;
        reject = rej;
      });
      const cancel = vi.fn(() => reject(new ClientError({ code: "cancelled", message: "Cancelled." })));
      streams.push({ listener, resolve, reject, cancel });
      return { requestId: String(streams.length), cancel, result };
    }),
    on: () => () => {},
  };
  setClient(client as unknown as InkstoneClient);
  return { client, streams };
}

const file = (name: string, size = 10) => new File([new Uint8Array(size)], name);
const settle = () => new Promise((r) => setTimeout(r, 100)); // FileReader in jsdom is slow on a busy machine

afterEach(() => useAttachmentsStore.setState({ ready: [], job: null, error: null, source: null, sourceError: null }));

describe("the attachments store", () => {
  it("refuses a file over the limit or of an unknown type before reading it", async () => {
    const { client } = fakeClient();
    const big = file("book.pdf");
    Object.defineProperty(big, "size", { value: 60 * 1024 * 1024 });
    await useAttachmentsStore.getState().attach(big);
    expect(useAttachmentsStore.getState().error).toMatchObject({
      name: "book.pdf",
      reason: "too_large",
      details: { megabytes: 60 },
    });
    await useAttachmentsStore.getState().attach(file("setup.exe"));
    expect(useAttachmentsStore.getState().error).toMatchObject({ reason: "unsupported" });
    expect(client.stream).not.toHaveBeenCalled();
  });

  it("shows progress, and a cancel ends the job with no error and nothing attached", async () => {
    const { client, streams } = fakeClient();
    const done = useAttachmentsStore.getState().attach(file("scan.pdf"));
    await settle();
    // 10 bytes in chunks of 4: three appends, then the extraction names the upload
    expect(client.call.mock.calls.filter(([channel]) => channel === "uploads.append")).toHaveLength(3);
    expect(client.stream.mock.calls[0]?.[1]).toEqual({
      name: "scan.pdf",
      uploadId: "00000000-0000-0000-0000-000000000001",
    });
    streams[0]!.listener([{ kind: "progress", stage: "ocr", done: 1, total: 3 }]);
    expect(useAttachmentsStore.getState().job).toMatchObject({ name: "scan.pdf", stage: "ocr", done: 1, total: 3 });
    useAttachmentsStore.getState().cancel();
    await done;
    expect(streams[0]!.cancel).toHaveBeenCalled();
    expect(useAttachmentsStore.getState()).toMatchObject({ job: null, error: null, ready: [] });
  });

  it("keeps what was attached when the next file is refused, and hands the ids to the question once", async () => {
    const { streams } = fakeClient();
    const first = useAttachmentsStore.getState().attach(file("notes.pdf"));
    await settle();
    streams[0]!.resolve({ id: "a1", name: "notes.pdf", kind: "pdf", pages: 3, chars: 90, ocrPages: [] });
    await first;
    const second = useAttachmentsStore.getState().attach(file("locked.pdf"));
    await settle();
    streams[1]!.reject(
      new ClientError({ code: "invalid_request", message: "password", details: { reason: "encrypted" } }),
    );
    await second;
    expect(useAttachmentsStore.getState().error).toMatchObject({ name: "locked.pdf", reason: "encrypted" });
    expect(useAttachmentsStore.getState().ready.map((a) => a.name)).toEqual(["notes.pdf"]);
    expect(useAttachmentsStore.getState().take()).toEqual(["a1"]);
    expect(useAttachmentsStore.getState().take()).toEqual([]);
  });

  it("opens a citation's page from the document whose pages were used", async () => {
    const { client } = fakeClient();
    client.call.mockImplementation(async (_channel: string, payload: unknown) => {
      const request = payload as { attachmentId: string; page: number };
      if (request.attachmentId === "b") return { name: "b.pdf", page: request.page, text: "page text" };
      throw new ClientError({ code: "not_found", message: "a.pdf has no page 7." });
    });
    await useAttachmentsStore.getState().openSource(
      [
        { id: "a", pagesUsed: [1] },
        { id: "b", pagesUsed: [7] },
      ],
      7,
    );
    expect(client.call).toHaveBeenCalledTimes(1);
    expect(useAttachmentsStore.getState().source).toEqual({ name: "b.pdf", page: 7, text: "page text" });
    await useAttachmentsStore.getState().openSource([{ id: "a", pagesUsed: [1] }], 7);
    expect(useAttachmentsStore.getState()).toMatchObject({ source: null, sourceError: "a.pdf has no page 7." });
  });

  it("clear() drops the ready files and the one being read, whose result then attaches nothing", async () => {
    const { streams } = fakeClient();
    useAttachmentsStore.setState({ ready: [{ id: "a1", name: "worksheet.pdf", pages: 1, ocrPages: [] }] });
    const done = useAttachmentsStore.getState().attach(file("late.pdf"));
    await settle();
    useAttachmentsStore.getState().clear();
    expect(streams[0]!.cancel).toHaveBeenCalled();
    streams[0]!.resolve({ id: "a2", name: "late.pdf", pages: 1, ocrPages: [] });
    await done;
    expect(useAttachmentsStore.getState()).toMatchObject({ ready: [], job: null, error: null });
  });
});
