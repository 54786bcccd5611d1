// A tiny length-prefixed binary record for what goes inside a sealed cookie. Every field carries
// its own length, so no byte can move from one field to the next and still parse (CVE-2023-35941
// was an HMAC over an ambiguous concatenation). The reader returns null on any inconsistency.

import { utf8DecodeRange, utf8Encode } from "../encoding/utf8";

/** Upper bound on one string field; a sealed cookie is capped far below this anyway. */
const MAX_FIELD_BYTES: i32 = 64 * 1024;

export class RecordWriter {
  private buf: Uint8Array = new Uint8Array(256);
  private len: i32 = 0;

  private ensure(extra: i32): void {
    if (this.len + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  u8(v: u8): RecordWriter {
    this.ensure(1);
    unchecked((this.buf[this.len++] = v));
    return this;
  }

  i64(v: i64): RecordWriter {
    this.ensure(8);
    for (let i = 0; i < 8; i++) unchecked((this.buf[this.len++] = ((v >>> (56 - 8 * i)) & 0xff) as u8));
    return this;
  }

  bytes(b: Uint8Array): RecordWriter {
    this.ensure(4 + b.length);
    const n = b.length;
    unchecked((this.buf[this.len++] = ((n >>> 24) & 0xff) as u8));
    unchecked((this.buf[this.len++] = ((n >>> 16) & 0xff) as u8));
    unchecked((this.buf[this.len++] = ((n >>> 8) & 0xff) as u8));
    unchecked((this.buf[this.len++] = (n & 0xff) as u8));
    this.buf.set(b, this.len);
    this.len += n;
    return this;
  }

  str(s: string): RecordWriter {
    return this.bytes(utf8Encode(s));
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export class RecordReader {
  private pos: i32 = 0;
  /** Set once any read went past the end or met a bad field; all later reads fail too. */
  failed: bool = false;

  constructor(private readonly data: Uint8Array) {}

  u8(): u8 {
    if (this.failed || this.pos + 1 > this.data.length) { this.failed = true; return 0; }
    return unchecked(this.data[this.pos++]);
  }

  i64(): i64 {
    if (this.failed || this.pos + 8 > this.data.length) { this.failed = true; return 0; }
    let v: i64 = 0;
    for (let i = 0; i < 8; i++) v = (v << 8) | (unchecked(this.data[this.pos++]) as i64);
    return v;
  }

  /** Reads a field's length prefix and steps over the field; its first byte's index, or -1 (failed). */
  private field(): i32 {
    if (this.failed || this.pos + 4 > this.data.length) { this.failed = true; return -1; }
    const d = this.data;
    const p = this.pos;
    const n = ((unchecked(d[p]) as i32) << 24) | ((unchecked(d[p + 1]) as i32) << 16) |
      ((unchecked(d[p + 2]) as i32) << 8) | (unchecked(d[p + 3]) as i32);
    if (n < 0 || n > MAX_FIELD_BYTES || p + 4 + n > d.length) { this.failed = true; return -1; }
    this.pos = p + 4 + n;
    return p + 4;
  }

  bytes(): Uint8Array {
    const start = this.field();
    if (start < 0) return new Uint8Array(0);
    return this.data.slice(start, this.pos);
  }

  /** Decodes in place: the session is opened on every request, and a copy of each token first doubled its cost. */
  str(): string {
    const start = this.field();
    if (start < 0) return "";
    const s = utf8DecodeRange(this.data, start, this.pos);
    if (s === null) { this.failed = true; return ""; }
    return s;
  }

  /** True when every byte was consumed and nothing failed: trailing bytes are an error too. */
  done(): bool {
    return !this.failed && this.pos == this.data.length;
  }
}
