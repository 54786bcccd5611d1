// Member lookup and duplicate detection for objects. Small objects (the usual ID-token or JWK) are
// scanned linearly. Larger ones get an index of member positions sorted by name: a deterministic
// O(n log n) bound for both duplicate detection and lookup. A hash map would be faster on average,
// but its worst case is quadratic when an attacker picks names that collide under a fixed seed, and
// the pure core has no randomness to seed it with.

/** Objects with more members than this get a sorted index. */
export const LINEAR_SCAN_MAX: i32 = 16;

/** Ordinal comparison of UTF-16 code units: <0, 0 or >0. */
export function compareKeys(a: string, b: string): i32 {
  const la = a.length;
  const lb = b.length;
  const n = la < lb ? la : lb;
  const pa = changetype<usize>(a);
  const pb = changetype<usize>(b);
  for (let i = 0; i < n; i++) {
    const ca = <i32>load<u16>(pa + (<usize>i << 1));
    const cb = <i32>load<u16>(pb + (<usize>i << 1));
    if (ca != cb) return ca - cb;
  }
  return la - lb;
}

/** Indices 0..n-1 of names, sorted by name (stable bottom-up merge sort: no recursion). */
export function sortedOrder(names: Array<string>): StaticArray<i32> {
  const n = names.length;
  let src = new StaticArray<i32>(n);
  let dst = new StaticArray<i32>(n);
  for (let i = 0; i < n; i++) unchecked((src[i] = i));
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
        if (compareKeys(unchecked(names[b]), unchecked(names[a])) < 0) {
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

/** Whether two neighbours in the sorted order share a name. */
export function hasDuplicateInOrder(names: Array<string>, order: StaticArray<i32>): bool {
  const n = names.length;
  if (order.length != n) return false;
  for (let i = 1; i < n; i++) {
    const a = unchecked(order[i - 1]);
    const b = unchecked(order[i]);
    if (<u32>a >= <u32>n || <u32>b >= <u32>n) return false;
    if (unchecked(names[a]) == unchecked(names[b])) return true;
  }
  return false;
}

/** Whether key equals any of the first `count` names. */
export function containsKey(names: Array<string>, count: i32, key: string): bool {
  const n = min(count, names.length);
  for (let i = 0; i < n; i++) {
    if (unchecked(names[i]) == key) return true;
  }
  return false;
}

/** Position of key in names, using the sorted index when there is one; -1 when absent. */
export function findKey(names: Array<string>, order: StaticArray<i32> | null, key: string): i32 {
  if (order == null || order.length != names.length) {
    for (let i = 0; i < names.length; i++) {
      if (unchecked(names[i]) == key) return i;
    }
    return -1;
  }
  let lo = 0;
  let hi = order.length - 1;
  while (lo <= hi) {
    const mid = lo + ((hi - lo) >> 1);
    const at = unchecked(order[mid]);
    if (<u32>at >= <u32>names.length) return -1;
    const c = compareKeys(unchecked(names[at]), key);
    if (c == 0) return at;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
