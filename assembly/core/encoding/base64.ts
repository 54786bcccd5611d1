// Base64 (RFC 4648 §4) and base64url (RFC 4648 §5; RFC 7515 §2 "Base64url Encoding" drops the padding).
// Decoders are strict and never trap: a cookie or a JWS segment is attacker input, and two spellings of
// the same bytes (bad padding, non-zero unused bits, RFC 4648 §3.5) would let a token or a sealed
// cookie be re-encoded without changing what it means. Every rejection is a `null`.

const STANDARD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const PAD: u32 = 0x3d; // '='

// Decoding: 6-bit value of each ASCII character. The two characters that differ between the alphabets
// carry a flag (STANDARD_ONLY for '+' '/', URL_ONLY for '-' '_'); 0xff (both flags) marks a character
// of neither alphabet, so one flag test rejects both garbage and the wrong alphabet.
const STANDARD_ONLY: u32 = 0x40;
const URL_ONLY: u32 = 0x80;
const INVALID: u32 = 0xff;
const DECODE: StaticArray<u8> = [
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7e, 0xff, 0xbe, 0xff, 0x7f,
  0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  0xff, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
  0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0xff, 0xff, 0xff, 0xff, 0xbf,
  0xff, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28,
  0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0xff, 0xff, 0xff, 0xff, 0xff,
];

/** Which alphabet a decoder accepts. ANY means either one, but never both in the same input. */
const enum Alphabet {
  STANDARD,
  URL,
  ANY,
}

/** What a decoder does with trailing '=': demand it to a multiple of 4, refuse it, or take either. */
const enum Padding {
  REQUIRED,
  FORBIDDEN,
  OPTIONAL,
}

/** Length of the encoding of `n` bytes. */
function encodedLength(n: i32, pad: bool): i32 {
  const full = (n / 3) * 4;
  const rem = n % 3;
  if (rem == 0) return full;
  return full + (pad ? 4 : rem + 1);
}

// Reads character i of the input: T is u8 for byte input, u16 for an AssemblyScript (UTF-16) string.
// @ts-ignore: decorator
@inline function charAt<T>(ptr: usize, i: i32): u32 {
  return <u32>load<T>(ptr + (<usize>i << alignof<T>()));
}

// @ts-ignore: decorator
@inline function lookup(c: u32): u32 {
  return c < 128 ? <u32>load<u8>(changetype<usize>(DECODE) + <usize>c) : INVALID;
}

/** Writes the encoding of n bytes at src as characters of type T at dst. */
function encodeInto<T>(src: usize, n: i32, alphabet: string, pad: bool, dst: usize): void {
  const a = changetype<usize>(alphabet);
  let i = 0;
  let o: usize = dst;
  const step: usize = sizeof<T>();
  for (; i + 3 <= n; i += 3) {
    const v = (<u32>load<u8>(src + <usize>i) << 16) | (<u32>load<u8>(src + <usize>i, 1) << 8) | <u32>load<u8>(src + <usize>i, 2);
    store<T>(o, <T>load<u16>(a + (<usize>(v >> 18) << 1)));
    store<T>(o + step, <T>load<u16>(a + (<usize>((v >> 12) & 63) << 1)));
    store<T>(o + 2 * step, <T>load<u16>(a + (<usize>((v >> 6) & 63) << 1)));
    store<T>(o + 3 * step, <T>load<u16>(a + (<usize>(v & 63) << 1)));
    o += 4 * step;
  }
  const rem = n - i;
  if (rem == 0) return;
  let v = <u32>load<u8>(src + <usize>i) << 16;
  if (rem == 2) v |= <u32>load<u8>(src + <usize>i, 1) << 8;
  store<T>(o, <T>load<u16>(a + (<usize>(v >> 18) << 1)));
  store<T>(o + step, <T>load<u16>(a + (<usize>((v >> 12) & 63) << 1)));
  if (rem == 2) store<T>(o + 2 * step, <T>load<u16>(a + (<usize>((v >> 6) & 63) << 1)));
  else if (pad) store<T>(o + 2 * step, <T>PAD);
  if (pad) store<T>(o + 3 * step, <T>PAD);
}

function encodeToString(b: Uint8Array, alphabet: string, pad: bool): string {
  const len = encodedLength(b.length, pad);
  const out = changetype<string>(__new(<usize>len << 1, idof<string>()));
  encodeInto<u16>(b.dataStart, b.length, alphabet, pad, changetype<usize>(out));
  return out;
}

/**
 * Decodes `len` characters (of type T) at ptr, or returns null. All checks happen before any byte is
 * written, and every read is inside [ptr, ptr + len).
 */
function decodeCore<T>(ptr: usize, len: i32, alphabet: Alphabet, padding: Padding): Uint8Array | null {
  if (len < 0) return null;
  let dataLen = len;
  if (len > 0 && charAt<T>(ptr, len - 1) == PAD) {
    if (padding == Padding.FORBIDDEN || (len & 3) != 0) return null;
    dataLen--;
    if (charAt<T>(ptr, len - 2) == PAD) dataLen--;
  } else if (padding == Padding.REQUIRED && (len & 3) != 0) {
    return null;
  }
  const rem = dataLen & 3;
  if (rem == 1) return null; // one character carries only 6 bits: never a whole byte
  const outLen = (dataLen >> 2) * 3 + (rem == 0 ? 0 : rem - 1);
  const out = new Uint8Array(outLen);
  const o = out.dataStart;
  let flags: u32 = 0;
  let i = 0;
  let j: usize = 0;
  const whole = dataLen - rem;
  for (; i < whole; i += 4) {
    const a = lookup(charAt<T>(ptr, i));
    const b = lookup(charAt<T>(ptr, i + 1));
    const c = lookup(charAt<T>(ptr, i + 2));
    const d = lookup(charAt<T>(ptr, i + 3));
    flags |= a | b | c | d;
    const v = ((a & 63) << 18) | ((b & 63) << 12) | ((c & 63) << 6) | (d & 63);
    store<u8>(o + j, <u8>(v >> 16));
    store<u8>(o + j, <u8>(v >> 8), 1);
    store<u8>(o + j, <u8>v, 2);
    j += 3;
  }
  if (rem >= 2) {
    const a = lookup(charAt<T>(ptr, i));
    const b = lookup(charAt<T>(ptr, i + 1));
    flags |= a | b;
    store<u8>(o + j, <u8>(((a & 63) << 2) | ((b & 63) >> 4)));
    if (rem == 2) {
      if ((b & 0x0f) != 0) return null; // RFC 4648 §3.5: unused bits must be zero
    } else {
      const c = lookup(charAt<T>(ptr, i + 2));
      flags |= c;
      store<u8>(o + j, <u8>(((b & 15) << 4) | ((c & 63) >> 2)), 1);
      if ((c & 0x03) != 0) return null;
    }
  }
  flags &= STANDARD_ONLY | URL_ONLY;
  if (alphabet == Alphabet.STANDARD && (flags & URL_ONLY) != 0) return null;
  if (alphabet == Alphabet.URL && (flags & STANDARD_ONLY) != 0) return null;
  if (flags == (STANDARD_ONLY | URL_ONLY)) return null; // garbage, or both alphabets mixed
  return out;
}

/** Standard base64 with '=' padding (RFC 4648 §4). */
export function base64Encode(b: Uint8Array): string {
  return encodeToString(b, STANDARD_ALPHABET, true);
}

/** base64url without padding (RFC 7515 §2). */
export function base64UrlEncode(b: Uint8Array): string {
  return encodeToString(b, URL_ALPHABET, false);
}

/** base64url without padding, as ASCII bytes (for building a JWS signing input without a string). */
export function base64UrlEncodeToBytes(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(encodedLength(b.length, false));
  encodeInto<u8>(b.dataStart, b.length, URL_ALPHABET, false, out.dataStart);
  return out;
}

/** Standard base64; padding required and canonical. Null on any deviation. */
export function base64Decode(s: string): Uint8Array | null {
  return decodeCore<u16>(changetype<usize>(s), s.length, Alphabet.STANDARD, Padding.REQUIRED);
}

/** base64url with no padding (RFC 7515 §2). Null on any deviation, '=' included. */
export function base64UrlDecode(s: string): Uint8Array | null {
  return decodeCore<u16>(changetype<usize>(s), s.length, Alphabet.URL, Padding.FORBIDDEN);
}

/** base64url of the ASCII bytes b[start, end), e.g. one segment of a compact JWS. Null when the range is out of bounds. */
export function base64UrlDecodeBytes(b: Uint8Array, start: i32, end: i32): Uint8Array | null {
  if (start < 0 || end < start || end > b.length) return null;
  return decodeCore<u8>(b.dataStart + <usize>start, end - start, Alphabet.URL, Padding.FORBIDDEN);
}

/**
 * Either alphabet, padded or not (for operator-supplied secrets written by whatever tool was at hand).
 * Still strict: one alphabet per input, padding complete if present, unused bits zero.
 */
export function base64AnyDecode(s: string): Uint8Array | null {
  return decodeCore<u16>(changetype<usize>(s), s.length, Alphabet.ANY, Padding.OPTIONAL);
}
