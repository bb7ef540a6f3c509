/**
 * Test fixture: indexes one file of 500 passages through the index writer, waits for the durable
 * point and prints "durable <syncs>", then keeps writing other files until it is killed.
 */
import { IndexWriter } from "../index-writer-client.js";

const [file] = process.argv.slice(2);
const writer = new IndexWriter();
await writer.open(file!);
const passage = (i: number) => ({
  page: 1 + Math.floor(i / 5),
  para: 1 + (i % 5),
  text: `durable passage ${i}`,
  terms: `durable passage p${i}`,
});
await writer.write(file!, {
  type: "files",
  remove: [],
  upsert: [{ path: "/course/kept.md", name: "kept.md", size: 1, mtimeMs: 1 }],
});
await writer.write(file!, {
  type: "indexed",
  fileId: 1,
  pages: 100,
  ocrPages: 0,
  passages: Array.from({ length: 500 }, (_, i) => passage(i)),
});
await writer.durable(file!);
console.log(`durable ${writer.syncs}`);
let n = 0;
for (;;) {
  n++;
  await writer.write(file!, {
    type: "files",
    remove: [],
    upsert: [{ path: `/course/later-${n}.md`, name: `later-${n}.md`, size: 1, mtimeMs: 1 }],
  });
}
