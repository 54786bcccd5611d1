// HMAC (RFC 2104) over the SHA-2 family (RFC 4231 vectors). Signs the session and state cookies' key
// derivation (via HKDF) and any HS256 the configuration allows for its own tokens.
import { HashAlg, Hasher, blockLength, hashLength, hashWith } from "./sha2";
import { constantTimeEqual } from "./ct";

// RFC 2104 §2: the inner and outer pads.
const IPAD: u8 = 0x36;
const OPAD: u8 = 0x5c;

/**
 * An HMAC key, expanded once into the inner and outer hash states so that many messages (HKDF-Expand
 * blocks, repeated cookie checks) can be MACed without hashing the padded key again.
 */
export class Hmac {
  private inner: Hasher;
  private outer: Hasher;

  constructor(public readonly alg: HashAlg, key: Uint8Array) {
    const b = blockLength(alg);
    // RFC 2104 §2: keys longer than the block are first hashed; shorter ones are zero-padded.
    const k = key.length > b ? hashWith(alg, key) : key;
    const pad = new Uint8Array(b);
    const kp = k.dataStart;
    const pp = pad.dataStart;
    const klen = k.length;
    for (let i = 0; i < b; i++) {
      const kb = i < klen ? load<u8>(kp + <usize>i) : <u8>0;
      store<u8>(pp + <usize>i, kb ^ IPAD);
    }
    const inner = new Hasher(alg);
    inner.update(pad);
    for (let i = 0; i < b; i++) {
      store<u8>(pp + <usize>i, load<u8>(pp + <usize>i) ^ IPAD ^ OPAD);
    }
    const outer = new Hasher(alg);
    outer.update(pad);
    this.inner = inner;
    this.outer = outer;
    pad.fill(0); // the padded key is key material
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

/** HMAC-<alg>(key, msg) (RFC 2104). */
export function hmac(alg: HashAlg, key: Uint8Array, msg: Uint8Array): Uint8Array {
  return new Hmac(alg, key).mac(msg);
}

/** True when tag is the full-length HMAC-<alg>(key, msg); constant-time over the tag bytes. */
export function hmacVerify(alg: HashAlg, key: Uint8Array, msg: Uint8Array, tag: Uint8Array): bool {
  return new Hmac(alg, key).verify(msg, tag);
}
