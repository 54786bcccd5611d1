// ECDSA signature verification for JOSE ES256 (P-256 + SHA-256) and ES384 (P-384 + SHA-384), RFC 7518
// §3.4, following SEC 1 v2 §4.1.4. Everything verified here is public (key, message, signature), so
// the arithmetic runs in variable time. Every input of any length returns a bool; nothing traps.
import { sha256, sha384 } from "./sha2";
import { base64UrlDecode } from "../encoding/base64";
import { Arena } from "./ec/mp";
import { Curve, CurveParams, curveParams } from "./ec/curve";
import { Jacobian } from "./ec/jacobian";
import { mpAdd, mpCmp, mpFromBytesBE, mpInvMod, mpIsZero, mpSub, montMul } from "./ec/mp";
import { mulDoubleBase } from "./ec/shamir";

export { Curve };

/** An EC public key that has passed the point checks: coordinates in range and on the curve. */
export class EcPublicKey {
  private constructor(
    readonly curve: Curve,
    /** Affine x and y as little-endian u32 limbs. */
    private readonly xy: StaticArray<u32>,
  ) {}

  get x(): usize {
    return changetype<usize>(this.xy);
  }

  get y(): usize {
    return changetype<usize>(this.xy) + <usize>curveParams(this.curve).bytes;
  }

  /**
   * A key from big-endian affine coordinates. RFC 7518 §6.2.1.2 fixes their length to the field
   * size (32 or 48 bytes); each must be below p and the point must satisfy the curve equation, which
   * rules out invalid-curve attacks. The point at infinity has no affine form, so it never passes.
   */
  static fromCoordinates(curve: Curve, x: Uint8Array, y: Uint8Array): EcPublicKey | null {
    const c = curveParams(curve);
    if (x.length != c.bytes || y.length != c.bytes) return null;
    const xy = new StaticArray<u32>(2 * c.limbs);
    const px = changetype<usize>(xy);
    const py = px + <usize>c.bytes;
    mpFromBytesBE(px, x.dataStart, c.limbs);
    mpFromBytesBE(py, y.dataStart, c.limbs);
    if (mpCmp(px, c.p, c.limbs) >= 0 || mpCmp(py, c.p, c.limbs) >= 0) return null;
    if (!onCurve(c, px, py)) return null;
    return new EcPublicKey(curve, xy);
  }

  /** A key from the JWK members crv, x and y (RFC 7518 §6.2.1), x and y in strict base64url. */
  static fromJwk(crv: string, x64: string, y64: string): EcPublicKey | null {
    let curve: Curve;
    if (crv == "P-256") curve = Curve.P256;
    else if (crv == "P-384") curve = Curve.P384;
    else return null;
    const x = base64UrlDecode(x64);
    const y = base64UrlDecode(y64);
    if (x === null || y === null) return null;
    return EcPublicKey.fromCoordinates(curve, x, y);
  }
}

/** y^2 = x^3 - 3x + b (mod p). */
function onCurve(c: CurveParams, x: usize, y: usize): bool {
  const arena = new Arena();
  const lhs = arena.take(c.bytes);
  const rhs = arena.take(c.bytes);
  const t = arena.take(c.bytes);
  c.sqr(lhs, y);
  c.sqr(rhs, x);
  c.mul(rhs, rhs, x);
  c.add(t, x, x);
  c.add(t, t, x);
  c.sub(rhs, rhs, t);
  c.add(rhs, rhs, c.b);
  return memory.compare(lhs, rhs, <usize>c.bytes) == 0;
}

/**
 * Verifies a JWS ECDSA signature: the message is hashed with SHA-256 for P-256 and SHA-384 for
 * P-384 (RFC 7518 §3.4), and the signature is the fixed-width concatenation r || s (64 or 96 bytes).
 */
export function ecdsaVerify(key: EcPublicKey, message: Uint8Array, signature: Uint8Array): bool {
  const digest = key.curve == Curve.P256 ? sha256(message) : sha384(message);
  return ecdsaVerifyDigest(key, digest, signature);
}

/**
 * Verifies r || s over a digest computed by the caller. A digest longer than the group order is
 * truncated to its leftmost bits (SEC 1 §4.1.4 step 3); both curves' orders are whole bytes.
 */
export function ecdsaVerifyDigest(key: EcPublicKey, digest: Uint8Array, signature: Uint8Array): bool {
  const c = curveParams(key.curve);
  const limbs = c.limbs;
  const bytes = c.bytes;
  if (signature.length != 2 * bytes) return false; // DER or truncated forms are not JOSE signatures

  const arena = new Arena();
  const r = arena.take(bytes);
  const s = arena.take(bytes);
  mpFromBytesBE(r, signature.dataStart, limbs);
  mpFromBytesBE(s, signature.dataStart + <usize>bytes, limbs);
  // 1 <= r, s <= n - 1; r = s = 0 would otherwise verify anything (CVE-2022-21449)
  if (mpIsZero(r, limbs) || mpCmp(r, c.n, limbs) >= 0) return false;
  if (mpIsZero(s, limbs) || mpCmp(s, c.n, limbs) >= 0) return false;

  const e = arena.take(bytes);
  digestToScalar(c, e, digest, arena);

  const w = arena.take(bytes);
  const work = arena.take(4 * bytes + 8);
  if (!mpInvMod(w, s, c.n, limbs, work)) return false;
  const u1 = arena.take(bytes);
  const u2 = arena.take(bytes);
  // montMul(a, b) = a b / R; a second product with R^2 mod n cancels the 1 / R
  montMul(u1, e, w, c.n, limbs, c.nM0inv, work);
  montMul(u1, u1, c.nR2, c.n, limbs, c.nM0inv, work);
  montMul(u2, r, w, c.n, limbs, c.nM0inv, work);
  montMul(u2, u2, c.nR2, c.n, limbs, c.nM0inv, work);

  const jac = new Jacobian(c, arena);
  const point = jac.newPoint(arena);
  mulDoubleBase(jac, arena, point, u1, u2, key.x, key.y);
  if (jac.isInfinity(point)) return false;
  return xMatches(c, arena, point, r);
}

/** e: the leftmost `bytes` bytes of the digest as an integer (left-padded when shorter), mod n. */
function digestToScalar(c: CurveParams, e: usize, digest: Uint8Array, arena: Arena): void {
  const bytes = c.bytes;
  const padded = arena.take(bytes);
  const take = min(digest.length, bytes);
  memory.copy(padded + <usize>(bytes - take), digest.dataStart, <usize>take);
  mpFromBytesBE(e, padded, c.limbs);
  // e < 2^(8 bytes) < 2n for both curves, so one subtraction reduces it
  if (mpCmp(e, c.n, c.limbs) >= 0) mpSub(e, e, c.n, c.limbs);
}

/**
 * Whether the affine x of the Jacobian point, reduced mod n, equals r. x = X / Z^2 lies in [0, p)
 * and p < 2n, so x mod n = r means x = r or x = r + n; both are tested as X = x' Z^2 (mod p),
 * which needs no inversion.
 */
function xMatches(c: CurveParams, arena: Arena, point: usize, r: usize): bool {
  const limbs = c.limbs;
  const bytes = <usize>c.bytes;
  const zz = arena.take(c.bytes);
  const t = arena.take(c.bytes);
  c.sqr(zz, point + 2 * bytes);
  c.mul(t, r, zz);
  if (memory.compare(t, point, bytes) == 0) return true;
  const rn = arena.take(c.bytes);
  if (mpAdd(rn, r, c.n, limbs) != 0 || mpCmp(rn, c.p, limbs) >= 0) return false;
  c.mul(t, rn, zz);
  return memory.compare(t, point, bytes) == 0;
}
