// Montgomery multiplication and squaring in product-scanning (column-wise) form.
//
// For column k the kernels add every product a[i]·b[k−i] and m[i]·n[k−i] into one u64 accumulator
// (limbs.ts explains why it cannot overflow), pick m[k] so that the low w bits of the column vanish
// (that is the Montgomery step: m[k] = acc·(−n⁻¹) mod 2^w), and shift the column out. After 2L−1
// columns the accumulator holds (a·b + m·n) / R with R = 2^(wL), which is below 2n when a, b < n.
//
// The second factor and the modulus are read from reversed copies so that both pointers in every
// dot product move upward by one word: b[k−i] = bRev[L−1−k+i]. The squaring kernel needs only half
// of the a·a products.
//
// Measured under Node 20's V8 (TurboFan, as Envoy runs it with Liftoff off): the inner loop compiles
// to two loads, one imul and one add per product. A 2048-bit RSA exponentiation is ~153,000 products
// and took ~64 µs on a 2.3 GHz Xeon: about one product per cycle, the throughput of the x64 64-bit
// multiplier. So the cost is the product count: 1.5·L² per squaring, 2·L² per multiplication.
// Variants tried and dropped:
// two columns per pass (one load per product instead of two: 2% faster, not worth the code),
// 30-bit limbs with a folded two-word accumulator (13% fewer products, but V8 spilled the second
// word to the stack and it ran 20% slower), unrolling by 8, and zero-padded buffers that let loops
// overrun instead of finishing with a remainder loop (both slower or no better).
//
// All pointers address buffers of at least L words owned by the caller (Montgomery in
// montgomery.ts); `out` must not alias any input.

// Σ x[i]·y[i] + z[i]·v[i] for i < count, added to acc. Four iterations per loop trip amortize the
// pointer updates and the loop test (a few percent faster than two).
// @ts-ignore: decorator
@inline
function dot2(acc: u64, x: usize, y: usize, z: usize, v: usize, count: i32): u64 {
  const end4 = x + (<usize>(count & ~3) << 3);
  while (x < end4) {
    acc +=
      load<u64>(x) * load<u64>(y) + load<u64>(z) * load<u64>(v) +
      load<u64>(x, 8) * load<u64>(y, 8) + load<u64>(z, 8) * load<u64>(v, 8) +
      load<u64>(x, 16) * load<u64>(y, 16) + load<u64>(z, 16) * load<u64>(v, 16) +
      load<u64>(x, 24) * load<u64>(y, 24) + load<u64>(z, 24) * load<u64>(v, 24);
    x += 32;
    y += 32;
    z += 32;
    v += 32;
  }
  const end = x + (<usize>(count & 3) << 3);
  while (x < end) {
    acc += load<u64>(x) * load<u64>(y) + load<u64>(z) * load<u64>(v);
    x += 8;
    y += 8;
    z += 8;
    v += 8;
  }
  return acc;
}

// Σ x[i]·y[i] for i < count.
// @ts-ignore: decorator
@inline
function dot1(x: usize, y: usize, count: i32): u64 {
  let acc: u64 = 0;
  const end4 = x + (<usize>(count & ~3) << 3);
  while (x < end4) {
    acc +=
      load<u64>(x) * load<u64>(y) + load<u64>(x, 8) * load<u64>(y, 8) +
      load<u64>(x, 16) * load<u64>(y, 16) + load<u64>(x, 24) * load<u64>(y, 24);
    x += 32;
    y += 32;
  }
  const end = x + (<usize>(count & 3) << 3);
  while (x < end) {
    acc += load<u64>(x) * load<u64>(y);
    x += 8;
    y += 8;
  }
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
