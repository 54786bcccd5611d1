// The SHA-2 family behind one enum, so that JWS algorithms (RS256/384/512, ES256/384), HMAC and HKDF
// can name the hash they need without a switch of their own.
import { Sha256, sha256, SHA256_BLOCK_LENGTH, SHA256_DIGEST_LENGTH } from "./sha256";
import {
  Sha512, Sha384, sha384, sha512,
  SHA512_BLOCK_LENGTH, SHA512_DIGEST_LENGTH, SHA384_DIGEST_LENGTH,
} from "./sha512";

export { Sha256, sha256, Sha512, Sha384, sha384, sha512 };
export { SHA256_BLOCK_LENGTH, SHA256_DIGEST_LENGTH, SHA512_BLOCK_LENGTH, SHA512_DIGEST_LENGTH, SHA384_DIGEST_LENGTH };

export enum HashAlg {
  SHA256,
  SHA384,
  SHA512,
}

/** Digest length in bytes. */
export function hashLength(alg: HashAlg): i32 {
  if (alg == HashAlg.SHA256) return SHA256_DIGEST_LENGTH;
  if (alg == HashAlg.SHA384) return SHA384_DIGEST_LENGTH;
  return SHA512_DIGEST_LENGTH;
}

/** Block length in bytes (the HMAC key-pad width, RFC 2104 §2 "B"). */
export function blockLength(alg: HashAlg): i32 {
  return alg == HashAlg.SHA256 ? SHA256_BLOCK_LENGTH : SHA512_BLOCK_LENGTH;
}

/** One-shot digest with the chosen algorithm. */
export function hashWith(alg: HashAlg, data: Uint8Array): Uint8Array {
  if (alg == HashAlg.SHA256) return sha256(data);
  if (alg == HashAlg.SHA384) return sha384(data);
  return sha512(data);
}

/** An incremental hasher for any HashAlg: one of the two engines, chosen at construction. */
export class Hasher {
  private narrow: Sha256 | null = null;
  private wide: Sha512 | null = null;

  /** A fresh hasher; `withEngine` false leaves it empty for `copy` to fill. */
  constructor(public readonly alg: HashAlg, withEngine: bool = true) {
    if (withEngine) {
      if (alg == HashAlg.SHA256) this.narrow = new Sha256();
      else this.wide = new Sha512(alg == HashAlg.SHA384);
    }
  }

  update(data: Uint8Array): void {
    this.absorb(data.dataStart, data.length);
  }

  /** Hashes `length` bytes at `ptr`; the caller guarantees they lie inside one live buffer. */
  absorb(ptr: usize, length: i32): void {
    const narrow = this.narrow;
    if (narrow !== null) narrow.absorb(ptr, length);
    else changetype<Sha512>(this.wide).absorb(ptr, length);
  }

  /** The digest so far; the hasher is left unchanged. */
  digest(): Uint8Array {
    const narrow = this.narrow;
    if (narrow !== null) return narrow.digest();
    return changetype<Sha512>(this.wide).digest();
  }

  /** The digest; cheaper than `digest` but the hasher must be `reset` before reuse. */
  finish(): Uint8Array {
    const narrow = this.narrow;
    if (narrow !== null) return narrow.finish();
    return changetype<Sha512>(this.wide).finish();
  }

  reset(): void {
    const narrow = this.narrow;
    if (narrow !== null) narrow.reset();
    else changetype<Sha512>(this.wide).reset();
  }

  /** An independent hasher in the same state. */
  copy(): Hasher {
    const c = new Hasher(this.alg, false);
    const narrow = this.narrow;
    if (narrow !== null) c.narrow = narrow.copy();
    else c.wide = changetype<Sha512>(this.wide).copy();
    return c;
  }
}
