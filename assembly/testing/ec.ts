// Test-only exports over the EC signature code, compiled release-optimized into build/testing/ec.wasm
// for the differential tests (tests/host/crypto/ec.test.ts) and the benchmark (bench/crypto/ec.ts).
import { Curve, EcPublicKey, ecdsaVerify, ecdsaVerifyDigest } from "../core/crypto/ecdsa";
import { ed25519Verify as verifyEd25519 } from "../core/crypto/ed25519";

function curveOf(id: i32): Curve {
  return id == 384 ? Curve.P384 : Curve.P256;
}

/** Whether (x, y) is accepted as a public key on P-256 (curveId 256) or P-384 (384). */
export function ecKeyValid(curveId: i32, x: Uint8Array, y: Uint8Array): bool {
  return EcPublicKey.fromCoordinates(curveOf(curveId), x, y) !== null;
}

/** ES256 / ES384 verification from raw coordinates; an invalid key verifies nothing. */
export function ecdsaVerifyRaw(curveId: i32, x: Uint8Array, y: Uint8Array, message: Uint8Array, signature: Uint8Array): bool {
  const key = EcPublicKey.fromCoordinates(curveOf(curveId), x, y);
  if (key === null) return false;
  return ecdsaVerify(key, message, signature);
}

/** The same from JWK members. */
export function ecdsaVerifyJwk(crv: string, x: string, y: string, message: Uint8Array, signature: Uint8Array): bool {
  const key = EcPublicKey.fromJwk(crv, x, y);
  if (key === null) return false;
  return ecdsaVerify(key, message, signature);
}

/** Verification over a caller-supplied digest. */
export function ecdsaVerifyPrehashed(curveId: i32, x: Uint8Array, y: Uint8Array, digest: Uint8Array, signature: Uint8Array): bool {
  const key = EcPublicKey.fromCoordinates(curveOf(curveId), x, y);
  if (key === null) return false;
  return ecdsaVerifyDigest(key, digest, signature);
}

export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): bool {
  return verifyEd25519(publicKey, message, signature);
}

const benchKeys: EcPublicKey[] = [];

/**
 * Parses and keeps a key for the benchmark, which then times verification alone, as node:crypto's
 * KeyObject does. Returns the key's handle, or -1 for an invalid key.
 */
export function benchAddKey(curveId: i32, x: Uint8Array, y: Uint8Array): i32 {
  const key = EcPublicKey.fromCoordinates(curveOf(curveId), x, y);
  if (key === null) return -1;
  benchKeys.push(key);
  return benchKeys.length - 1;
}

export function benchVerify(handle: i32, message: Uint8Array, signature: Uint8Array): bool {
  if (handle < 0 || handle >= benchKeys.length) return false;
  return ecdsaVerify(unchecked(benchKeys[handle]), message, signature);
}

