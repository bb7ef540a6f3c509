/** Printed output kept up to a byte limit; what comes after is dropped and a note says so. */
export class OutputBuffer {
  private text = "";
  private bytes = 0;
  private cut = false;

  constructor(
    private readonly limitBytes: number,
    private readonly note: string,
  ) {}

  write(chunk: string): void {
    if (this.cut) return;
    const size = Buffer.byteLength(chunk);
    if (this.bytes + size <= this.limitBytes) {
      this.text += chunk;
      this.bytes += size;
      return;
    }
    // keep whole characters only: cut the string, then drop a split surrogate pair
    let room = this.limitBytes - this.bytes;
    let kept = "";
    for (const char of chunk) {
      const charBytes = Buffer.byteLength(char);
      if (charBytes > room) break;
      kept += char;
      room -= charBytes;
    }
    this.text += kept + this.note;
    this.bytes = this.limitBytes;
    this.cut = true;
  }

  toString(): string {
    return this.text;
  }
}
