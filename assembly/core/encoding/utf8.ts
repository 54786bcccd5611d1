// UTF-8 (RFC 3629). JWT segments, JSON from the IdP and cookie values arrive as bytes; a string we
// build from them must be exactly what the bytes say. The validator follows the grammar of RFC 3629
// §4, so overlong forms, UTF-16 surrogates (U+D800..U+DFFF), code points above U+10FFFF and
// truncated sequences are all rejected: each is a known way to smuggle a second spelling of "/" or
// a quote past a check that looked at the decoded text.

/** The longest valid prefix: index of the first byte of the first invalid sequence, or `end` if none. */
function validPrefixEnd(p: usize, start: i32, end: i32): i32 {
  let i = start;
  while (i < end) {
    // ASCII fast path, eight bytes at a time: most of what we read is ASCII.
    if (i + 8 <= end && (load<u64>(p + <usize>i) & 0x8080808080808080) == 0) {
      i += 8;
      continue;
    }
    const c0 = <u32>load<u8>(p + <usize>i);
    if (c0 < 0x80) {
      i++;
      continue;
    }
    // RFC 3629 §4: the lead byte fixes the length and the allowed range of the second byte.
    let need = 0;
    let lo: u32 = 0x80;
    let hi: u32 = 0xbf;
    if (c0 >= 0xc2 && c0 <= 0xdf) {
      need = 1;
    } else if (c0 >= 0xe0 && c0 <= 0xef) {
      need = 2;
      if (c0 == 0xe0) lo = 0xa0; // below: overlong
      else if (c0 == 0xed) hi = 0x9f; // above: surrogates
    } else if (c0 >= 0xf0 && c0 <= 0xf4) {
      need = 3;
      if (c0 == 0xf0) lo = 0x90; // below: overlong
      else if (c0 == 0xf4) hi = 0x8f; // above: beyond U+10FFFF
    } else {
      return i; // 0x80..0xC1 (continuation or overlong lead) and 0xF5..0xFF never start a character
    }
    if (end - i <= need) return i; // truncated
    const c1 = <u32>load<u8>(p + <usize>i, 1);
    if (c1 < lo || c1 > hi) return i;
    for (let k = 2; k <= need; k++) {
      const ck = <u32>load<u8>(p + <usize>(i + k));
      if ((ck & 0xc0) != 0x80) return i;
    }
    i += need + 1;
  }
  return end;
}

/** True when b is well-formed UTF-8 (RFC 3629). */
export function isValidUtf8(b: Uint8Array): bool {
  return validPrefixEnd(b.dataStart, 0, b.length) == b.length;
}

/** The text of b, or null when b is not well-formed UTF-8. */
export function utf8Decode(b: Uint8Array): string | null {
  return utf8DecodeRange(b, 0, b.length);
}

/** The text of b[start, end), or null when the range is out of bounds or not well-formed UTF-8. */
export function utf8DecodeRange(b: Uint8Array, start: i32, end: i32): string | null {
  if (start < 0 || end < start || end > b.length) return null;
  const p = b.dataStart;
  if (validPrefixEnd(p, start, end) != end) return null;
  return String.UTF8.decodeUnsafe(p + <usize>start, <usize>(end - start));
}

/**
 * UTF-8 of s. An unpaired surrogate in s (possible in a UTF-16 string, never in UTF-8) becomes
 * U+FFFD, as TextEncoder and Buffer do, so the output is always valid UTF-8.
 */
export function utf8Encode(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s, false, String.UTF8.ErrorMode.REPLACE));
}
