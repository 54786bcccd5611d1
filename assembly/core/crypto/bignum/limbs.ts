// Fixed-size unsigned integers as little-endian arrays of w-bit limbs, one limb per u64 word.
//
// Why w = 27 or 28 and not 32: WebAssembly has a 64-bit multiply but no 64×64→128 one, so the
// widest product we get in one instruction is 32×32→64. With full 32-bit limbs every product must be
// split into a low and a high half at once, which costs more instructions than the multiply itself.
// With w-bit limbs a product is below 2^(2w), and a whole column of the Montgomery product (at most
// 2·L products plus the carry from the previous column) still fits in a u64 accumulator, so the inner
// loop is just load, load, multiply, add. The bound 2·L·2^(2w) < 2^64 allows w = 28 up to L = 127
// limbs (moduli up to 3555 bits) and w = 27 up to L = 255 (far beyond MAX_MODULUS_BITS).
//
// Functions here take raw pointers to limb buffers (StaticArray<u64> data) that the caller sized to
// `count` words; they never index outside [0, count).

/** Largest modulus this code accepts; the column bound above is proven for it. */
export const MAX_MODULUS_BITS: i32 = 4096;

/** Limb width for a modulus of `bits` bits: 28 while the column bound allows it, else 27. */
export function limbBitsFor(bits: i32): i32 {
  return limbCountFor(bits, 28) <= 127 ? 28 : 27;
}

/**
 * Limbs needed so that w·L ≥ bits + 1: a Montgomery product is below 2n before its final
 * subtraction, so the buffer must hold one bit more than the modulus.
 */
export function limbCountFor(bits: i32, w: i32): i32 {
  return (bits + 1 + w - 1) / w;
}

/** Bit length of a big-endian unsigned integer; leading zero bytes do not count. 0 for zero. */
export function bitLengthOfBytes(bytes: Uint8Array): i32 {
  const len = bytes.length;
  for (let i = 0; i < len; i++) {
    const b = <u32>unchecked(bytes[i]);
    if (b != 0) return (len - i - 1) * 8 + (32 - clz<u32>(b));
  }
  return 0;
}

/**
 * Reads a big-endian unsigned integer into `count` limbs at `dst`. Returns false (dst unspecified)
 * when the value needs more than count·w bits. Any input length is accepted: leading zeros are free.
 */
export function bytesToLimbs(src: Uint8Array, dst: usize, count: i32, w: i32): bool {
  if (bitLengthOfBytes(src) > count * w) return false;
  const mask: u64 = (<u64>1 << <u64>w) - 1;
  let acc: u64 = 0;
  let accBits: i32 = 0;
  let limb: i32 = 0;
  for (let i = src.length - 1; i >= 0 && limb < count; i--) {
    acc |= <u64>unchecked(src[i]) << <u64>accBits;
    accBits += 8;
    if (accBits >= w) {
      store<u64>(dst + (<usize>limb << 3), acc & mask);
      limb++;
      acc >>= <u64>w;
      accBits -= w;
    }
  }
  // The bit-length check guarantees that whatever remains in acc belongs to a limb below count.
  if (limb < count) {
    store<u64>(dst + (<usize>limb << 3), acc);
    limb++;
  }
  for (; limb < count; limb++) store<u64>(dst + (<usize>limb << 3), 0);
  return true;
}

/**
 * Writes the value of `count` limbs at `src` big-endian into all of `out`, dropping bits that do not
 * fit. Callers pass values known to fit (below the modulus, and out sized to the modulus).
 */
export function limbsToBytes(src: usize, count: i32, w: i32, out: Uint8Array): void {
  let acc: u64 = 0;
  let accBits: i32 = 0;
  let limb: i32 = 0;
  for (let i = out.length - 1; i >= 0; i--) {
    if (accBits < 8 && limb < count) {
      acc |= load<u64>(src + (<usize>limb << 3)) << <u64>accBits;
      accBits += w;
      limb++;
    }
    unchecked((out[i] = <u8>acc));
    acc >>= 8;
    accBits -= 8;
  }
}

/** -1, 0 or 1 as a is below, equal to or above b (both `count` normalized limbs). */
export function compareLimbs(a: usize, b: usize, count: i32): i32 {
  for (let i = count - 1; i >= 0; i--) {
    const off = <usize>i << 3;
    const x = load<u64>(a + off);
    const y = load<u64>(b + off);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * x := x − n when x ≥ n. Brings a Montgomery product (below 2n) or a doubled value back below n.
 * Timing depends on the value; this code only ever handles public values (signatures, keys).
 */
export function reduceOnce(x: usize, n: usize, count: i32, w: i32): void {
  if (compareLimbs(x, n, count) < 0) return;
  const mask: u64 = (<u64>1 << <u64>w) - 1;
  let borrow: u64 = 0;
  for (let i = 0; i < count; i++) {
    const off = <usize>i << 3;
    // Limbs are below 2^28, so the wrapped difference has its top bit set exactly on a borrow.
    const d = load<u64>(x + off) - load<u64>(n + off) - borrow;
    borrow = d >> 63;
    store<u64>(x + off, d & mask);
  }
}

/** x := 2x mod n for x < n (used once per key to find R mod n and R² mod n). */
export function doubleMod(x: usize, n: usize, count: i32, w: i32): void {
  const mask: u64 = (<u64>1 << <u64>w) - 1;
  let carry: u64 = 0;
  for (let i = 0; i < count; i++) {
    const off = <usize>i << 3;
    const v = (load<u64>(x + off) << 1) | carry;
    carry = v >> <u64>w;
    store<u64>(x + off, v & mask);
  }
  // 2x < 2n fits in count limbs because w·count ≥ bits + 1, so carry is zero here.
  reduceOnce(x, n, count, w);
}

/** Copies `count` limbs at src to dst in reverse order, so that column sums can walk both upward. */
export function reverseLimbs(dst: usize, src: usize, count: i32): void {
  const last = <usize>(count - 1) << 3;
  for (let i = 0; i < count; i++) {
    const off = <usize>i << 3;
    store<u64>(dst + last - off, load<u64>(src + off));
  }
}

/** −n⁻¹ mod 2^w for odd n, by Newton's iteration (each step doubles the correct low bits). */
export function negInverseLimb(n0: u64, w: i32): u64 {
  let inv: u64 = n0; // correct to 3 bits for any odd n0
  for (let i = 0; i < 5; i++) inv *= 2 - n0 * inv;
  return (0 - inv) & ((<u64>1 << <u64>w) - 1);
}
