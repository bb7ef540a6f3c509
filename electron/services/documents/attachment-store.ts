/** Extracted attachments, kept as JSON under `<data>/attachments/` so a message can refer to them later. */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "../fs/atomic-file.js";
import type { ExtractedDocument } from "./extract-text.js";

export interface StoredAttachment extends ExtractedDocument {
  id: string;
}

export class AttachmentStore {
  constructor(private readonly dir: string) {}

  async save(document: ExtractedDocument): Promise<StoredAttachment> {
    const stored = { ...document, id: randomUUID() };
    await writeFileAtomic(path.join(this.dir, `${stored.id}.json`), JSON.stringify(stored));
    return stored;
  }

  async get(id: string): Promise<StoredAttachment> {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`No attachment ${id}.`);
    return JSON.parse(await readFile(path.join(this.dir, `${id}.json`), "utf8")) as StoredAttachment;
  }
}
