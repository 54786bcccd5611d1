// Multi-precision unsigned integers as little-endian arrays of `n` u32 limbs at raw pointers. The
// callers (curve and scalar code) own the memory and guarantee every pointer covers n limbs; nothing
// here allocates. Signature verification handles only public values, so these routines may take
// data-dependent branches (variable time) without leaking a secret.

// @ts-ignore: decorator
@inline const MASK: u64 = 0xffffffff;

export function mpZero(a: usize, n: i32): void {
  memory.fill(a, 0, <usize>n << 2);
}

export function mpCopy(dst: usize, src: usize, n: i32): void {
  memory.copy(dst, src, <usize>n << 2);
}

export function mpSetSmall(a: usize, n: i32, v: u32): void {
  mpZero(a, n);
  store<u32>(a, v);
}

export function mpIsZero(a: usize, n: i32): bool {
  let acc: u32 = 0;
  for (let i = 0; i < n; i++) acc |= load<u32>(a + (<usize>i << 2));
  return acc == 0;
}

/** -1, 0 or 1 as a is below, equal to or above b. */
export function mpCmp(a: usize, b: usize, n: i32): i32 {
  for (let i = n - 1; i >= 0; i--) {
    const x = load<u32>(a + (<usize>i << 2));
    const y = load<u32>(b + (<usize>i << 2));
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** o = a + b; returns the carry out. o may alias a or b. */
export function mpAdd(o: usize, a: usize, b: usize, n: i32): u32 {
  let c: u64 = 0;
  for (let i = 0; i < n; i++) {
    const off = <usize>i << 2;
    c += <u64>load<u32>(a + off) + <u64>load<u32>(b + off);
    store<u32>(o + off, <u32>c);
    c >>= 32;
  }
  return <u32>c;
}

/** o = a - b; returns the borrow out (1 when a < b). o may alias a or b. */
export function mpSub(o: usize, a: usize, b: usize, n: i32): u32 {
  let c: i64 = 0;
  for (let i = 0; i < n; i++) {
    const off = <usize>i << 2;
    c += <i64>load<u32>(a + off) - <i64>load<u32>(b + off);
    store<u32>(o + off, <u32>c);
    c >>= 32;
  }
  return <u32>(c & 1);
}

/** a = (a >> 1) with `top` (0 or 1) entering as the highest bit. */
function mpHalve(a: usize, n: i32, top: u32): void {
  let carry = top;
  for (let i = n - 1; i >= 0; i--) {
    const p = a + (<usize>i << 2);
    const x = load<u32>(p);
    store<u32>(p, (x >>> 1) | (carry << 31));
    carry = x & 1;
  }
}

/** Reads a big-endian byte string of exactly 4n bytes (the field or scalar width). */
export function mpFromBytesBE(o: usize, bytes: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    store<u32>(o + (<usize>i << 2), bswap<u32>(load<u32>(bytes + (<usize>(n - 1 - i) << 2))));
  }
}

export function mpToBytesBE(bytes: usize, a: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    store<u32>(bytes + (<usize>(n - 1 - i) << 2), bswap<u32>(load<u32>(a + (<usize>i << 2))));
  }
}

/**
 * o = a^-1 mod m for an odd modulus m and 0 < a < m with gcd(a, m) = 1 (m prime here), by the
 * binary extended Euclidean algorithm. Returns false, leaving o undefined, when a is zero.
 * `work` must hold 4n limbs.
 */
export function mpInvMod(o: usize, a: usize, m: usize, n: i32, work: usize): bool {
  if (mpIsZero(a, n)) return false;
  const size = <usize>n << 2;
  const u = work;
  const v = work + size;
  const x1 = work + 2 * size;
  const x2 = work + 3 * size;
  mpCopy(u, a, n);
  mpCopy(v, m, n);
  mpSetSmall(x1, n, 1);
  mpZero(x2, n);
  // Invariants: x1 * a = u and x2 * a = v (mod m); u and v shrink until one of them is 1.
  while (!mpIsOne(u, n) && !mpIsOne(v, n)) {
    while ((load<u32>(u) & 1) == 0) {
      mpHalve(u, n, 0);
      halveMod(x1, m, n);
    }
    while ((load<u32>(v) & 1) == 0) {
      mpHalve(v, n, 0);
      halveMod(x2, m, n);
    }
    if (mpCmp(u, v, n) >= 0) {
      mpSub(u, u, v, n);
      if (mpSub(x1, x1, x2, n)) mpAdd(x1, x1, m, n);
    } else {
      mpSub(v, v, u, n);
      if (mpSub(x2, x2, x1, n)) mpAdd(x2, x2, m, n);
    }
  }
  mpCopy(o, mpIsOne(u, n) ? x1 : x2, n);
  return true;
}

function mpIsOne(a: usize, n: i32): bool {
  if (load<u32>(a) != 1) return false;
  for (let i = 1; i < n; i++) if (load<u32>(a + (<usize>i << 2)) != 0) return false;
  return true;
}

/** x = x / 2 mod m (m odd): add m first when x is odd, keeping the carry as the new top bit. */
function halveMod(x: usize, m: usize, n: i32): void {
  if ((load<u32>(x) & 1) == 0) {
    mpHalve(x, n, 0);
  } else {
    mpHalve(x, n, mpAdd(x, x, m, n));
  }
}

/** -m^-1 mod 2^32 for odd m, by Newton's iteration (each step doubles the correct low bits). */
export function montInverse32(m0: u32): u32 {
  let inv: u32 = m0; // correct to 3 bits for odd m0
  for (let i = 0; i < 5; i++) inv *= 2 - m0 * inv;
  return -inv;
}

/**
 * o = a * b / 2^(32n) mod m (Montgomery multiplication, coarsely integrated operand scanning) for
 * a * b < m * 2^(32n); the result is fully reduced. `work` must hold n + 2 limbs; o may alias a or b.
 */
export function montMul(o: usize, a: usize, b: usize, m: usize, n: i32, m0inv: u32, work: usize): void {
  const t = work;
  mpZero(t, n + 2);
  const tn = t + (<usize>n << 2);
  for (let i = 0; i < n; i++) {
    const bi = <u64>load<u32>(b + (<usize>i << 2));
    let c: u64 = 0;
    for (let j = 0; j < n; j++) {
      const p = t + (<usize>j << 2);
      c += <u64>load<u32>(p) + <u64>load<u32>(a + (<usize>j << 2)) * bi;
      store<u32>(p, <u32>c);
      c >>= 32;
    }
    c += <u64>load<u32>(tn);
    store<u32>(tn, <u32>c);
    store<u32>(tn, <u32>(c >> 32), 4);
    // add q*m with q chosen so the lowest limb becomes zero, then shift one limb down
    // (a load inside a u64 cast would be widened before the product, so the low limb is read first)
    const t0 = load<u32>(t);
    const q = <u64>(t0 * m0inv);
    c = (<u64>t0 + q * <u64>load<u32>(m)) >> 32;
    for (let j = 1; j < n; j++) {
      const p = t + (<usize>j << 2);
      c += <u64>load<u32>(p) + q * <u64>load<u32>(m + (<usize>j << 2));
      store<u32>(p - 4, <u32>c);
      c >>= 32;
    }
    c += <u64>load<u32>(tn);
    store<u32>(tn - 4, <u32>c);
    store<u32>(tn, load<u32>(tn, 4) + <u32>(c >> 32));
  }
  if (load<u32>(tn) != 0 || mpCmp(t, m, n) >= 0) mpSub(t, t, m, n);
  mpCopy(o, t, n);
}

// Scratch memory for one verification: field elements, points and digit strings are carved out of a
// few GC-managed blocks held by an Arena, so the arithmetic itself never allocates and the blocks
// live exactly as long as the Arena object. Running past a block starts a new one instead of writing
// out of bounds.
const CHUNK_BYTES: i32 = 4096;

export class Arena {
  private chunks: StaticArray<u8>[] = [];
  private next: usize = 0;
  private end: usize = 0;

  /** `bytes` of zeroed memory, 8-byte aligned, valid while this Arena is reachable. */
  take(bytes: i32): usize {
    const size = <usize>((bytes + 7) & ~7);
    if (this.next + size > this.end) {
      const chunk = new StaticArray<u8>(max(CHUNK_BYTES, <i32>size));
      this.chunks.push(chunk);
      this.next = changetype<usize>(chunk);
      this.end = this.next + <usize>chunk.length;
    }
    const p = this.next;
    this.next += size;
    return p;
  }
}
