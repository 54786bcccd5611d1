// Poly1305 (RFC 8439 §2.5), the authenticator half of the cookie AEAD. The accumulator and r are held
// as five 26-bit limbs so every product fits a u64 with room for five-term sums (26 + 29 + 3 bits < 64):
// WebAssembly has a native i64 multiply but no 64×64→128, so this is the widest exact schoolbook form.
// Final reduction and the choice between h and h - p are branch-free, so timing does not depend on
// the tag being computed.

/** RFC 8439 §2.5: a one-time key is 256 bits, r ‖ s. */
export const POLY1305_KEY_BYTES: i32 = 32;
/** RFC 8439 §2.5: the tag is 128 bits. */
export const POLY1305_TAG_BYTES: i32 = 16;
/** RFC 8439 §2.5: the message is processed in 16-byte blocks. */
const BLOCK: usize = 16;

const MASK26: u32 = 0x3ffffff;
/** RFC 8439 §2.5: each full block is read with a 1 bit appended above its 128 bits: 2^128 = 2^24 in limb 4. */
const HIBIT_FULL: u32 = 1 << 24;

/**
 * An incremental Poly1305 computation. It reads the 32-byte one-time key from a pointer the caller has
 * bounds-checked (inside the crypto package); `poly1305Mac` is the checked entry point.
 */
export class Poly1305 {
  // r, clamped (RFC 8439 §2.5), in 26-bit limbs, and 5·r for the limbs that wrap past 2^130.
  private r0: u32 = 0; private r1: u32 = 0; private r2: u32 = 0; private r3: u32 = 0; private r4: u32 = 0;
  private s1: u32 = 0; private s2: u32 = 0; private s3: u32 = 0; private s4: u32 = 0;
  // The accumulator h.
  private h0: u32 = 0; private h1: u32 = 0; private h2: u32 = 0; private h3: u32 = 0; private h4: u32 = 0;
  // s, the second half of the key, added at the end.
  private pad0: u32 = 0; private pad1: u32 = 0; private pad2: u32 = 0; private pad3: u32 = 0;
  // A partial block carried between updates.
  private readonly pending: StaticArray<u8> = new StaticArray<u8>(16);
  private pendingLength: usize = 0;

  constructor(keyPtr: usize) {
    // RFC 8439 §2.5: r &= 0x0ffffffc0ffffffc0ffffffc0fffffff, then split into 26-bit limbs.
    const t0 = load<u32>(keyPtr, 0) & 0x0fffffff;
    const t1 = load<u32>(keyPtr, 4) & 0x0ffffffc;
    const t2 = load<u32>(keyPtr, 8) & 0x0ffffffc;
    const t3 = load<u32>(keyPtr, 12) & 0x0ffffffc;
    this.r0 = t0 & MASK26;
    this.r1 = ((t0 >>> 26) | (t1 << 6)) & MASK26;
    this.r2 = ((t1 >>> 20) | (t2 << 12)) & MASK26;
    this.r3 = ((t2 >>> 14) | (t3 << 18)) & MASK26;
    this.r4 = t3 >>> 8;
    this.s1 = this.r1 * 5;
    this.s2 = this.r2 * 5;
    this.s3 = this.r3 * 5;
    this.s4 = this.r4 * 5;
    this.pad0 = load<u32>(keyPtr, 16);
    this.pad1 = load<u32>(keyPtr, 20);
    this.pad2 = load<u32>(keyPtr, 24);
    this.pad3 = load<u32>(keyPtr, 28);
  }

  /** h = (h + block) · r mod 2^130 - 5 for `count` consecutive 16-byte blocks at `ptr` (§2.5.1). */
  private blocks(ptr: usize, count: usize, hibit: u32): void {
    const r0 = <u64>this.r0, r1 = <u64>this.r1, r2 = <u64>this.r2, r3 = <u64>this.r3, r4 = <u64>this.r4;
    const s1 = <u64>this.s1, s2 = <u64>this.s2, s3 = <u64>this.s3, s4 = <u64>this.s4;
    let h0 = this.h0, h1 = this.h1, h2 = this.h2, h3 = this.h3, h4 = this.h4;
    for (let i: usize = 0; i < count; i++) {
      const m0 = load<u32>(ptr, 0), m1 = load<u32>(ptr, 4), m2 = load<u32>(ptr, 8), m3 = load<u32>(ptr, 12);
      h0 += m0 & MASK26;
      h1 += ((m0 >>> 26) | (m1 << 6)) & MASK26;
      h2 += ((m1 >>> 20) | (m2 << 12)) & MASK26;
      h3 += ((m2 >>> 14) | (m3 << 18)) & MASK26;
      h4 += (m3 >>> 8) | hibit;
      const a0 = <u64>h0, a1 = <u64>h1, a2 = <u64>h2, a3 = <u64>h3, a4 = <u64>h4;
      // Limb products whose weight reaches 2^130 or more wrap around as ·5, since 2^130 ≡ 5 (mod p).
      let d0 = a0 * r0 + a1 * s4 + a2 * s3 + a3 * s2 + a4 * s1;
      let d1 = a0 * r1 + a1 * r0 + a2 * s4 + a3 * s3 + a4 * s2;
      let d2 = a0 * r2 + a1 * r1 + a2 * r0 + a3 * s4 + a4 * s3;
      let d3 = a0 * r3 + a1 * r2 + a2 * r1 + a3 * r0 + a4 * s4;
      let d4 = a0 * r4 + a1 * r3 + a2 * r2 + a3 * r1 + a4 * r0;
      // Partial carry: enough to keep every limb within 26 bits plus a little for the next block.
      d1 += d0 >> 26; h0 = <u32>d0 & MASK26;
      d2 += d1 >> 26; h1 = <u32>d1 & MASK26;
      d3 += d2 >> 26; h2 = <u32>d2 & MASK26;
      d4 += d3 >> 26; h3 = <u32>d3 & MASK26;
      const c = d4 >> 26; h4 = <u32>d4 & MASK26;
      const t = <u64>h0 + c * 5;
      h0 = <u32>t & MASK26;
      h1 += <u32>(t >> 26);
      ptr += BLOCK;
    }
    this.h0 = h0; this.h1 = h1; this.h2 = h2; this.h3 = h3; this.h4 = h4;
  }

  /** Absorbs `length` message bytes at `ptr`. */
  update(ptr: usize, length: usize): void {
    const pending = changetype<usize>(this.pending);
    if (this.pendingLength > 0) {
      const take = min(BLOCK - this.pendingLength, length);
      memory.copy(pending + this.pendingLength, ptr, take);
      this.pendingLength += take;
      ptr += take;
      length -= take;
      if (this.pendingLength < BLOCK) return;
      this.blocks(pending, 1, HIBIT_FULL);
      this.pendingLength = 0;
    }
    const whole = length >> 4;
    if (whole > 0) this.blocks(ptr, whole, HIBIT_FULL);
    const rest = length & 15;
    if (rest > 0) {
      memory.copy(pending, ptr + (whole << 4), rest);
      this.pendingLength = rest;
    }
  }

  /** RFC 8439 §2.8: pad16 — zero bytes up to the next 16-byte boundary, if not already on one. */
  padToBlock(): void {
    if (this.pendingLength == 0) return;
    const pending = changetype<usize>(this.pending);
    memory.fill(pending + this.pendingLength, 0, BLOCK - this.pendingLength);
    this.blocks(pending, 1, HIBIT_FULL);
    this.pendingLength = 0;
  }

  /** Writes the 16-byte tag at `out` (§2.5.1: final block, reduce mod p, add s mod 2^128) and wipes the state. */
  finish(out: usize): void {
    if (this.pendingLength > 0) {
      // §2.5: a short final block gets its 1 bit right after its last byte, not at 2^128.
      const pending = changetype<usize>(this.pending);
      store<u8>(pending + this.pendingLength, 1);
      memory.fill(pending + this.pendingLength + 1, 0, BLOCK - this.pendingLength - 1);
      this.blocks(pending, 1, 0);
    }
    let h0 = this.h0, h1 = this.h1, h2 = this.h2, h3 = this.h3, h4 = this.h4;
    // Two full carry passes leave every limb below 2^26, so h < 2^130 < 2p.
    for (let pass = 0; pass < 2; pass++) {
      h2 += h1 >>> 26; h1 &= MASK26;
      h3 += h2 >>> 26; h2 &= MASK26;
      h4 += h3 >>> 26; h3 &= MASK26;
      h0 += (h4 >>> 26) * 5; h4 &= MASK26;
      h1 += h0 >>> 26; h0 &= MASK26;
    }
    // g = h + 5 - 2^130; h ≥ p exactly when g does not go negative. Select without branching.
    let g0 = h0 + 5;
    let g1 = h1 + (g0 >>> 26); g0 &= MASK26;
    let g2 = h2 + (g1 >>> 26); g1 &= MASK26;
    let g3 = h3 + (g2 >>> 26); g2 &= MASK26;
    let g4 = h4 + (g3 >>> 26) - (1 << 26); g3 &= MASK26;
    const useG = (g4 >>> 31) - 1; // all ones when g ≥ 0
    const keepH = ~useG;
    h0 = (h0 & keepH) | (g0 & useG);
    h1 = (h1 & keepH) | (g1 & useG);
    h2 = (h2 & keepH) | (g2 & useG);
    h3 = (h3 & keepH) | (g3 & useG);
    h4 = (h4 & keepH) | (g4 & useG & MASK26);
    // Back to four 32-bit words, then tag = (h + s) mod 2^128.
    const w0 = h0 | (h1 << 26);
    const w1 = (h1 >>> 6) | (h2 << 20);
    const w2 = (h2 >>> 12) | (h3 << 14);
    const w3 = (h3 >>> 18) | (h4 << 8);
    let f = <u64>w0 + this.pad0;
    store<u32>(out, <u32>f, 0);
    f = <u64>w1 + this.pad1 + (f >> 32);
    store<u32>(out, <u32>f, 4);
    f = <u64>w2 + this.pad2 + (f >> 32);
    store<u32>(out, <u32>f, 8);
    f = <u64>w3 + this.pad3 + (f >> 32);
    store<u32>(out, <u32>f, 12);
    this.wipe();
  }

  private wipe(): void {
    this.r0 = 0; this.r1 = 0; this.r2 = 0; this.r3 = 0; this.r4 = 0;
    this.s1 = 0; this.s2 = 0; this.s3 = 0; this.s4 = 0;
    this.h0 = 0; this.h1 = 0; this.h2 = 0; this.h3 = 0; this.h4 = 0;
    this.pad0 = 0; this.pad1 = 0; this.pad2 = 0; this.pad3 = 0;
    memory.fill(changetype<usize>(this.pending), 0, BLOCK);
    this.pendingLength = 0;
  }
}

/** RFC 8439 §2.5.1: the 16-byte tag of `message` under a one-time `key`; null unless the key is 32 bytes. */
export function poly1305Mac(key: Uint8Array, message: Uint8Array): Uint8Array | null {
  if (key.length != POLY1305_KEY_BYTES) return null;
  const mac = new Poly1305(key.dataStart);
  mac.update(message.dataStart, <usize>message.length);
  const tag = new Uint8Array(POLY1305_TAG_BYTES);
  mac.finish(tag.dataStart);
  return tag;
}
