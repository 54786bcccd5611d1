// Arithmetic modulo one fixed odd modulus n, in Montgomery form (x is held as x·R mod n, R = 2^(wL)),
// enough for RSA public-key operations: modular exponentiation with a small odd public exponent.
//
// One Montgomery object per key keeps the modulus, its precomputed constants and all scratch buffers,
// so an exponentiation allocates nothing but its result. Everything handled here is public (keys,
// signatures), so the code is not constant-time.
import {
  MAX_MODULUS_BITS, bitLengthOfBytes, bytesToLimbs, compareLimbs, doubleMod, limbBitsFor,
  limbCountFor, limbsToBytes, negInverseLimb, reduceOnce, reverseLimbs,
} from "./limbs";
import { montMulKernel, montSqrKernel } from "./kernels";

// @ts-ignore: decorator
@inline
function ptr(a: StaticArray<u64>): usize {
  return changetype<usize>(a);
}

export class Montgomery {
  /** Exact bit length of n. */
  readonly bits: i32;
  /** Byte length of n, ⌈bits/8⌉: the length of every result. */
  readonly byteLength: i32;
  private readonly w: i32;
  private readonly count: i32;
  private readonly n0: u64;
  private readonly n: StaticArray<u64>;
  private readonly nRev: StaticArray<u64>;
  private readonly rSquared: StaticArray<u64>;
  // Scratch: the base (plain and Montgomery form), the running value, the kernel output, the
  // reversed second factor and the Montgomery quotient digits.
  private readonly base: StaticArray<u64>;
  private readonly baseMont: StaticArray<u64>;
  private readonly acc: StaticArray<u64>;
  private readonly out: StaticArray<u64>;
  private readonly rev: StaticArray<u64>;
  private readonly m: StaticArray<u64>;

  // `modulus` was checked by create(): odd, and bits long, so it fits the limbs chosen here.
  private constructor(modulus: Uint8Array, bits: i32) {
    this.bits = bits;
    this.byteLength = (bits + 7) >> 3;
    const w = limbBitsFor(bits);
    const count = limbCountFor(bits, w);
    this.w = w;
    this.count = count;
    this.n = new StaticArray<u64>(count);
    this.nRev = new StaticArray<u64>(count);
    this.rSquared = new StaticArray<u64>(count);
    this.base = new StaticArray<u64>(count);
    this.baseMont = new StaticArray<u64>(count);
    this.acc = new StaticArray<u64>(count);
    this.out = new StaticArray<u64>(count);
    this.rev = new StaticArray<u64>(count);
    this.m = new StaticArray<u64>(count);
    bytesToLimbs(modulus, ptr(this.n), count, w);
    reverseLimbs(ptr(this.nRev), ptr(this.n), count);
    this.n0 = negInverseLimb(unchecked(this.n[0]), w);
    this.computeRSquared();
  }

  /**
   * A context for the odd modulus given as big-endian bytes (leading zero bytes allowed), or null
   * when n is even, below 3 or longer than MAX_MODULUS_BITS.
   */
  static create(modulus: Uint8Array): Montgomery | null {
    const bits = bitLengthOfBytes(modulus);
    if (bits < 2 || bits > MAX_MODULUS_BITS) return null;
    if ((unchecked(modulus[modulus.length - 1]) & 1) == 0) return null;
    return new Montgomery(modulus, bits);
  }

  // R² mod n, needed to enter Montgomery form. First R mod n (the Montgomery form of 1) by doubling
  // 2^(bits−1) (which is below n) up to 2^(wL); then 2^(wL) in Montgomery form by square-and-double,
  // which is R·R mod n. About a dozen squarings instead of wL slow doublings.
  private computeRSquared(): void {
    const count = this.count;
    const w = this.w;
    const x = ptr(this.acc);
    const n = ptr(this.n);
    memory.fill(x, 0, <usize>count << 3);
    const top = this.bits - 1;
    store<u64>(x + (<usize>(top / w) << 3), <u64>1 << <u64>(top % w));
    for (let i = top; i < w * count; i++) doubleMod(x, n, count, w);
    const exponent = w * count;
    for (let bit = 31 - clz<i32>(exponent); bit >= 0; bit--) {
      this.sqrInPlace(x);
      if ((exponent >> bit) & 1) doubleMod(x, n, count, w);
    }
    memory.copy(ptr(this.rSquared), x, <usize>count << 3);
  }

  // x := x·y·R⁻¹ mod n, fully reduced. y may be x.
  private mulInPlace(x: usize, y: usize): void {
    const count = this.count;
    reverseLimbs(ptr(this.rev), y, count);
    const out = ptr(this.out);
    montMulKernel(out, x, ptr(this.rev), ptr(this.n), ptr(this.nRev), ptr(this.m), count, this.w, this.n0);
    reduceOnce(out, ptr(this.n), count, this.w);
    memory.copy(x, out, <usize>count << 3);
  }

  // x := x²·R⁻¹ mod n, fully reduced.
  private sqrInPlace(x: usize): void {
    const count = this.count;
    reverseLimbs(ptr(this.rev), x, count);
    const out = ptr(this.out);
    montSqrKernel(out, x, ptr(this.rev), ptr(this.n), ptr(this.nRev), ptr(this.m), count, this.w, this.n0);
    reduceOnce(out, ptr(this.n), count, this.w);
    memory.copy(x, out, <usize>count << 3);
  }

  // Loads a big-endian value into `base`; false unless it is below n.
  private loadBase(value: Uint8Array): bool {
    const base = ptr(this.base);
    if (!bytesToLimbs(value, base, this.count, this.w)) return false;
    return compareLimbs(base, ptr(this.n), this.count) < 0;
  }

  private result(x: usize): Uint8Array {
    const out = new Uint8Array(this.byteLength);
    limbsToBytes(x, this.count, this.w, out);
    return out;
  }

  /**
   * base^e mod n as byteLength big-endian bytes, for an odd exponent e; null when e is even or base
   * (big-endian, any length) is not below n.
   */
  powOdd(base: Uint8Array, e: u32): Uint8Array | null {
    if ((e & 1) == 0) return null;
    if (!this.loadBase(base)) return null;
    const count = this.count;
    const size = <usize>count << 3;
    const plain = ptr(this.base);
    if (e == 1) return this.result(plain);
    const baseMont = ptr(this.baseMont);
    const x = ptr(this.acc);
    memory.copy(baseMont, plain, size);
    this.mulInPlace(baseMont, ptr(this.rSquared));
    memory.copy(x, baseMont, size);
    // Left to right over the exponent's bits. The last bit is 1 (e is odd); multiplying by the plain
    // base there instead of its Montgomery form leaves Montgomery form at no cost:
    // (b^(e−1)·R)·b·R⁻¹ = b^e. For e = 65537 this is 1 + 16 squarings + 1 multiplication.
    for (let bit = 30 - clz<u32>(e); bit >= 1; bit--) {
      this.sqrInPlace(x);
      if ((e >> <u32>bit) & 1) this.mulInPlace(x, baseMont);
    }
    this.sqrInPlace(x);
    this.mulInPlace(x, plain);
    return this.result(x);
  }

  /** a·b mod n as byteLength bytes, or null unless both are below n. For tests and diagnostics. */
  mulMod(a: Uint8Array, b: Uint8Array): Uint8Array | null {
    if (!this.loadBase(b)) return null;
    const size = <usize>this.count << 3;
    const x = ptr(this.acc);
    memory.copy(x, ptr(this.base), size);
    this.mulInPlace(x, ptr(this.rSquared)); // b·R
    if (!this.loadBase(a)) return null;
    this.mulInPlace(x, ptr(this.base)); // (b·R)·a·R⁻¹ = a·b
    return this.result(x);
  }
}
