// Width-w non-adjacent form of a scalar: signed odd digits |d| < 2^(w-1), at least w-1 zeros after
// each nonzero digit. A scalar multiplication then costs one doubling per bit and one addition per
// nonzero digit (about bits / (w + 1)), with a table of only the odd multiples 1P, 3P, ...

/** Bytes to reserve for the digits of a scalar of `limbs` u32 limbs with window `w`. */
export function wnafLength(limbs: i32, w: i32): i32 {
  return (limbs << 5) + w + 1;
}

/**
 * Writes the width-w NAF digits of the little-endian scalar at k (least significant digit first, one
 * i8 each) to `digits`, which must hold wnafLength(limbs, w) bytes. Returns the number of digits up
 * to the highest nonzero one (0 for a zero scalar). 2 <= w <= 8.
 */
export function wnaf(digits: usize, k: usize, limbs: i32, w: i32): i32 {
  const bits = limbs << 5;
  memory.fill(digits, 0, <usize>wnafLength(limbs, w));
  let carry: i32 = 0;
  let top: i32 = 0;
  let i: i32 = 0;
  // Invariant: the part of k not yet written as digits equals (k >> i) + carry.
  while (i < bits) {
    if (bitAt(k, limbs, i) == carry) {
      i++; // (k >> i) + carry is even here: the digit is 0 and the carry moves up unchanged
      continue;
    }
    let word = windowAt(k, limbs, i, w) + carry;
    carry = (word >> (w - 1)) & 1;
    word -= carry << w;
    store<i8>(digits + <usize>i, <i8>word);
    top = i + 1;
    i += w;
  }
  if (carry != 0) {
    store<i8>(digits + <usize>i, 1);
    top = i + 1;
  }
  return top;
}

function bitAt(k: usize, limbs: i32, i: i32): i32 {
  const li = i >> 5;
  if (li >= limbs) return 0;
  return <i32>((load<u32>(k + (<usize>li << 2)) >>> (i & 31)) & 1);
}

/** The w bits of k starting at bit i; bits past the top of k read as zero. */
function windowAt(k: usize, limbs: i32, i: i32, w: i32): i32 {
  const li = i >> 5;
  const off = i & 31;
  let v: u32 = li < limbs ? load<u32>(k + (<usize>li << 2)) >>> off : 0;
  if (off + w > 32 && li + 1 < limbs) v |= load<u32>(k + (<usize>(li + 1) << 2)) << (32 - off);
  return <i32>(v & ((1 << w) - 1));
}
