// A JSON Web Key Set (RFC 7517 §5) from the IdP, reduced to the verification keys we can use.
// Entries we cannot parse, encryption keys and keys for other operations are skipped, not fatal
// (conformance oidcc-client-test-ignores-unparseable-key-in-jwks). Keys are chosen by kid, kty,
// alg, use and crv; "no key" and "several keys" are different answers (RFC 8725 §3.10: kid is
// only a hint, jku/x5u/jwk/x5c in a token header are never followed).

import { parseJson } from "../json/parser";
import { JsonValue } from "../json/value";
import { RsaPublicKey } from "../crypto/rsa";
import { EcPublicKey } from "../crypto/ecdsa";
import { base64UrlDecode } from "../encoding/base64";
import { AlgSpec, KeyType } from "./alg";

/** More keys than any IdP publishes; bounds the work of a hostile JWKS. */
export const MAX_JWKS_KEYS: i32 = 64;
/** Longest kid we compare; longer ones simply never match. */
const MAX_KID_CHARS: i32 = 256;

export class Jwk {
  kid: string | null = null;
  kty: KeyType = KeyType.RSA;
  /** The key's "alg" member, "" when absent (then any algorithm of its type may use it). */
  alg: string = "";
  crv: string = "";
  rsa: RsaPublicKey | null = null;
  ec: EcPublicKey | null = null;
  ed25519: Uint8Array | null = null;
}

export class Jwks {
  keys: Array<Jwk> = new Array<Jwk>();
}

export enum KeyLookup { Found, UnknownKid, NoMatch, Ambiguous }

export class KeyChoice {
  constructor(public outcome: KeyLookup, public key: Jwk | null) {}
}

/** Parses a JWKS document; null when it is not an object with a "keys" array. */
export function parseJwks(body: Uint8Array): Jwks | null {
  const parsed = parseJson(body);
  const doc = parsed.value;
  if (!parsed.ok || doc === null || !doc.isObject()) return null;
  const list = doc.getArray("keys");
  if (list === null) return null;
  const out = new Jwks();
  const n = min(list.length, MAX_JWKS_KEYS);
  for (let i = 0; i < n; i++) {
    const entry = list.at(i);
    if (entry === null || !entry.isObject()) continue;
    const k = parseKey(entry);
    if (k !== null) out.keys.push(k);
  }
  return out;
}

function usableForVerify(entry: JsonValue): bool {
  const use = entry.get("use");
  if (use !== null && use.asString() != "sig") return false;
  const ops = entry.getArray("key_ops");
  if (ops === null) return !entry.has("key_ops");
  for (let i = 0; i < ops.length; i++) {
    const op = ops.at(i);
    if (op !== null && op.asString() == "verify") return true;
  }
  return false;
}

function parseKey(entry: JsonValue): Jwk | null {
  if (!usableForVerify(entry)) return null;
  const kty = entry.getString("kty");
  const k = new Jwk();
  const kidValue = entry.get("kid");
  if (kidValue !== null) {
    const kid = kidValue.asString();
    if (kid === null) return null;
    k.kid = kid;
  }
  const alg = entry.get("alg");
  if (alg !== null) {
    const a = alg.asString();
    if (a === null) return null;
    k.alg = a;
  }
  if (kty == "RSA") {
    const n = entry.getString("n");
    const e = entry.getString("e");
    if (n === null || e === null) return null;
    k.kty = KeyType.RSA;
    k.rsa = RsaPublicKey.fromJwk(n, e);
    return k.rsa === null ? null : k;
  }
  const crv = entry.getString("crv");
  const x = entry.getString("x");
  if (crv === null || x === null) return null;
  k.crv = crv;
  if (kty == "EC") {
    const y = entry.getString("y");
    if (y === null) return null;
    k.kty = KeyType.EC;
    k.ec = EcPublicKey.fromJwk(crv, x, y);
    return k.ec === null ? null : k;
  }
  if (kty == "OKP" && crv == "Ed25519") {
    const raw = base64UrlDecode(x);
    if (raw === null || raw.length != 32) return null;
    k.kty = KeyType.OKP;
    k.ed25519 = raw;
    return k;
  }
  return null;
}

function fits(k: Jwk, spec: AlgSpec): bool {
  if (k.kty != spec.keyType) return false;
  if (k.alg.length > 0 && k.alg != spec.name) return false;
  if (spec.curve.length > 0 && k.crv != spec.curve) return false;
  return true;
}

/**
 * The one key for a token signed with `spec` and header `kid` (null when absent). A kid nobody has
 * is UnknownKid (the caller may refetch the JWKS once); without a kid, exactly one fitting key is
 * required (conformance rp-id_token-kid-absent-single-jwks / -multiple-jwks).
 */
export function chooseKey(jwks: Jwks, spec: AlgSpec, kid: string | null): KeyChoice {
  let found: Jwk | null = null;
  let count = 0;
  let kidSeen = false;
  // An absurdly long kid cannot be a real key id: a plain miss, not a reason to refetch keys.
  if (kid !== null && kid.length > MAX_KID_CHARS) return new KeyChoice(KeyLookup.NoMatch, null);
  for (let i = 0; i < jwks.keys.length; i++) {
    const k = unchecked(jwks.keys[i]);
    if (kid !== null) {
      if (k.kid === null || k.kid != kid) continue;
      kidSeen = true;
    }
    if (!fits(k, spec)) continue;
    found = k;
    count++;
  }
  if (count == 1) return new KeyChoice(KeyLookup.Found, found);
  if (count > 1) return new KeyChoice(KeyLookup.Ambiguous, null);
  if (kid !== null && !kidSeen) return new KeyChoice(KeyLookup.UnknownKid, null);
  return new KeyChoice(KeyLookup.NoMatch, null);
}

