// Comparisons whose running time does not depend on where secret bytes differ. A MAC or tag check
// that returns at the first mismatching byte lets an attacker learn a valid tag one byte at a time.

/**
 * True when a and b hold the same bytes. Lengths are public (a tag's length is fixed by the
 * algorithm), so a length mismatch returns false at once; the content is always read to the end.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): bool {
  const n = a.length;
  if (n != b.length) return false;
  const pa = a.dataStart;
  const pb = b.dataStart;
  let diff: u32 = 0;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const x = load<u64>(pa + <usize>i) ^ load<u64>(pb + <usize>i);
    diff |= <u32>x | <u32>(x >>> 32);
  }
  for (; i < n; i++) {
    diff |= <u32>(load<u8>(pa + <usize>i) ^ load<u8>(pb + <usize>i));
  }
  return diff == 0;
}

/** True when every byte of b is zero, read to the end (e.g. an all-zero shared secret). */
export function constantTimeIsZero(b: Uint8Array): bool {
  const p = b.dataStart;
  const n = b.length;
  let acc: u32 = 0;
  for (let i = 0; i < n; i++) acc |= <u32>load<u8>(p + <usize>i);
  return acc == 0;
}
