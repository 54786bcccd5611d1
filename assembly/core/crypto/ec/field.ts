// Arithmetic modulo the three primes of the EC code (P-256, P-384 and 2^255 - 19): one set of loops
// over 32-bit little-endian limbs for all of them (8 or 12, an even count), values kept fully reduced
// in [0, p). Products are formed row by row into a double-width buffer, then reduce.ts folds its high
// half onto the low half with the prime's signed word coefficients (straight-line code there: as a
// loop, the fold cost as much as the product). These loops replaced per-prime unrolled code, about
// 17 KB less module for about 1.5x the verification time, paid only at login and key fetch.
// Variable time: everything verified here is public.
import { Arena, mpAdd, mpCopy, mpInvMod, mpSetSmall, mpSub } from "./mp";
import { f25519Reduce, p256Reduce, p384Reduce } from "./reduce";

// @ts-ignore: decorator
@inline const MASK: u64 = 0xffffffff;

/** The double-width product of the largest field (12 limbs), one u64 per 32-bit word. */
const WIDE: usize = memory.data(24 * 8, 8);
/** a + b - p, kept aside by add() until the carries say which of a + b and a + b - p is in range. */
const SPARE: usize = memory.data(12 * 4, 8);

/** Which generated reduction (reduce.ts) a field uses. */
export enum Prime {
  P256,
  P384,
  F25519,
}

export class Field {
  readonly bytes: i32;

  constructor(
    readonly prime: Prime,
    readonly limbs: i32,
    /** The prime, `limbs` little-endian u32 words. */
    readonly p: usize,
  ) {
    this.bytes = limbs << 2;
  }

  /** o = a * b mod p for a, b below 2^(32 limbs); o may alias a or b. */
  mul(o: usize, a: usize, b: usize): void {
    const n = this.limbs; // even
    const bEnd = b + (<usize>n << 2);
    for (let i = 0; i < n; i++) store<u64>(WIDE + (<usize>i << 3), 0);
    // two rows of the schoolbook product per pass (a_i b and a_(i+1) b, the second one word up),
    // so each b_j and each product word is loaded and stored once for two products
    for (let i = 0; i < n; i += 2) {
      const ai = <u64>load<u32>(a + (<usize>i << 2));
      const ai1 = <u64>load<u32>(a + (<usize>i << 2), 4);
      let row = WIDE + (<usize>i << 3);
      let c0: u64 = 0, c1: u64 = 0, prev: u64 = 0;
      for (let pb = b; pb < bEnd; pb += 4, row += 8) {
        const bj = <u64>load<u32>(pb);
        const x = load<u64>(row) + c0 + ai * bj;
        c0 = x >>> 32;
        const y = (x & MASK) + c1 + ai1 * prev;
        c1 = y >>> 32;
        store<u64>(row, y & MASK);
        prev = bj;
      }
      const y = c0 + c1 + ai1 * prev;
      store<u64>(row, y & MASK);
      store<u64>(row, y >>> 32, 8);
    }
    this.reduce(o);
  }

  /** o = a^2 mod p, each cross product computed once and doubled; o may alias a. */
  sqr(o: usize, a: usize): void {
    const n = this.limbs;
    const aEnd = a + (<usize>n << 2);
    // cross products a_i a_j (i < j) row by row, into words 1 .. 2n - 2
    store<u64>(WIDE, 0);
    let row = WIDE + 8;
    let c: u64 = 0;
    const a0 = <u64>load<u32>(a);
    for (let pj = a + 4; pj < aEnd; pj += 4, row += 8) {
      c += a0 * <u64>load<u32>(pj);
      store<u64>(row, c & MASK);
      c >>>= 32;
    }
    store<u64>(row, c);
    for (let i = 1; i < n - 1; i++) {
      const pi = a + (<usize>i << 2);
      const ai = <u64>load<u32>(pi);
      row = WIDE + (<usize>(2 * i + 1) << 3);
      c = 0;
      for (let pj = pi + 4; pj < aEnd; pj += 4, row += 8) {
        c += load<u64>(row) + ai * <u64>load<u32>(pj);
        store<u64>(row, c & MASK);
        c >>>= 32;
      }
      store<u64>(row, c);
    }
    store<u64>(WIDE + (<usize>(2 * n - 1) << 3), 0);
    // double them and add the squares a_i^2 at word 2i
    c = 0;
    row = WIDE;
    for (let pi = a; pi < aEnd; pi += 4, row += 16) {
      const x = <u64>load<u32>(pi) * <u64>load<u32>(pi);
      c += (load<u64>(row) << 1) + (x & MASK);
      store<u64>(row, c & MASK);
      c = (c >>> 32) + (load<u64>(row, 8) << 1) + (x >>> 32);
      store<u64>(row, c & MASK, 8);
      c >>>= 32;
    }
    this.reduce(o);
  }

  /** o = a + b mod p for a, b < p; o may alias a or b. */
  add(o: usize, a: usize, b: usize): void {
    const n = this.limbs;
    const p = this.p;
    let c: u64 = 0; // carry of a + b
    let d: i64 = 0; // carry (0) or borrow (-1) of (a + b) - p
    for (let i = 0; i < n; i++) {
      const off = <usize>i << 2;
      c += <u64>load<u32>(a + off) + <u64>load<u32>(b + off);
      const s = <u32>c;
      c >>>= 32;
      d += <i64>s - <i64>load<u32>(p + off);
      store<u32>(o + off, s);
      store<u32>(SPARE + off, <u32>d);
      d >>= 32;
    }
    // a + b >= p when the sum carried out or the subtraction did not borrow
    if (c != 0 || d == 0) memory.copy(o, SPARE, <usize>this.bytes);
  }

  /** o = a - b mod p for a, b < p; o may alias a or b. */
  sub(o: usize, a: usize, b: usize): void {
    const n = this.limbs;
    if (mpSub(o, a, b, n) != 0) mpAdd(o, o, this.p, n);
  }

  /**
   * Writes 1 / z for `count` nonzero field elements z at zs, zs + stride, ... to out (packed), with a
   * single inversion (Montgomery's trick: invert the product, then peel off one factor at a time).
   */
  invertAll(out: usize, zs: usize, stride: usize, count: i32, arena: Arena): void {
    const n = this.limbs;
    const size = <usize>this.bytes;
    const acc = arena.take(this.bytes);
    mpSetSmall(acc, n, 1);
    for (let i = 0; i < count; i++) {
      mpCopy(out + <usize>i * size, acc, n); // z_0 ... z_(i-1)
      this.mul(acc, acc, zs + <usize>i * stride);
    }
    mpInvMod(acc, acc, this.p, n, arena.take(4 * this.bytes));
    for (let i = count - 1; i >= 0; i--) {
      const o = out + <usize>i * size;
      this.mul(o, o, acc);
      this.mul(acc, acc, zs + <usize>i * stride); // now 1 / (z_0 ... z_(i-1))
    }
  }

  /** o = the 2n-word product in WIDE mod p. */
  private reduce(o: usize): void {
    const prime = this.prime;
    if (prime == Prime.P256) p256Reduce(o, WIDE, this.p);
    else if (prime == Prime.P384) p384Reduce(o, WIDE, this.p);
    else f25519Reduce(o, WIDE, this.p);
  }
}
