// SHA-512 and SHA-384 (FIPS 180-4 §6.4, §6.5). Used for RS384/RS512, ES384, EdDSA (Ed25519 hashes with
// SHA-512) and HMAC/HKDF. Same layout as sha256.ts, on 64-bit words: wasm has native i64 rotates.

/** FIPS 180-4 §4.2.3: first 64 bits of the fractional parts of the cube roots of the first 80 primes. */
const K: StaticArray<u64> = [
  0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
  0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
  0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
  0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
  0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
  0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
  0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
  0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
  0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
  0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
  0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
  0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
  0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
  0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
  0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
  0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
  0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
  0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
  0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
  0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
];

/** FIPS 180-4 §5.3.5 (SHA-512) and §5.3.4 (SHA-384) initial hash values. */
const IV512: StaticArray<u64> = [
  0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
  0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
];
const IV384: StaticArray<u64> = [
  0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939,
  0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4,
];

// The message schedule W (FIPS 180-4 §6.4.2 step 1) lives in static scratch memory rather than in
// each hasher: it holds nothing between calls (wasm runs one call at a time), and HMAC makes several
// short-lived hashers per message, each of which would otherwise allocate it.
const SCHEDULE: usize = memory.data(640, 16);

/** Block size in bytes of SHA-384 and SHA-512 (FIPS 180-4 §1, Figure 1). */
export const SHA512_BLOCK_LENGTH: i32 = 128;
export const SHA512_DIGEST_LENGTH: i32 = 64;
export const SHA384_DIGEST_LENGTH: i32 = 48;

// @ts-ignore: decorator
@inline function bigSigma0(x: u64): u64 {
  return rotr<u64>(x, 28) ^ rotr<u64>(x, 34) ^ rotr<u64>(x, 39);
}
// @ts-ignore: decorator
@inline function bigSigma1(x: u64): u64 {
  return rotr<u64>(x, 14) ^ rotr<u64>(x, 18) ^ rotr<u64>(x, 41);
}
// @ts-ignore: decorator
@inline function smallSigma0(x: u64): u64 {
  return rotr<u64>(x, 1) ^ rotr<u64>(x, 8) ^ (x >>> 7);
}
// @ts-ignore: decorator
@inline function smallSigma1(x: u64): u64 {
  return rotr<u64>(x, 19) ^ rotr<u64>(x, 61) ^ (x >>> 6);
}
// @ts-ignore: decorator
@inline function ch(x: u64, y: u64, z: u64): u64 {
  return z ^ (x & (y ^ z));
}
// @ts-ignore: decorator
@inline function maj(x: u64, y: u64, z: u64): u64 {
  return (x & y) | (z & (x | y));
}

/** Incremental SHA-512, or SHA-384 when constructed with `truncateTo384` (§6.5: other IV, cut output). */
export class Sha512 {
  private h: StaticArray<u64> = new StaticArray<u64>(8);
  private block: StaticArray<u8> = new StaticArray<u8>(SHA512_BLOCK_LENGTH);
  private blockFill: i32 = 0;
  // Byte counts fit in 64 bits for any message this filter can hold; the 128-bit length field
  // of §5.1.2 gets its high bits from the top three bits of this count.
  private byteCount: u64 = 0;

  constructor(public readonly truncateTo384: bool = false) {
    this.reset();
  }

  /** Digest length in bytes: 48 for SHA-384, 64 for SHA-512. */
  get digestLength(): i32 {
    return this.truncateTo384 ? SHA384_DIGEST_LENGTH : SHA512_DIGEST_LENGTH;
  }

  reset(): void {
    const iv = this.truncateTo384 ? IV384 : IV512;
    memory.copy(changetype<usize>(this.h), changetype<usize>(iv), 64);
    this.blockFill = 0;
    this.byteCount = 0;
  }

  update(data: Uint8Array): void {
    this.absorb(data.dataStart, data.length);
  }

  /** Hashes `length` bytes at `ptr`; the caller guarantees they lie inside one live buffer. */
  absorb(ptr: usize, length: i32): void {
    if (length <= 0) return;
    this.byteCount += <u64>length;
    let offset = 0;
    const blockPtr = changetype<usize>(this.block);
    if (this.blockFill > 0) {
      const take = min(SHA512_BLOCK_LENGTH - this.blockFill, length);
      memory.copy(blockPtr + <usize>this.blockFill, ptr, <usize>take);
      this.blockFill += take;
      offset = take;
      if (this.blockFill < SHA512_BLOCK_LENGTH) return;
      this.compress(blockPtr, 1);
      this.blockFill = 0;
    }
    const whole = (length - offset) >> 7;
    if (whole > 0) {
      this.compress(ptr + <usize>offset, whole);
      offset += whole << 7;
    }
    const rest = length - offset;
    if (rest > 0) {
      memory.copy(blockPtr, ptr + <usize>offset, <usize>rest);
      this.blockFill = rest;
    }
  }

  /** The digest of everything absorbed so far; the hasher is left unchanged and may continue. */
  digest(): Uint8Array {
    return this.copy().finish();
  }

  /** An independent hasher in the same state. */
  copy(): Sha512 {
    const c = new Sha512(this.truncateTo384);
    memory.copy(changetype<usize>(c.h), changetype<usize>(this.h), 64);
    memory.copy(changetype<usize>(c.block), changetype<usize>(this.block), <usize>SHA512_BLOCK_LENGTH);
    c.blockFill = this.blockFill;
    c.byteCount = this.byteCount;
    return c;
  }

  /** Pads (FIPS 180-4 §5.1.2) and returns the digest. The hasher must be reset before reuse. */
  finish(): Uint8Array {
    const blockPtr = changetype<usize>(this.block);
    let fill = this.blockFill;
    store<u8>(blockPtr + <usize>fill, 0x80);
    fill++;
    if (fill > SHA512_BLOCK_LENGTH - 16) {
      memory.fill(blockPtr + <usize>fill, 0, <usize>(SHA512_BLOCK_LENGTH - fill));
      this.compress(blockPtr, 1);
      fill = 0;
    }
    memory.fill(blockPtr + <usize>fill, 0, <usize>(SHA512_BLOCK_LENGTH - 16 - fill));
    store<u64>(blockPtr + <usize>(SHA512_BLOCK_LENGTH - 16), bswap<u64>(this.byteCount >>> 61));
    store<u64>(blockPtr + <usize>(SHA512_BLOCK_LENGTH - 8), bswap<u64>(this.byteCount << 3));
    this.compress(blockPtr, 1);
    this.blockFill = 0;

    const length = this.digestLength;
    const out = new Uint8Array(length);
    const o = out.dataStart;
    const hp = changetype<usize>(this.h);
    for (let i: usize = 0; i < <usize>length; i += 8) {
      store<u64>(o + i, bswap<u64>(load<u64>(hp + i)));
    }
    return out;
  }

  /** FIPS 180-4 §6.4.2 over `blocks` consecutive 128-byte blocks at `ptr`. */
  private compress(ptr: usize, blocks: i32): void {
    const w = SCHEDULE;
    const k = changetype<usize>(K);
    const hp = changetype<usize>(this.h);
    let a = load<u64>(hp), b = load<u64>(hp, 8), c = load<u64>(hp, 16), d = load<u64>(hp, 24);
    let e = load<u64>(hp, 32), f = load<u64>(hp, 40), g = load<u64>(hp, 48), h = load<u64>(hp, 56);
    for (let n = 0; n < blocks; n++) {
      const p = ptr + (<usize>n << 7);
      for (let i: usize = 0; i < 128; i += 8) {
        store<u64>(w + i, bswap<u64>(load<u64>(p + i)));
      }
      for (let i: usize = 128; i < 640; i += 8) {
        const x = smallSigma1(load<u64>(w + i - 16)) + load<u64>(w + i - 56);
        store<u64>(w + i, x + smallSigma0(load<u64>(w + i - 120)) + load<u64>(w + i - 128));
      }
      const a0 = a, b0 = b, c0 = c, d0 = d, e0 = e, f0 = f, g0 = g, h0 = h;
      let t: u64;
      for (let i: usize = 0; i < 640; i += 64) {
        const kw = k + i;
        const ww = w + i;
        t = h + bigSigma1(e) + ch(e, f, g) + load<u64>(kw) + load<u64>(ww);
        d += t; h = t + bigSigma0(a) + maj(a, b, c);
        t = g + bigSigma1(d) + ch(d, e, f) + load<u64>(kw, 8) + load<u64>(ww, 8);
        c += t; g = t + bigSigma0(h) + maj(h, a, b);
        t = f + bigSigma1(c) + ch(c, d, e) + load<u64>(kw, 16) + load<u64>(ww, 16);
        b += t; f = t + bigSigma0(g) + maj(g, h, a);
        t = e + bigSigma1(b) + ch(b, c, d) + load<u64>(kw, 24) + load<u64>(ww, 24);
        a += t; e = t + bigSigma0(f) + maj(f, g, h);
        t = d + bigSigma1(a) + ch(a, b, c) + load<u64>(kw, 32) + load<u64>(ww, 32);
        h += t; d = t + bigSigma0(e) + maj(e, f, g);
        t = c + bigSigma1(h) + ch(h, a, b) + load<u64>(kw, 40) + load<u64>(ww, 40);
        g += t; c = t + bigSigma0(d) + maj(d, e, f);
        t = b + bigSigma1(g) + ch(g, h, a) + load<u64>(kw, 48) + load<u64>(ww, 48);
        f += t; b = t + bigSigma0(c) + maj(c, d, e);
        t = a + bigSigma1(f) + ch(f, g, h) + load<u64>(kw, 56) + load<u64>(ww, 56);
        e += t; a = t + bigSigma0(b) + maj(b, c, d);
      }
      a += a0; b += b0; c += c0; d += d0;
      e += e0; f += f0; g += g0; h += h0;
    }
    store<u64>(hp, a); store<u64>(hp, b, 8); store<u64>(hp, c, 16); store<u64>(hp, d, 24);
    store<u64>(hp, e, 32); store<u64>(hp, f, 40); store<u64>(hp, g, 48); store<u64>(hp, h, 56);
  }
}

/** Incremental SHA-384: SHA-512 with its own IV, output cut to 48 bytes. */
export class Sha384 extends Sha512 {
  constructor() {
    super(true);
  }
}

/** One-shot SHA-512 of `data`. */
export function sha512(data: Uint8Array): Uint8Array {
  const hasher = new Sha512(false);
  hasher.update(data);
  return hasher.finish();
}

/** One-shot SHA-384 of `data`. */
export function sha384(data: Uint8Array): Uint8Array {
  const hasher = new Sha512(true);
  hasher.update(data);
  return hasher.finish();
}
