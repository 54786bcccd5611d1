// Member names: equality, ordering and lookup over name spans on the tape, without building strings.
// Each name entry carries a 24-bit hash of its code points (tape.ts), so most comparisons are one
// integer compare. Small objects (the usual ID-token or JWK) are scanned linearly. Larger ones get
// an index of their name entries sorted by (hash, length, code points): a deterministic O(n log n)
// bound for both duplicate detection and lookup, whatever names an attacker picks. (A hash table
// would be quadratic when names collide under a fixed seed, and the pure core has no randomness.)
// Names compare after unescaping, so "\u0069ss" and "iss" are the same name.
import { nextCodePoint } from "./string";
import { FLAG_PLAIN } from "./tape";

/**
 * Objects with more members than this get a sorted index. With the hash in each entry a linear
 * scan costs one integer compare per member, so this covers a whole ID-token payload.
 */
export const LINEAR_SCAN_MAX: i32 = 32;

const FNV_OFFSET: u32 = 0x811c9dc5;
const FNV_PRIME: u32 = 0x01000193;

/** Word k of entry e of the tape at `tape` (entries of 16 bytes); the caller checks e. */
@inline function word(tape: usize, e: i32, k: i32): i32 {
  return load<i32>(tape + (<usize>e << 4) + (<usize>k << 2));
}

@inline function fold(h: u32): i32 {
  return <i32>((h ^ (h >> 24)) & 0xffffff);
}

/** The 24-bit hash of a validated name span, over its code points. */
export function nameHash(base: usize, start: i32, end: i32, plain: bool): i32 {
  let h = FNV_OFFSET;
  if (plain) {
    for (let p = start; p < end; p++) h = (h ^ <u32>load<u8>(base + <usize>p)) * FNV_PRIME;
    return fold(h);
  }
  let p = start;
  while (p < end) {
    const next = nextCodePoint(base, p, end);
    p = <i32>next;
    h = (h ^ <u32>(next >> 32)) * FNV_PRIME;
  }
  return fold(h);
}

/** The code point of key at i (pairs joined; a lone surrogate stands for itself) and its width. */
@inline function keyCodePoint(key: usize, n: i32, i: i32): i64 {
  const u = <i32>load<u16>(key + (<usize>i << 1));
  if (u >= 0xd800 && u <= 0xdbff && i + 1 < n) {
    const v = <i32>load<u16>(key + (<usize>(i + 1) << 1));
    if (v >= 0xdc00 && v <= 0xdfff) return (<i64>(0x10000 + ((u - 0xd800) << 10) + (v - 0xdc00)) << 32) | 2;
  }
  return (<i64>u << 32) | 1;
}

/** The same hash for a key given as a string. */
export function keyHash(key: string): i32 {
  const k = changetype<usize>(key);
  const n = key.length;
  let h = FNV_OFFSET;
  let i = 0;
  while (i < n) {
    const cp = keyCodePoint(k, n, i);
    i += <i32>(cp & 0xffffffff);
    h = (h ^ <u32>(cp >> 32)) * FNV_PRIME;
  }
  return fold(h);
}

/** Order of the names at entries a and b: by hash, UTF-16 length, then code points. */
export function compareNames(base: usize, tape: usize, a: i32, b: i32): i32 {
  const ha = word(tape, a, 0);
  const hb = word(tape, b, 0);
  const d = (ha >>> 8) - (hb >>> 8);
  if (d != 0) return d;
  const lengths = word(tape, a, 3) - word(tape, b, 3);
  if (lengths != 0) return lengths;
  let pa = word(tape, a, 1);
  let pb = word(tape, b, 1);
  const ea = word(tape, a, 2);
  const eb = word(tape, b, 2);
  if ((ha & hb & FLAG_PLAIN) != 0 && ea - pa == eb - pb && ea >= pa) {
    return memory.compare(base + <usize>pa, base + <usize>pb, <usize>(ea - pa));
  }
  while (pa < ea && pb < eb) {
    const x = nextCodePoint(base, pa, ea);
    const y = nextCodePoint(base, pb, eb);
    const cx = <i32>(x >> 32);
    const cy = <i32>(y >> 32);
    if (cx != cy) return cx - cy;
    pa = <i32>x;
    pb = <i32>y;
  }
  return (pa < ea ? 1 : 0) - (pb < eb ? 1 : 0);
}

/** Order of the name at entry e against key (whose keyHash is `hash`), as compareNames orders. */
export function compareNameToKey(base: usize, tape: usize, e: i32, hash: i32, key: string): i32 {
  const head = word(tape, e, 0);
  const d = (head >>> 8) - hash;
  if (d != 0) return d;
  const n = key.length;
  const lengths = word(tape, e, 3) - n;
  if (lengths != 0) return lengths;
  let p = word(tape, e, 1);
  const end = word(tape, e, 2);
  const k = changetype<usize>(key);
  let i = 0;
  while (p < end && i < n) {
    const x = nextCodePoint(base, p, end);
    const y = keyCodePoint(k, n, i);
    const cx = <i32>(x >> 32);
    const cy = <i32>(y >> 32);
    if (cx != cy) return cx - cy;
    p = <i32>x;
    i += <i32>(y & 0xffffffff);
  }
  return (p < end ? 1 : 0) - (i < n ? 1 : 0);
}

/** Name entries sorted by compareNames (stable bottom-up merge sort: no recursion). */
export function sortNames(base: usize, tape: usize, entries: StaticArray<i32>): StaticArray<i32> {
  const n = entries.length;
  let src = entries;
  let dst = new StaticArray<i32>(n);
  for (let width = 1; width < n; width <<= 1) {
    for (let lo = 0; lo < n; lo += width << 1) {
      const mid = min(lo + width, n);
      const hi = min(lo + (width << 1), n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        const a = unchecked(src[i]);
        const b = unchecked(src[j]);
        if (compareNames(base, tape, b, a) < 0) {
          unchecked((dst[k++] = b));
          j++;
        } else {
          unchecked((dst[k++] = a));
          i++;
        }
      }
      while (i < mid) unchecked((dst[k++] = src[i++]));
      while (j < hi) unchecked((dst[k++] = src[j++]));
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/** Of two equal neighbours in a sorted list of name entries, the later in the source; else -1. */
export function laterDuplicate(base: usize, tape: usize, sorted: StaticArray<i32>): i32 {
  for (let i = 1; i < sorted.length; i++) {
    const a = unchecked(sorted[i - 1]);
    const b = unchecked(sorted[i]);
    if (compareNames(base, tape, a, b) == 0) return max(a, b);
  }
  return -1;
}

/** The name entry equal to key in a sorted list, or -1. */
export function searchNames(base: usize, tape: usize, sorted: StaticArray<i32>, key: string): i32 {
  const hash = keyHash(key);
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = lo + ((hi - lo) >> 1);
    const e = unchecked(sorted[mid]);
    const c = compareNameToKey(base, tape, e, hash, key);
    if (c == 0) return e;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
