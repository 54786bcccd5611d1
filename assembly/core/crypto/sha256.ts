// SHA-256 (FIPS 180-4 §6.2). Used for JWS RS256/ES256, PKCE S256, at_hash and HMAC/HKDF keys.
// Speed matters because every request with a session cookie hashes: the compression function keeps
// the working variables in locals, runs eight rounds per loop iteration with the variable names
// rotated instead of shuffling values, and reads message words straight from linear memory once the
// caller has checked the length.

/** FIPS 180-4 §4.2.2: first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K: StaticArray<u32> = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

// The message schedule W (FIPS 180-4 §6.2.2 step 1) lives in static scratch memory rather than in
// each hasher: it holds nothing between calls (wasm runs one call at a time), and HMAC makes several
// short-lived hashers per message, each of which would otherwise allocate it.
const SCHEDULE: usize = memory.data(256, 16);

/** Block size in bytes (FIPS 180-4 §1, Figure 1). HMAC pads keys to this length. */
export const SHA256_BLOCK_LENGTH: i32 = 64;
/** Digest size in bytes. */
export const SHA256_DIGEST_LENGTH: i32 = 32;

// @ts-ignore: decorator
@inline function bigSigma0(x: u32): u32 {
  return rotr<u32>(x, 2) ^ rotr<u32>(x, 13) ^ rotr<u32>(x, 22);
}
// @ts-ignore: decorator
@inline function bigSigma1(x: u32): u32 {
  return rotr<u32>(x, 6) ^ rotr<u32>(x, 11) ^ rotr<u32>(x, 25);
}
// @ts-ignore: decorator
@inline function smallSigma0(x: u32): u32 {
  return rotr<u32>(x, 7) ^ rotr<u32>(x, 18) ^ (x >>> 3);
}
// @ts-ignore: decorator
@inline function smallSigma1(x: u32): u32 {
  return rotr<u32>(x, 17) ^ rotr<u32>(x, 19) ^ (x >>> 10);
}
// Ch and Maj in the forms that need one operation fewer than FIPS 180-4 §4.1.2 writes them.
// @ts-ignore: decorator
@inline function ch(x: u32, y: u32, z: u32): u32 {
  return z ^ (x & (y ^ z));
}
// @ts-ignore: decorator
@inline function maj(x: u32, y: u32, z: u32): u32 {
  return (x & y) | (z & (x | y));
}

/** Incremental SHA-256. `update` any number of times, then `digest`. */
export class Sha256 {
  private h0: u32 = 0;
  private h1: u32 = 0;
  private h2: u32 = 0;
  private h3: u32 = 0;
  private h4: u32 = 0;
  private h5: u32 = 0;
  private h6: u32 = 0;
  private h7: u32 = 0;
  private block: StaticArray<u8> = new StaticArray<u8>(SHA256_BLOCK_LENGTH);
  private blockFill: i32 = 0;
  private byteCount: u64 = 0;

  constructor() {
    this.reset();
  }

  /** Returns to the state of a fresh hasher (FIPS 180-4 §5.3.3 initial hash value). */
  reset(): void {
    this.h0 = 0x6a09e667;
    this.h1 = 0xbb67ae85;
    this.h2 = 0x3c6ef372;
    this.h3 = 0xa54ff53a;
    this.h4 = 0x510e527f;
    this.h5 = 0x9b05688c;
    this.h6 = 0x1f83d9ab;
    this.h7 = 0x5be0cd19;
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
      const take = min(SHA256_BLOCK_LENGTH - this.blockFill, length);
      memory.copy(blockPtr + <usize>this.blockFill, ptr, <usize>take);
      this.blockFill += take;
      offset = take;
      if (this.blockFill < SHA256_BLOCK_LENGTH) return;
      this.compress(blockPtr, 1);
      this.blockFill = 0;
    }
    const whole = (length - offset) >> 6;
    if (whole > 0) {
      this.compress(ptr + <usize>offset, whole);
      offset += whole << 6;
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

  /** An independent hasher in the same state (lets HMAC reuse a keyed prefix). */
  copy(): Sha256 {
    const c = new Sha256();
    c.h0 = this.h0;
    c.h1 = this.h1;
    c.h2 = this.h2;
    c.h3 = this.h3;
    c.h4 = this.h4;
    c.h5 = this.h5;
    c.h6 = this.h6;
    c.h7 = this.h7;
    memory.copy(changetype<usize>(c.block), changetype<usize>(this.block), <usize>SHA256_BLOCK_LENGTH);
    c.blockFill = this.blockFill;
    c.byteCount = this.byteCount;
    return c;
  }

  /** Pads (FIPS 180-4 §5.1.1) and returns the digest. The hasher must be reset before reuse. */
  finish(): Uint8Array {
    const blockPtr = changetype<usize>(this.block);
    const bitCount = this.byteCount << 3;
    let fill = this.blockFill;
    store<u8>(blockPtr + <usize>fill, 0x80);
    fill++;
    if (fill > SHA256_BLOCK_LENGTH - 8) {
      memory.fill(blockPtr + <usize>fill, 0, <usize>(SHA256_BLOCK_LENGTH - fill));
      this.compress(blockPtr, 1);
      fill = 0;
    }
    memory.fill(blockPtr + <usize>fill, 0, <usize>(SHA256_BLOCK_LENGTH - 8 - fill));
    store<u64>(blockPtr + <usize>(SHA256_BLOCK_LENGTH - 8), bswap<u64>(bitCount));
    this.compress(blockPtr, 1);
    this.blockFill = 0;

    const out = new Uint8Array(SHA256_DIGEST_LENGTH);
    const o = out.dataStart;
    store<u32>(o, bswap<u32>(this.h0));
    store<u32>(o + 4, bswap<u32>(this.h1));
    store<u32>(o + 8, bswap<u32>(this.h2));
    store<u32>(o + 12, bswap<u32>(this.h3));
    store<u32>(o + 16, bswap<u32>(this.h4));
    store<u32>(o + 20, bswap<u32>(this.h5));
    store<u32>(o + 24, bswap<u32>(this.h6));
    store<u32>(o + 28, bswap<u32>(this.h7));
    return out;
  }

  /** FIPS 180-4 §6.2.2 over `blocks` consecutive 64-byte blocks at `ptr`. */
  private compress(ptr: usize, blocks: i32): void {
    const w = SCHEDULE;
    const k = changetype<usize>(K);
    let a = this.h0, b = this.h1, c = this.h2, d = this.h3;
    let e = this.h4, f = this.h5, g = this.h6, h = this.h7;
    for (let n = 0; n < blocks; n++) {
      const p = ptr + (<usize>n << 6);
      for (let i: usize = 0; i < 64; i += 4) {
        store<u32>(w + i, bswap<u32>(load<u32>(p + i)));
      }
      for (let i: usize = 64; i < 256; i += 4) {
        const x = smallSigma1(load<u32>(w + i - 8)) + load<u32>(w + i - 28);
        store<u32>(w + i, x + smallSigma0(load<u32>(w + i - 60)) + load<u32>(w + i - 64));
      }
      const a0 = a, b0 = b, c0 = c, d0 = d, e0 = e, f0 = f, g0 = g, h0 = h;
      let t: u32;
      for (let i: usize = 0; i < 256; i += 32) {
        const kw = k + i;
        const ww = w + i;
        t = h + bigSigma1(e) + ch(e, f, g) + load<u32>(kw) + load<u32>(ww);
        d += t; h = t + bigSigma0(a) + maj(a, b, c);
        t = g + bigSigma1(d) + ch(d, e, f) + load<u32>(kw, 4) + load<u32>(ww, 4);
        c += t; g = t + bigSigma0(h) + maj(h, a, b);
        t = f + bigSigma1(c) + ch(c, d, e) + load<u32>(kw, 8) + load<u32>(ww, 8);
        b += t; f = t + bigSigma0(g) + maj(g, h, a);
        t = e + bigSigma1(b) + ch(b, c, d) + load<u32>(kw, 12) + load<u32>(ww, 12);
        a += t; e = t + bigSigma0(f) + maj(f, g, h);
        t = d + bigSigma1(a) + ch(a, b, c) + load<u32>(kw, 16) + load<u32>(ww, 16);
        h += t; d = t + bigSigma0(e) + maj(e, f, g);
        t = c + bigSigma1(h) + ch(h, a, b) + load<u32>(kw, 20) + load<u32>(ww, 20);
        g += t; c = t + bigSigma0(d) + maj(d, e, f);
        t = b + bigSigma1(g) + ch(g, h, a) + load<u32>(kw, 24) + load<u32>(ww, 24);
        f += t; b = t + bigSigma0(c) + maj(c, d, e);
        t = a + bigSigma1(f) + ch(f, g, h) + load<u32>(kw, 28) + load<u32>(ww, 28);
        e += t; a = t + bigSigma0(b) + maj(b, c, d);
      }
      a += a0; b += b0; c += c0; d += d0;
      e += e0; f += f0; g += g0; h += h0;
    }
    this.h0 = a; this.h1 = b; this.h2 = c; this.h3 = d;
    this.h4 = e; this.h5 = f; this.h6 = g; this.h7 = h;
  }
}

/** One-shot SHA-256 of `data`. */
export function sha256(data: Uint8Array): Uint8Array {
  const hasher = new Sha256();
  hasher.update(data);
  return hasher.finish();
}
