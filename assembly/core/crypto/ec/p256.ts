// GENERATED unrolled arithmetic modulo p256 (32-bit limbs, little-endian, values kept in [0, p)), written
// by a small generator script rather than by hand; tests/unit/crypto/ec_field.spec.ts checks it against
// exact integer arithmetic. Products are summed by column in two 64-bit accumulators (low and high
// halves of each partial product) so no column can overflow; this is the hot loop of verification.

// @ts-ignore: decorator
@inline const MASK: i64 = 0xffffffff;

// Folds a 16-word product (each word < 2^32) to the canonical residue and stores it at o.
// FIPS 186-4 D.1.2.3: p = 2^256 - 2^224 + 2^192 + 2^96 - 1, so 2^256 = 2^224 - 2^192 - 2^96 + 1 (mod p); the high words fold down with signed
// word coefficients, then the small top carry folds again until none is left.
// @ts-ignore: decorator
@inline function p256Reduce(o: usize, t0: i64, t1: i64, t2: i64, t3: i64, t4: i64, t5: i64, t6: i64, t7: i64, t8: i64, t9: i64, t10: i64, t11: i64, t12: i64, t13: i64, t14: i64, t15: i64): void {
  let r0: i64 = t0 + t8 + t9 - t11 - t12 - t13 - t14;
  let r1: i64 = t1 + t9 + t10 - t12 - t13 - t14 - t15;
  let r2: i64 = t2 + t10 + t11 - t13 - t14 - t15;
  let r3: i64 = t3 - t8 - t9 + t11 * 2 + t12 * 2 + t13 - t15;
  let r4: i64 = t4 - t9 - t10 + t12 * 2 + t13 * 2 + t14;
  let r5: i64 = t5 - t10 - t11 + t13 * 2 + t14 * 2 + t15;
  let r6: i64 = t6 - t8 - t9 + t13 + t14 * 3 + t15 * 2;
  let r7: i64 = t7 + t8 - t10 - t11 - t12 - t13 + t15 * 3;
  let c: i64 = 0;
  do {
    r0 += c;
    r3 -= c;
    r6 -= c;
    r7 += c;
    c = r0 >> 32; r0 &= MASK;
    r1 += c; c = r1 >> 32; r1 &= MASK;
    r2 += c; c = r2 >> 32; r2 &= MASK;
    r3 += c; c = r3 >> 32; r3 &= MASK;
    r4 += c; c = r4 >> 32; r4 &= MASK;
    r5 += c; c = r5 >> 32; r5 &= MASK;
    r6 += c; c = r6 >> 32; r6 &= MASK;
    r7 += c; c = r7 >> 32; r7 &= MASK;
  } while (c != 0);
  // r < 2^256; subtract p once or twice when r >= p (the carry out of r + 2^256 - p says so).
  for (let pass = 0; pass < 2; pass++) {
    const s0: i64 = r0 + 0x1;
    const s1: i64 = r1 + 0 + (s0 >>> 32);
    const s2: i64 = r2 + 0 + (s1 >>> 32);
    const s3: i64 = r3 + 0xffffffff + (s2 >>> 32);
    const s4: i64 = r4 + 0xffffffff + (s3 >>> 32);
    const s5: i64 = r5 + 0xffffffff + (s4 >>> 32);
    const s6: i64 = r6 + 0xfffffffe + (s5 >>> 32);
    const s7: i64 = r7 + 0 + (s6 >>> 32);
    if ((s7 >>> 32) == 0) break;
    r0 = s0 & MASK; r1 = s1 & MASK; r2 = s2 & MASK; r3 = s3 & MASK;
    r4 = s4 & MASK; r5 = s5 & MASK; r6 = s6 & MASK; r7 = s7 & MASK;
  }
  store<u32>(o, <u32>r0, 0); store<u32>(o, <u32>r1, 4); store<u32>(o, <u32>r2, 8); store<u32>(o, <u32>r3, 12);
  store<u32>(o, <u32>r4, 16); store<u32>(o, <u32>r5, 20); store<u32>(o, <u32>r6, 24); store<u32>(o, <u32>r7, 28);
}

/** o = a * b mod p; o may alias a or b. */
export function p256Mul(o: usize, a: usize, b: usize): void {
  const a0 = <i64>load<u32>(a, 0); const a1 = <i64>load<u32>(a, 4); const a2 = <i64>load<u32>(a, 8); const a3 = <i64>load<u32>(a, 12);
  const a4 = <i64>load<u32>(a, 16); const a5 = <i64>load<u32>(a, 20); const a6 = <i64>load<u32>(a, 24); const a7 = <i64>load<u32>(a, 28);
  const b0 = <i64>load<u32>(b, 0); const b1 = <i64>load<u32>(b, 4); const b2 = <i64>load<u32>(b, 8); const b3 = <i64>load<u32>(b, 12);
  const b4 = <i64>load<u32>(b, 16); const b5 = <i64>load<u32>(b, 20); const b6 = <i64>load<u32>(b, 24); const b7 = <i64>load<u32>(b, 28);
  let x: i64, lo: i64, hi: i64;
  x = a0 * b0;
  const t0 = x & MASK;
  lo = x >>> 32; hi = 0;
  x = a0 * b1; lo += x & MASK; hi += x >>> 32;
  x = a1 * b0; lo += x & MASK; hi += x >>> 32;
  const t1 = lo & MASK; lo = (lo >>> 32) + hi; hi = 0;
  x = a0 * b2; lo += x & MASK; hi += x >>> 32;
  x = a1 * b1; lo += x & MASK; hi += x >>> 32;
  x = a2 * b0; lo += x & MASK; hi += x >>> 32;
  const t2 = lo & MASK; lo = (lo >>> 32) + hi; hi = 0;
  x = a0 * b3; lo += x & MASK; hi += x >>> 32;
  x = a1 * b2; lo += x & MASK; hi += x >>> 32;
  x = a2 * b1; lo += x & MASK; hi += x >>> 32;
  x = a3 * b0; lo += x & MASK; hi += x >>> 32;
  const t3 = lo & MASK; lo = (lo >>> 32) + hi; hi = 0;
  x = a0 * b4; lo += x & MASK; hi += x >>> 32;
  x = a1 * b3; lo += x & MASK; hi += x >>> 32;
  x = a2 * b2; lo += x & MASK; hi += x >>> 32;
  x = a3 * b1; lo += x & MASK; hi += x >>> 32;
  x = a4 * b0; lo += x & MASK; hi += x >>> 32;
  const t4 = lo & MASK; lo = (lo >>> 32) + hi; hi = 0;
  x = a0 * b5; lo += x & MASK; hi += x >>> 32;
  x = a1 * b4; lo += x & MASK; hi += x >>> 32;
  x = a2 * b3; lo += x & MASK; hi += x >>> 32;
  x = a3 * b2; lo += x & MASK; hi += x >>> 32;
  x = a4 * b1; lo += x & MASK; hi += x >>> 32;
  x = a5 * b0; lo += x & MASK; hi += x >>> 32;
  const t5 = lo & MASK; lo = (lo >>> 32) + hi; hi = 0;
  x = a0 * b6; lo += x & MASK; hi += x >>> 32;
  x = a1 * b5; lo += x & MASK; hi += x >>> 32;
  x = a2 * b4; lo += x & MASK; hi += x >>> 32;
  x = a3 * b3; lo += x & MASK; hi += x >>> 32;
  x = a4 * b2; lo += x & MASK; hi += x >>> 32;
  x = a5 * b1; lo += x & MASK; hi += x >>> 32;
  x = a6 * b0; lo += x & MASK; hi += x >>> 32;
  const t6 = lo & MASK; lo = (lo >>> 32) + hi; hi = 0;
  x = a0 * b7; lo += x & MASK; hi += x >>> 32;
  x = a1 * b6; lo += x & MASK; hi += x >>> 32;
  x = a2 * b5; lo += x & MASK; hi += x >>> 32;
  x = a3 * b4; lo += x & MASK; hi += x >>> 32;
  x = a4 * b3; lo += x & MASK; hi += x >>> 32;
  x = a5 * b2; lo += x & MASK; hi += x >>> 32;
  x = a6 * b1; lo += x & MASK; hi += x >>> 32;
  x = a7 * b0; lo += x & MASK; hi += x >>> 32;
  const t7 = lo & MASK; lo = (lo >>> 32) + hi; hi = 0;
  x = a1 * b7; lo += x & MASK; hi += x >>> 32;
  x = a2 * b6; lo += x & MASK; hi += x >>> 32;
  x = a3 * b5; lo += x & MASK; hi += x >>> 32;
  x = a4 * b4; lo += x & MASK; hi += x >>> 32;
  x = a5 * b3; lo += x & MASK; hi += x >>> 32;
  x = a6 * b2; lo += x & MASK; hi += x >>> 32;
  x = a7 * b1; lo += x & MASK; hi += x >>> 32;
  const t8 = lo & MASK; lo = (lo >>> 32) + hi; hi = 0;
  x = a2 * b7; lo += x & MASK; hi += x >>> 32;
  x = a3 * b6; lo += x & MASK; hi += x >>> 32;
  x = a4 * b5; lo += x & MASK; hi += x >>> 32;
  x = a5 * b4; lo += x & MASK; hi += x >>> 32;
  x = a6 * b3; lo += x & MASK; hi += x >>> 32;
  x = a7 * b2; lo += x & MASK; hi += x >>> 32;
  const t9 = lo & MASK; lo = (lo >>> 32) + hi; hi = 0;
  x = a3 * b7; lo += x & MASK; hi += x >>> 32;
  x = a4 * b6; lo += x & MASK; hi += x >>> 32;
  x = a5 * b5; lo += x & MASK; hi += x >>> 32;
  x = a6 * b4; lo += x & MASK; hi += x >>> 32;
  x = a7 * b3; lo += x & MASK; hi += x >>> 32;
  const t10 = lo & MASK; lo = (lo >>> 32) + hi; hi = 0;
  x = a4 * b7; lo += x & MASK; hi += x >>> 32;
  x = a5 * b6; lo += x & MASK; hi += x >>> 32;
  x = a6 * b5; lo += x & MASK; hi += x >>> 32;
  x = a7 * b4; lo += x & MASK; hi += x >>> 32;
  const t11 = lo & MASK; lo = (lo >>> 32) + hi; hi = 0;
  x = a5 * b7; lo += x & MASK; hi += x >>> 32;
  x = a6 * b6; lo += x & MASK; hi += x >>> 32;
  x = a7 * b5; lo += x & MASK; hi += x >>> 32;
  const t12 = lo & MASK; lo = (lo >>> 32) + hi; hi = 0;
  x = a6 * b7; lo += x & MASK; hi += x >>> 32;
  x = a7 * b6; lo += x & MASK; hi += x >>> 32;
  const t13 = lo & MASK; lo = (lo >>> 32) + hi; hi = 0;
  x = a7 * b7; lo += x & MASK; hi += x >>> 32;
  const t14 = lo & MASK; lo = (lo >>> 32) + hi; hi = 0;
  p256Reduce(o, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, lo);
}

/** o = a^2 mod p, with each cross product computed once; o may alias a. */
export function p256Sqr(o: usize, a: usize): void {
  const a0 = <i64>load<u32>(a, 0); const a1 = <i64>load<u32>(a, 4); const a2 = <i64>load<u32>(a, 8); const a3 = <i64>load<u32>(a, 12);
  const a4 = <i64>load<u32>(a, 16); const a5 = <i64>load<u32>(a, 20); const a6 = <i64>load<u32>(a, 24); const a7 = <i64>load<u32>(a, 28);
  let x: i64, lo: i64, hi: i64, clo: i64, chi: i64;
  x = a0 * a0;
  const t0 = x & MASK;
  clo = x >>> 32; chi = 0;
  lo = 0; hi = 0;
  x = a0 * a1; lo += x & MASK; hi += x >>> 32;
  lo = (lo << 1) + clo; hi = (hi << 1) + chi;
  const t1 = lo & MASK; clo = (lo >>> 32) + hi; chi = 0;
  lo = 0; hi = 0;
  x = a0 * a2; lo += x & MASK; hi += x >>> 32;
  lo = (lo << 1) + clo; hi = (hi << 1) + chi;
  x = a1 * a1; lo += x & MASK; hi += x >>> 32;
  const t2 = lo & MASK; clo = (lo >>> 32) + hi; chi = 0;
  lo = 0; hi = 0;
  x = a0 * a3; lo += x & MASK; hi += x >>> 32;
  x = a1 * a2; lo += x & MASK; hi += x >>> 32;
  lo = (lo << 1) + clo; hi = (hi << 1) + chi;
  const t3 = lo & MASK; clo = (lo >>> 32) + hi; chi = 0;
  lo = 0; hi = 0;
  x = a0 * a4; lo += x & MASK; hi += x >>> 32;
  x = a1 * a3; lo += x & MASK; hi += x >>> 32;
  lo = (lo << 1) + clo; hi = (hi << 1) + chi;
  x = a2 * a2; lo += x & MASK; hi += x >>> 32;
  const t4 = lo & MASK; clo = (lo >>> 32) + hi; chi = 0;
  lo = 0; hi = 0;
  x = a0 * a5; lo += x & MASK; hi += x >>> 32;
  x = a1 * a4; lo += x & MASK; hi += x >>> 32;
  x = a2 * a3; lo += x & MASK; hi += x >>> 32;
  lo = (lo << 1) + clo; hi = (hi << 1) + chi;
  const t5 = lo & MASK; clo = (lo >>> 32) + hi; chi = 0;
  lo = 0; hi = 0;
  x = a0 * a6; lo += x & MASK; hi += x >>> 32;
  x = a1 * a5; lo += x & MASK; hi += x >>> 32;
  x = a2 * a4; lo += x & MASK; hi += x >>> 32;
  lo = (lo << 1) + clo; hi = (hi << 1) + chi;
  x = a3 * a3; lo += x & MASK; hi += x >>> 32;
  const t6 = lo & MASK; clo = (lo >>> 32) + hi; chi = 0;
  lo = 0; hi = 0;
  x = a0 * a7; lo += x & MASK; hi += x >>> 32;
  x = a1 * a6; lo += x & MASK; hi += x >>> 32;
  x = a2 * a5; lo += x & MASK; hi += x >>> 32;
  x = a3 * a4; lo += x & MASK; hi += x >>> 32;
  lo = (lo << 1) + clo; hi = (hi << 1) + chi;
  const t7 = lo & MASK; clo = (lo >>> 32) + hi; chi = 0;
  lo = 0; hi = 0;
  x = a1 * a7; lo += x & MASK; hi += x >>> 32;
  x = a2 * a6; lo += x & MASK; hi += x >>> 32;
  x = a3 * a5; lo += x & MASK; hi += x >>> 32;
  lo = (lo << 1) + clo; hi = (hi << 1) + chi;
  x = a4 * a4; lo += x & MASK; hi += x >>> 32;
  const t8 = lo & MASK; clo = (lo >>> 32) + hi; chi = 0;
  lo = 0; hi = 0;
  x = a2 * a7; lo += x & MASK; hi += x >>> 32;
  x = a3 * a6; lo += x & MASK; hi += x >>> 32;
  x = a4 * a5; lo += x & MASK; hi += x >>> 32;
  lo = (lo << 1) + clo; hi = (hi << 1) + chi;
  const t9 = lo & MASK; clo = (lo >>> 32) + hi; chi = 0;
  lo = 0; hi = 0;
  x = a3 * a7; lo += x & MASK; hi += x >>> 32;
  x = a4 * a6; lo += x & MASK; hi += x >>> 32;
  lo = (lo << 1) + clo; hi = (hi << 1) + chi;
  x = a5 * a5; lo += x & MASK; hi += x >>> 32;
  const t10 = lo & MASK; clo = (lo >>> 32) + hi; chi = 0;
  lo = 0; hi = 0;
  x = a4 * a7; lo += x & MASK; hi += x >>> 32;
  x = a5 * a6; lo += x & MASK; hi += x >>> 32;
  lo = (lo << 1) + clo; hi = (hi << 1) + chi;
  const t11 = lo & MASK; clo = (lo >>> 32) + hi; chi = 0;
  lo = 0; hi = 0;
  x = a5 * a7; lo += x & MASK; hi += x >>> 32;
  lo = (lo << 1) + clo; hi = (hi << 1) + chi;
  x = a6 * a6; lo += x & MASK; hi += x >>> 32;
  const t12 = lo & MASK; clo = (lo >>> 32) + hi; chi = 0;
  lo = 0; hi = 0;
  x = a6 * a7; lo += x & MASK; hi += x >>> 32;
  lo = (lo << 1) + clo; hi = (hi << 1) + chi;
  const t13 = lo & MASK; clo = (lo >>> 32) + hi; chi = 0;
  lo = 0; hi = 0;
  lo = (lo << 1) + clo; hi = (hi << 1) + chi;
  x = a7 * a7; lo += x & MASK; hi += x >>> 32;
  const t14 = lo & MASK; clo = (lo >>> 32) + hi; chi = 0;
  p256Reduce(o, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, clo);
}

/** o = a + b mod p for a, b < p; o may alias a or b. */
export function p256Add(o: usize, a: usize, b: usize): void {
  let c: i64 = 0;
  c += <i64>load<u32>(a, 0) + <i64>load<u32>(b, 0); const r0 = c & MASK; c >>>= 32;
  c += <i64>load<u32>(a, 4) + <i64>load<u32>(b, 4); const r1 = c & MASK; c >>>= 32;
  c += <i64>load<u32>(a, 8) + <i64>load<u32>(b, 8); const r2 = c & MASK; c >>>= 32;
  c += <i64>load<u32>(a, 12) + <i64>load<u32>(b, 12); const r3 = c & MASK; c >>>= 32;
  c += <i64>load<u32>(a, 16) + <i64>load<u32>(b, 16); const r4 = c & MASK; c >>>= 32;
  c += <i64>load<u32>(a, 20) + <i64>load<u32>(b, 20); const r5 = c & MASK; c >>>= 32;
  c += <i64>load<u32>(a, 24) + <i64>load<u32>(b, 24); const r6 = c & MASK; c >>>= 32;
  c += <i64>load<u32>(a, 28) + <i64>load<u32>(b, 28); const r7 = c & MASK; c >>>= 32;
  // a + b < 2p: subtract p when the sum reaches 2^256 or r + (2^256 - p) carries.
  let s: i64 = 0;
  s += r0 + 0x1; const s0 = s & MASK; s >>>= 32;
  s += r1 + 0x0; const s1 = s & MASK; s >>>= 32;
  s += r2 + 0x0; const s2 = s & MASK; s >>>= 32;
  s += r3 + 0xffffffff; const s3 = s & MASK; s >>>= 32;
  s += r4 + 0xffffffff; const s4 = s & MASK; s >>>= 32;
  s += r5 + 0xffffffff; const s5 = s & MASK; s >>>= 32;
  s += r6 + 0xfffffffe; const s6 = s & MASK; s >>>= 32;
  s += r7 + 0x0; const s7 = s & MASK; s >>>= 32;
  if ((s | c) != 0) {
    store<u32>(o, <u32>s0, 0); store<u32>(o, <u32>s1, 4); store<u32>(o, <u32>s2, 8); store<u32>(o, <u32>s3, 12);
    store<u32>(o, <u32>s4, 16); store<u32>(o, <u32>s5, 20); store<u32>(o, <u32>s6, 24); store<u32>(o, <u32>s7, 28);
  } else {
    store<u32>(o, <u32>r0, 0); store<u32>(o, <u32>r1, 4); store<u32>(o, <u32>r2, 8); store<u32>(o, <u32>r3, 12);
    store<u32>(o, <u32>r4, 16); store<u32>(o, <u32>r5, 20); store<u32>(o, <u32>r6, 24); store<u32>(o, <u32>r7, 28);
  }
}

/** o = a - b mod p for a, b < p; o may alias a or b. */
export function p256Sub(o: usize, a: usize, b: usize): void {
  let c: i64 = 0;
  c += <i64>load<u32>(a, 0) - <i64>load<u32>(b, 0); const r0 = c & MASK; c >>= 32;
  c += <i64>load<u32>(a, 4) - <i64>load<u32>(b, 4); const r1 = c & MASK; c >>= 32;
  c += <i64>load<u32>(a, 8) - <i64>load<u32>(b, 8); const r2 = c & MASK; c >>= 32;
  c += <i64>load<u32>(a, 12) - <i64>load<u32>(b, 12); const r3 = c & MASK; c >>= 32;
  c += <i64>load<u32>(a, 16) - <i64>load<u32>(b, 16); const r4 = c & MASK; c >>= 32;
  c += <i64>load<u32>(a, 20) - <i64>load<u32>(b, 20); const r5 = c & MASK; c >>= 32;
  c += <i64>load<u32>(a, 24) - <i64>load<u32>(b, 24); const r6 = c & MASK; c >>= 32;
  c += <i64>load<u32>(a, 28) - <i64>load<u32>(b, 28); const r7 = c & MASK; c >>= 32;
  if (c == 0) {
    store<u32>(o, <u32>r0, 0);
    store<u32>(o, <u32>r1, 4);
    store<u32>(o, <u32>r2, 8);
    store<u32>(o, <u32>r3, 12);
    store<u32>(o, <u32>r4, 16);
    store<u32>(o, <u32>r5, 20);
    store<u32>(o, <u32>r6, 24);
    store<u32>(o, <u32>r7, 28);
    return;
  }
  // borrowed: add p back (p's words, the sum's carry out cancels the borrow)
  c = 0;
  c += r0 + 0xffffffff; store<u32>(o, <u32>c, 0); c >>>= 32;
  c += r1 + 0xffffffff; store<u32>(o, <u32>c, 4); c >>>= 32;
  c += r2 + 0xffffffff; store<u32>(o, <u32>c, 8); c >>>= 32;
  c += r3 + 0x0; store<u32>(o, <u32>c, 12); c >>>= 32;
  c += r4 + 0x0; store<u32>(o, <u32>c, 16); c >>>= 32;
  c += r5 + 0x0; store<u32>(o, <u32>c, 20); c >>>= 32;
  c += r6 + 0x1; store<u32>(o, <u32>c, 24); c >>>= 32;
  c += r7 + 0xffffffff; store<u32>(o, <u32>c, 28); c >>>= 32;
}
