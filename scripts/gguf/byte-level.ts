/** GPT-2's byte-to-unicode map, in the order the byte-level BPE vocabularies (Qwen2's included) list their 256 byte tokens. */
function buildByteOrder(): { bytes: number[]; chars: string[] } {
  const bytes: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bytes.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bytes.push(b);
  for (let b = 0xae; b <= 0xff; b++) bytes.push(b);
  const codepoints = [...bytes];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      codepoints.push(256 + n++);
    }
  }
  return { bytes, chars: codepoints.map((c) => String.fromCodePoint(c)) };
}

const order = buildByteOrder();
const charOfByte: string[] = new Array(256);
order.bytes.forEach((b, i) => {
  charOfByte[b] = order.chars[i]!;
});

/** The 256 byte tokens, in vocabulary order. */
export const byteTokens: readonly string[] = order.chars;

/** Text → its byte-level token string (what a vocab entry holds). */
export function toByteLevel(text: string): string {
  let out = "";
  for (const b of Buffer.from(text, "utf8")) out += charOfByte[b];
  return out;
}

/** The byte value of each of the 256 byte tokens, in vocabulary order. */
export const byteOfByteToken: readonly number[] = order.bytes;
