/**
 * A GGUF v3 writer: metadata key/values, tensor infos, then aligned tensor data streamed chunk by
 * chunk (a 1 GB model never sits in memory). The output depends only on what is added, so the same
 * inputs give a byte-identical file.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from "node:fs";
import { GGUF_ALIGNMENT, GGUF_MAGIC, GGUF_VERSION, type GgmlTypeId, GgufValueType, tensorBytes } from "./ggml-types.js";

export type GgufScalar =
  | { type: "u32"; value: number }
  | { type: "i32"; value: number }
  | { type: "u64"; value: bigint | number }
  | { type: "f32"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "string"; value: string };
export type GgufValue =
  | GgufScalar
  | { type: "string[]"; value: readonly string[] }
  | { type: "i32[]"; value: readonly number[] }
  | { type: "f32[]"; value: readonly number[] };

export interface TensorSpec {
  name: string;
  /** ne0 first (the row length), as ggml orders dimensions. */
  dims: readonly number[];
  type: GgmlTypeId;
  /** Yields the tensor's bytes in order; their total must equal the tensor's size. */
  data(): Iterable<Uint8Array>;
}

class ByteSink {
  private chunks: Buffer[] = [];
  length = 0;
  push(buffer: Buffer): void {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }
  u32(v: number) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    this.push(b);
  }
  i32(v: number) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.push(b);
  }
  u64(v: bigint | number) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v: number) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  string(s: string) {
    const bytes = Buffer.from(s, "utf8");
    this.u64(bytes.length);
    this.push(bytes);
  }
  concat(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function writeValue(sink: ByteSink, value: GgufValue): void {
  switch (value.type) {
    case "u32":
      sink.u32(GgufValueType.UINT32);
      sink.u32(value.value);
      return;
    case "i32":
      sink.u32(GgufValueType.INT32);
      sink.i32(value.value);
      return;
    case "u64":
      sink.u32(GgufValueType.UINT64);
      sink.u64(value.value);
      return;
    case "f32":
      sink.u32(GgufValueType.FLOAT32);
      sink.f32(value.value);
      return;
    case "bool":
      sink.u32(GgufValueType.BOOL);
      sink.push(Buffer.from([value.value ? 1 : 0]));
      return;
    case "string":
      sink.u32(GgufValueType.STRING);
      sink.string(value.value);
      return;
    case "string[]":
      sink.u32(GgufValueType.ARRAY);
      sink.u32(GgufValueType.STRING);
      sink.u64(value.value.length);
      for (const s of value.value) sink.string(s);
      return;
    case "i32[]":
      sink.u32(GgufValueType.ARRAY);
      sink.u32(GgufValueType.INT32);
      sink.u64(value.value.length);
      {
        const b = Buffer.alloc(value.value.length * 4);
        value.value.forEach((v, i) => {
          b.writeInt32LE(v, i * 4);
        });
        sink.push(b);
      }
      return;
    case "f32[]":
      sink.u32(GgufValueType.ARRAY);
      sink.u32(GgufValueType.FLOAT32);
      sink.u64(value.value.length);
      {
        const b = Buffer.alloc(value.value.length * 4);
        value.value.forEach((v, i) => {
          b.writeFloatLE(v, i * 4);
        });
        sink.push(b);
      }
      return;
  }
}

const align = (n: number, to: number) => Math.ceil(n / to) * to;

export class GgufWriter {
  private readonly kv: [string, GgufValue][] = [];
  private readonly tensors: TensorSpec[] = [];

  set(key: string, value: GgufValue): this {
    if (this.kv.some(([k]) => k === key)) throw new Error(`duplicate key ${key}`);
    this.kv.push([key, value]);
    return this;
  }

  addTensor(tensor: TensorSpec): this {
    if (this.tensors.some((t) => t.name === tensor.name)) throw new Error(`duplicate tensor ${tensor.name}`);
    this.tensors.push(tensor);
    return this;
  }

  get tensorCount(): number {
    return this.tensors.length;
  }

  /** Writes to `file` through a temporary name, so a crash never leaves a half file under the final name. */
  write(file: string): { bytes: number } {
    const header = new ByteSink();
    header.u32(GGUF_MAGIC);
    header.u32(GGUF_VERSION);
    header.u64(this.tensors.length);
    header.u64(this.kv.length);
    for (const [key, value] of this.kv) {
      header.string(key);
      writeValue(header, value);
    }
    let offset = 0;
    const sizes: number[] = [];
    for (const tensor of this.tensors) {
      const elements = tensor.dims.reduce((a, b) => a * b, 1);
      const size = tensorBytes(tensor.type, elements);
      sizes.push(size);
      header.string(tensor.name);
      header.u32(tensor.dims.length);
      for (const d of tensor.dims) header.u64(d);
      header.u32(tensor.type);
      header.u64(offset);
      offset = align(offset + size, GGUF_ALIGNMENT);
    }
    const headerBytes = header.concat();
    const dataStart = align(headerBytes.length, GGUF_ALIGNMENT);
    const temp = `${file}.writing`;
    const fd = openSync(temp, "w");
    let position = 0;
    const put = (bytes: Uint8Array) => {
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      position += bytes.length;
    };
    try {
      put(headerBytes);
      put(new Uint8Array(dataStart - headerBytes.length));
      this.tensors.forEach((tensor, index) => {
        const start = position;
        for (const chunk of tensor.data()) put(chunk);
        if (position - start !== sizes[index]) {
          throw new Error(`tensor ${tensor.name}: wrote ${position - start} bytes, expected ${sizes[index]}`);
        }
        const padded = align(position - dataStart, GGUF_ALIGNMENT) + dataStart;
        if (index < this.tensors.length - 1 && padded > position) put(new Uint8Array(padded - position));
      });
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
    return { bytes: position };
  }
}
