// Writes build/icon.png (512×512): an ink stone, drawn pixel by pixel (no image tools needed).
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const size = 512;
const rgba = Buffer.alloc(size * size * 4);
for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    const i = (y * size + x) * 4;
    const dx = (x - 256) / 200;
    const dy = (y - 270) / 150;
    const inStone = dx * dx + dy * dy <= 1;
    const wx = (x - 256) / 120;
    const wy = (y - 240) / 70;
    const inWell = wx * wx + wy * wy <= 1;
    const corner = Math.min(x, y, size - 1 - x, size - 1 - y) < 0 ? 0 : 1;
    let color = [245, 240, 230, 255 * corner];
    if (inStone) color = [40, 44, 56, 255];
    if (inWell) color = [20, 22, 30, 255];
    if (inWell && (x - 230) ** 2 + (y - 225) ** 2 < 500) color = [90, 110, 170, 255];
    rgba.set(color, i);
  }
}
const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc(body));
  return Buffer.concat([length, body, sum]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header[8] = 8;
header[9] = 6;
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", header),
  chunk("IDAT", deflateSync(raw, { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
writeFileSync(new URL("../build/icon.png", import.meta.url), png);
console.log(`build/icon.png: ${png.length} bytes`);
