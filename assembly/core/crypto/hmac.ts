// HMAC (RFC 2104) over the SHA-2 family (RFC 4231 vectors). HKDF is built on it, and through HKDF
// the purpose-bound keys of the session and state cookies.
import { HashAlg, Hasher, blockLength, hashLength, hashWith } from "./sha2";
import { constantTimeEqual } from "./ct";

// RFC 2104 §2: the inner and outer pads.
const IPAD: u8 = 0x36;
const OPAD: u8 = 0x5c;

/** RFC 2104 §2 steps 1-2: the key (hashed first if longer than the block), zero-padded, XOR ipad. */
function innerPad(alg: HashAlg, key: Uint8Array): Uint8Array {
  const b = blockLength(alg);
  const k = key.length > b ? hashWith(alg, key) : key;
  const pad = new Uint8Array(b);
  const kp = k.dataStart;
  const pp = pad.dataStart;
  const klen = k.length;
  for (let i = 0; i < b; i++) {
    const kb = i < klen ? load<u8>(kp + <usize>i) : <u8>0;
    store<u8>(pp + <usize>i, kb ^ IPAD);
  }
  return pad;
}

/** Turns K XOR ipad into K XOR opad in place (RFC 2104 §2 step 5). */
function flipToOuterPad(pad: Uint8Array): void {
  const pp = pad.dataStart;
  const n = pad.length;
  for (let i = 0; i < n; i++) {
    store<u8>(pp + <usize>i, load<u8>(pp + <usize>i) ^ IPAD ^ OPAD);
  }
}

/**
 * An HMAC key, expanded once into the inner and outer hash states so that many messages (HKDF-Expand
 * blocks, repeated cookie checks) can be MACed without hashing the padded key again.
 */
export class Hmac {
  private inner: Hasher;
  private outer: Hasher;

  constructor(public readonly alg: HashAlg, key: Uint8Array) {
    const pad = innerPad(alg, key);
    const inner = new Hasher(alg);
    inner.update(pad);
    flipToOuterPad(pad);
    const outer = new Hasher(alg);
    outer.update(pad);
    pad.fill(0); // the padded key is key material
    this.inner = inner;
    this.outer = outer;
  }

  /** A MAC computation keyed with this key: call update(), then digest(). */
  start(): HmacRun {
    return new HmacRun(this.inner.copy(), this.outer);
  }

  /** HMAC of one message. */
  mac(msg: Uint8Array): Uint8Array {
    const run = this.start();
    run.update(msg);
    return run.digest();
  }

  /** True when tag is the full-length HMAC of msg; compared in constant time. */
  verify(msg: Uint8Array, tag: Uint8Array): bool {
    if (tag.length != hashLength(this.alg)) return false;
    return constantTimeEqual(this.mac(msg), tag);
  }
}

/** One message being MACed; single use. */
export class HmacRun {
  constructor(
    private inner: Hasher,
    private outer: Hasher,
  ) {}

  update(data: Uint8Array): void {
    this.inner.update(data);
  }

  /** Hashes `length` bytes at `ptr`; the caller guarantees they lie inside one live buffer. */
  absorb(ptr: usize, length: i32): void {
    this.inner.absorb(ptr, length);
  }

  digest(): Uint8Array {
    const outer = this.outer.copy();
    outer.update(this.inner.finish());
    return outer.finish();
  }
}

/** HMAC-<alg>(key, msg) (RFC 2104). One pass, without the state copies a reusable Hmac needs. */
export function hmac(alg: HashAlg, key: Uint8Array, msg: Uint8Array): Uint8Array {
  const pad = innerPad(alg, key);
  const h = new Hasher(alg);
  h.update(pad);
  h.update(msg);
  const innerDigest = h.finish();
  h.reset();
  flipToOuterPad(pad);
  h.update(pad);
  pad.fill(0);
  h.update(innerDigest);
  return h.finish();
}

/** True when tag is the full-length HMAC-<alg>(key, msg); constant-time over the tag bytes. */
export function hmacVerify(alg: HashAlg, key: Uint8Array, msg: Uint8Array, tag: Uint8Array): bool {
  if (tag.length != hashLength(alg)) return false;
  return constantTimeEqual(hmac(alg, key, msg), tag);
}
