// The parse position over the input bytes and the first error seen. Reads go through peek(), which
// answers -1 past the end, so no scanner can read outside the input whatever the bytes are.
import { JsonLimits } from "./limits";

export class Cursor {
  pos: i32 = 0;
  /** Set by scanString: the string just scanned was printable ASCII without escapes. */
  plain: bool = false;
  error: string = "";
  errorOffset: i32 = -1;
  /** Values built so far, against JsonLimits.maxValues. */
  values: i32 = 0;
  readonly base: usize;
  readonly len: i32;

  constructor(
    /** Kept so the bytes stay reachable while `base` points into them. */
    readonly bytes: StaticArray<u8>,
    readonly limits: JsonLimits,
  ) {
    this.base = changetype<usize>(bytes);
    this.len = bytes.length;
  }

  /** The byte at pos, or -1 at the end. */
  @inline peek(): i32 {
    const p = this.pos;
    return p < this.len ? <i32>load<u8>(this.base + <usize>p) : -1;
  }

  /** The byte at an absolute offset, or -1 outside the input. */
  @inline byteAt(at: i32): i32 {
    return at >= 0 && at < this.len ? <i32>load<u8>(this.base + <usize>at) : -1;
  }

  get failed(): bool {
    return this.error.length != 0;
  }

  /** Records the first error only: later ones are consequences of it. */
  fail(message: string, at: i32): void {
    if (this.error.length == 0) {
      this.error = message;
      this.errorOffset = at;
    }
  }

  /** Counts one more value; false (with an error) once the document holds too many. */
  @inline countValue(): bool {
    if (this.values >= this.limits.maxValues) {
      this.fail("too many values", this.pos);
      return false;
    }
    this.values++;
    return true;
  }

  /** JSON whitespace only (RFC 8259 §2): space, tab, LF, CR. */
  @inline skipWhitespace(): void {
    let p = this.pos;
    if (p < this.len && load<u8>(this.base + <usize>p) > 0x20) return; // the usual case
    const end = this.len;
    while (p < end) {
      const c = load<u8>(this.base + <usize>p);
      if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) break;
      p++;
    }
    this.pos = p;
  }
}
