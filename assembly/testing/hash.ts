// Test-only module: the encoding and hash primitives of the core, exported for the differential
// tests (tests/host/crypto/hash.test.ts, encoding.test.ts) and the benchmark (bench/crypto/hash.ts).
// Compiled by `npm run build -- testing` with -O3, i.e. the code Envoy runs, not a debug build.
import { HashAlg, hashWith, Hasher } from "../core/crypto/sha2";
import * as sha2 from "../core/crypto/sha2";
import * as mac from "../core/crypto/hmac";
import * as kdf from "../core/crypto/hkdf";
import * as ct from "../core/crypto/ct";
import * as b64 from "../core/encoding/base64";
import * as hex from "../core/encoding/hex";
import * as utf8 from "../core/encoding/utf8";

/** HashAlg as a plain integer across the boundary: 0 SHA-256, 1 SHA-384, 2 SHA-512. */
function alg(a: i32): HashAlg {
  return a == 1 ? HashAlg.SHA384 : a == 2 ? HashAlg.SHA512 : HashAlg.SHA256;
}

export function sha256(data: Uint8Array): Uint8Array {
  return sha2.sha256(data);
}
export function sha384(data: Uint8Array): Uint8Array {
  return sha2.sha384(data);
}
export function sha512(data: Uint8Array): Uint8Array {
  return sha2.sha512(data);
}
export function hash(a: i32, data: Uint8Array): Uint8Array {
  return hashWith(alg(a), data);
}

/** The same digest computed incrementally, the input fed in pieces of `step` bytes. */
export function hashInPieces(a: i32, data: Uint8Array, step: i32): Uint8Array {
  const h = new Hasher(alg(a));
  const n = data.length;
  const s = max(step, 1);
  for (let i = 0; i < n; i += s) h.update(data.subarray(i, min(i + s, n)));
  return h.digest();
}

/** Runs SHA-256 `times` times inside the module (for the benchmark: no boundary copies). */
export function sha256Repeat(data: Uint8Array, times: i32): Uint8Array {
  let out = new Uint8Array(32);
  for (let i = 0; i < times; i++) out = sha2.sha256(data);
  return out;
}

export function hmac(a: i32, key: Uint8Array, msg: Uint8Array): Uint8Array {
  return mac.hmac(alg(a), key, msg);
}
export function hmacVerify(a: i32, key: Uint8Array, msg: Uint8Array, tag: Uint8Array): bool {
  return mac.hmacVerify(alg(a), key, msg, tag);
}
export function hkdf(a: i32, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: i32): Uint8Array | null {
  return kdf.hkdf(alg(a), ikm, salt, info, length);
}
export function hkdfExtract(a: i32, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return kdf.hkdfExtract(alg(a), salt, ikm);
}
export function hkdfExpand(a: i32, prk: Uint8Array, info: Uint8Array, length: i32): Uint8Array | null {
  return kdf.hkdfExpand(alg(a), prk, info, length);
}
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): bool {
  return ct.constantTimeEqual(a, b);
}

export function base64Encode(b: Uint8Array): string {
  return b64.base64Encode(b);
}
export function base64Decode(s: string): Uint8Array | null {
  return b64.base64Decode(s);
}
export function base64UrlEncode(b: Uint8Array): string {
  return b64.base64UrlEncode(b);
}
export function base64UrlEncodeToBytes(b: Uint8Array): Uint8Array {
  return b64.base64UrlEncodeToBytes(b);
}
export function base64UrlDecode(s: string): Uint8Array | null {
  return b64.base64UrlDecode(s);
}
export function base64UrlDecodeBytes(b: Uint8Array, start: i32, end: i32): Uint8Array | null {
  return b64.base64UrlDecodeBytes(b, start, end);
}
export function base64AnyDecode(s: string): Uint8Array | null {
  return b64.base64AnyDecode(s);
}

export function hexEncode(b: Uint8Array): string {
  return hex.hexEncode(b);
}
export function hexDecode(s: string): Uint8Array | null {
  return hex.hexDecode(s);
}

export function isValidUtf8(b: Uint8Array): bool {
  return utf8.isValidUtf8(b);
}
export function utf8Decode(b: Uint8Array): string | null {
  return utf8.utf8Decode(b);
}
export function utf8Encode(s: string): Uint8Array {
  return utf8.utf8Encode(s);
}

