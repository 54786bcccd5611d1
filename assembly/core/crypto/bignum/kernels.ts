// Montgomery multiplication and squaring in product-scanning (column-wise) form.
//
// For column k the kernels add every product a[i]·b[k−i] and m[i]·n[k−i] into one u64 accumulator
// (limbs.ts explains why it cannot overflow), pick m[k] so that the low w bits of the column vanish
// (that is the Montgomery step: m[k] = acc·(−n⁻¹) mod 2^w), and shift the column out. After 2L−1
// columns the accumulator holds (a·b + m·n) / R with R = 2^(wL), which is below 2n when a, b < n.
//
// The second factor and the modulus are read from reversed copies so that both pointers in every
// dot product move upward by one word: b[k−i] = bRev[L−1−k+i]. Profiling under V8 showed this inner
// loop at about 1.5 cycles per product; the squaring kernel needs only half of the a·a products.
//
// All pointers address buffers of at least L words owned by the caller (Montgomery in
// montgomery.ts); `out` must not alias any input.

// Σ x[i]·y[i] + z[i]·v[i] for i < count, added to acc. Two iterations per loop trip halve the
// loop overhead, which under V8 is as large as the arithmetic.
// @ts-ignore: decorator
@inline
function dot2(acc: u64, x: usize, y: usize, z: usize, v: usize, count: i32): u64 {
  const end2 = x + (<usize>(count & ~1) << 3);
  while (x < end2) {
    acc +=
      load<u64>(x) * load<u64>(y) + load<u64>(z) * load<u64>(v) +
      load<u64>(x, 8) * load<u64>(y, 8) + load<u64>(z, 8) * load<u64>(v, 8);
    x += 16;
    y += 16;
    z += 16;
    v += 16;
  }
  if (count & 1) acc += load<u64>(x) * load<u64>(y) + load<u64>(z) * load<u64>(v);
  return acc;
}

// Σ x[i]·y[i] for i < count.
// @ts-ignore: decorator
@inline
function dot1(x: usize, y: usize, count: i32): u64 {
  let acc: u64 = 0;
  const end2 = x + (<usize>(count & ~1) << 3);
  while (x < end2) {
    acc += load<u64>(x) * load<u64>(y) + load<u64>(x, 8) * load<u64>(y, 8);
    x += 16;
    y += 16;
  }
  if (count & 1) acc += load<u64>(x) * load<u64>(y);
  return acc;
}

/**
 * out := a·b·R⁻¹ (mod n), below 2n, for a, b < n. bRev holds b reversed, nRev the modulus reversed,
 * m is L words of scratch; n0 = −n⁻¹ mod 2^w.
 */
export function montMulKernel(
  out: usize, a: usize, bRev: usize, n: usize, nRev: usize, m: usize,
  count: i32, w: i32, n0: u64,
): void {
  const shift = <u64>w;
  const mask: u64 = (<u64>1 << shift) - 1;
  const last = <usize>(count - 1) << 3;
  const b0 = load<u64>(bRev + last);
  const nLow = load<u64>(n);
  let acc: u64 = 0;
  for (let k = 0; k < count; k++) {
    const off = <usize>(count - 1 - k) << 3;
    const kOff = <usize>k << 3;
    acc = dot2(acc, a, bRev + off, m, nRev + off, k);
    acc += load<u64>(a + kOff) * b0;
    const mk = (acc * n0) & mask;
    store<u64>(m + kOff, mk);
    acc = (acc + mk * nLow) >> shift;
  }
  for (let k = count; k < 2 * count - 1; k++) {
    const from = <usize>(k - count + 1) << 3;
    acc = dot2(acc, a + from, bRev, m + from, nRev, 2 * count - 1 - k);
    store<u64>(out + (<usize>(k - count) << 3), acc & mask);
    acc >>= shift;
  }
  store<u64>(out + last, acc);
}

/** out := a²·R⁻¹ (mod n), below 2n, for a < n; aRev holds a reversed. Same contract as above. */
export function montSqrKernel(
  out: usize, a: usize, aRev: usize, n: usize, nRev: usize, m: usize,
  count: i32, w: i32, n0: u64,
): void {
  const shift = <u64>w;
  const mask: u64 = (<u64>1 << shift) - 1;
  const last = <usize>(count - 1) << 3;
  const nLow = load<u64>(n);
  let acc: u64 = 0;
  for (let k = 0; k < count; k++) {
    const off = <usize>(count - 1 - k) << 3;
    // a[i]·a[k−i] for i < k−i appears twice in the column; the middle term a[k/2]² once.
    acc += dot1(a, aRev + off, (k + 1) >> 1) << 1;
    if ((k & 1) == 0) {
      const mid = load<u64>(a + (<usize>(k >> 1) << 3));
      acc += mid * mid;
    }
    acc += dot1(m, nRev + off, k);
    const kOff = <usize>k << 3;
    const mk = (acc * n0) & mask;
    store<u64>(m + kOff, mk);
    acc = (acc + mk * nLow) >> shift;
  }
  for (let k = count; k < 2 * count - 1; k++) {
    const first = k - count + 1;
    const from = <usize>first << 3;
    acc += dot1(a + from, aRev, ((k + 1) >> 1) - first) << 1;
    if ((k & 1) == 0) {
      const mid = load<u64>(a + (<usize>(k >> 1) << 3));
      acc += mid * mid;
    }
    acc += dot1(m + from, nRev, 2 * count - 1 - k);
    store<u64>(out + (<usize>(k - count) << 3), acc & mask);
    acc >>= shift;
  }
  store<u64>(out + last, acc);
}
