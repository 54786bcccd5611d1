// Strings (RFC 8259 §7 and §8.1): raw bytes must be well-formed UTF-8 (RFC 3629 §4: no overlongs, no
// encoded surrogates, nothing above U+10FFFF), control characters must be escaped, and a \u escape
// of a surrogate must be half of a proper pair. Parsing only validates and measures a string; it is
// decoded (into a string of exact size, in one pass) when a caller asks for it. The common case,
// printable ASCII without escapes, is marked "plain" and needs no decoding at all.
import { Cursor } from "./cursor";

@inline function hexValue(c: i32): i32 {
  if (<u32>(c - 0x30) < 10) return c - 0x30;
  const lower = c | 0x20;
  if (<u32>(lower - 0x61) < 6) return lower - 0x61 + 10;
  return -1;
}

/** The four hex digits at `at`, or -1 when any is missing or not hex. */
function hex4(c: Cursor, at: i32): i32 {
  let v = 0;
  for (let i = 0; i < 4; i++) {
    const h = hexValue(c.byteAt(at + i));
    if (h < 0) return -1;
    v = (v << 4) | h;
  }
  return v;
}

/** Length of the well-formed UTF-8 sequence at `at` whose lead byte is ≥ 0x80, or 0 if ill-formed. */
function utf8SequenceLength(c: Cursor, at: i32): i32 {
  const b0 = c.byteAt(at);
  const b1 = c.byteAt(at + 1);
  if (b0 >= 0xc2 && b0 <= 0xdf) return isContinuation(b1) ? 2 : 0;
  // Second-byte ranges that exclude overlongs (E0, F0), surrogates (ED) and > U+10FFFF (F4).
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 == 0xe0) lo = 0xa0;
  else if (b0 == 0xed) hi = 0x9f;
  else if (b0 == 0xf0) lo = 0x90;
  else if (b0 == 0xf4) hi = 0x8f;
  if (b1 < lo || b1 > hi) return 0;
  if (b0 >= 0xe0 && b0 <= 0xef) return isContinuation(c.byteAt(at + 2)) ? 3 : 0;
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    return isContinuation(c.byteAt(at + 2)) && isContinuation(c.byteAt(at + 3)) ? 4 : 0;
  }
  return 0;
}

@inline function isContinuation(b: i32): bool {
  return (b & 0xc0) == 0x80;
}

const ONES: u64 = 0x0101010101010101;
const HIGHS: u64 = 0x8080808080808080;

/** Whether any byte of v is zero (the classic SWAR test: exact, no false positives). */
@inline function hasZeroByte(v: u64): bool {
  return ((v - ONES) & ~v & HIGHS) != 0;
}

/**
 * The first offset from p that is not printable ASCII other than '"' and '\\' (or len). Eight bytes
 * at a time while they fit: a byte ends the run if it is ≥ 0x80, < 0x20, '"' or '\\'.
 */
function plainRunEnd(base: usize, p: i32, len: i32): i32 {
  while (p <= len - 8) {
    const v = load<u64>(base + <usize>p);
    const special = (v & HIGHS) != 0 || ((v - ONES * 0x20) & ~v & HIGHS) != 0 ||
      hasZeroByte(v ^ (ONES * 0x22)) || hasZeroByte(v ^ (ONES * 0x5c));
    if (special) break;
    p += 8;
  }
  while (p < len) {
    const b = <i32>load<u8>(base + <usize>p);
    if (b == 0x22 || b == 0x5c || b < 0x20 || b >= 0x80) break;
    p++;
  }
  return p;
}

/**
 * Validates the string whose opening quote is at c.pos and moves c.pos past its closing quote.
 * Returns its length in UTF-16 units, or -1 with c.error set; c.plain tells whether it was plain.
 */
export function scanString(c: Cursor): i32 {
  const open = c.pos;
  const start = open + 1;
  const maxEnd = <i64>start + <i64>c.limits.maxStringBytes;
  const base = c.base;
  const len = c.len;
  let p = plainRunEnd(base, start, len);
  if (p < len && load<u8>(base + <usize>p) == 0x22) {
    if (<i64>p > maxEnd) {
      c.fail("string too long", open);
      return -1;
    }
    c.plain = true;
    c.pos = p + 1;
    return p - start;
  }
  c.plain = false;
  let units = p - start;
  while (true) {
    if (<i64>p > maxEnd) {
      c.fail("string too long", open);
      return -1;
    }
    const b = c.byteAt(p);
    if (b < 0) {
      c.fail("unterminated string", open);
      return -1;
    }
    if (b == 0x22) break;
    if (b < 0x20) {
      c.fail("control character in string", p);
      return -1;
    }
    if (b < 0x80 && b != 0x5c) {
      p++;
      units++;
      continue;
    }
    if (b >= 0x80) {
      const n = utf8SequenceLength(c, p);
      if (n == 0) {
        c.fail("invalid UTF-8", p);
        return -1;
      }
      p += n;
      units += n == 4 ? 2 : 1;
      continue;
    }
    const step = escapeLength(c, p);
    if (step <= 0) return -1;
    units += step == 12 ? 2 : 1;
    p += step;
  }
  c.pos = p + 1;
  return units;
}

/** Bytes taken by the escape at `at` (2, 6, or 12 for a surrogate pair), or 0 with c.error set. */
function escapeLength(c: Cursor, at: i32): i32 {
  const e = c.byteAt(at + 1);
  if (e == 0x22 || e == 0x5c || e == 0x2f || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74) {
    return 2;
  }
  if (e != 0x75) {
    c.fail(e < 0 ? "unterminated string" : "invalid escape", at);
    return 0;
  }
  const u = hex4(c, at + 2);
  if (u < 0) {
    c.fail("invalid \\u escape", at);
    return 0;
  }
  if (u < 0xd800 || u > 0xdfff) return 6;
  if (u >= 0xdc00) {
    c.fail("lone surrogate in \\u escape", at);
    return 0;
  }
  const low = c.byteAt(at + 6) == 0x5c && c.byteAt(at + 7) == 0x75 ? hex4(c, at + 8) : -1;
  if (low < 0xdc00 || low > 0xdfff) {
    c.fail("lone surrogate in \\u escape", at);
    return 0;
  }
  return 12;
}

/**
 * The code point at p of a validated string span and the offset after it, packed as
 * (code point << 32) | next offset; escaped surrogate pairs give one code point. Reads stay inside
 * [p, end) even for a span that was never validated. No managed arguments, so it is cheap to call.
 */
export function nextCodePoint(base: usize, p: i32, end: i32): i64 {
  if (p >= end) return -1;
  const b = <i32>load<u8>(base + <usize>p);
  let cp = b;
  let n = 1;
  if (b == 0x5c) {
    const e = byteIn(base, p + 1, end);
    n = 2;
    if (e == 0x75) {
      cp = hexIn(base, p + 2, end);
      n = 6;
      if (cp >= 0xd800 && cp <= 0xdbff && byteIn(base, p + 6, end) == 0x5c) {
        const low = hexIn(base, p + 8, end);
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          n = 12;
        }
      }
    } else if (e == 0x62) cp = 0x08;
    else if (e == 0x66) cp = 0x0c;
    else if (e == 0x6e) cp = 0x0a;
    else if (e == 0x72) cp = 0x0d;
    else if (e == 0x74) cp = 0x09;
    else cp = e; // " \ /
  } else if (b >= 0xf0) {
    cp = ((b & 0x07) << 18) | ((byteIn(base, p + 1, end) & 0x3f) << 12) |
      ((byteIn(base, p + 2, end) & 0x3f) << 6) | (byteIn(base, p + 3, end) & 0x3f);
    n = 4;
  } else if (b >= 0xe0) {
    cp = ((b & 0x0f) << 12) | ((byteIn(base, p + 1, end) & 0x3f) << 6) | (byteIn(base, p + 2, end) & 0x3f);
    n = 3;
  } else if (b >= 0x80) {
    cp = ((b & 0x1f) << 6) | (byteIn(base, p + 1, end) & 0x3f);
    n = 2;
  }
  return (<i64>cp << 32) | <i64>min(p + n, end);
}

@inline function byteIn(base: usize, at: i32, end: i32): i32 {
  return at < end ? <i32>load<u8>(base + <usize>at) : 0;
}

function hexIn(base: usize, at: i32, end: i32): i32 {
  let v = 0;
  for (let i = 0; i < 4; i++) {
    const h = hexValue(byteIn(base, at + i, end));
    v = (v << 4) | (h < 0 ? 0 : h);
  }
  return v;
}

/**
 * The string of a validated span of a `size`-byte buffer: `units` UTF-16 units, copied directly
 * when the span is plain. A span outside the buffer gives "", and never more units than bytes.
 */
export function decodeSpan(base: usize, size: i32, start: i32, end: i32, units: i32, plain: bool): string {
  if (start < 0 || end > size || end <= start || units <= 0) return "";
  units = min(units, end - start);
  const out = changetype<string>(__new(<usize>units << 1, idof<string>()));
  const dst = changetype<usize>(out);
  if (plain) {
    const n = min(units, end - start);
    const src = base + <usize>start;
    for (let i = 0; i < n; i++) store<u16>(dst + (<usize>i << 1), load<u8>(src + <usize>i));
    return out;
  }
  let p = start;
  let w = 0;
  while (p < end && w < units) {
    const next = nextCodePoint(base, p, end);
    p = <i32>next;
    let cp = <i32>(next >> 32);
    if (cp >= 0x10000) {
      if (w + 1 >= units) break;
      cp -= 0x10000;
      store<u16>(dst + (<usize>w << 1), 0xd800 + (cp >> 10));
      store<u16>(dst + (<usize>(w + 1) << 1), 0xdc00 + (cp & 0x3ff));
      w += 2;
    } else {
      store<u16>(dst + (<usize>w << 1), cp);
      w++;
    }
  }
  return out;
}
