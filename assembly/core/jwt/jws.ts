// Compact JWS verification (RFC 7515 §5.2) of an ID token: three base64url parts, a header whose
// alg is on the allow-list, no critical extensions we do not understand (§4.1.11), a signature by
// the one JWKS key that fits. The payload is returned only after the signature verified.

import { base64UrlDecode, base64UrlDecodeBytes } from "../encoding/base64";
import { utf8Encode } from "../encoding/utf8";
import { parseJson } from "../json/parser";
import { JsonValue } from "../json/value";
import { rsaVerifyPkcs1v15, rsaVerifyPss, hashLength } from "../crypto/rsa";
import { HashAlg } from "../crypto/sha2";
import { ecdsaVerify } from "../crypto/ecdsa";
import { ed25519Verify } from "../crypto/ed25519";
import { AlgSpec, Scheme, allowedAlg } from "./alg";
import { Jwks, Jwk, chooseKey, KeyLookup } from "./jwks";

/** Largest ID token accepted; it must still fit the session cookie (see session.ts). */
export const MAX_TOKEN_CHARS: i32 = 16 * 1024;

export enum JwsError {
  None,
  Malformed,
  /** Five parts: a JWE. Encrypted ID tokens are not configured (RFC 8725 §3.12). */
  Encrypted,
  BadHeader,
  AlgNotAllowed,
  CriticalHeader,
  /** The header is typed as another kind of token (access token, logout token). */
  WrongType,
  UnknownKid,
  NoKey,
  AmbiguousKey,
  BadSignature,
  BadPayload,
}

export class JwsResult {
  /** The hash of the verified algorithm (for at_hash); meaningful only on success. */
  hash: HashAlg = HashAlg.SHA256;
  constructor(public error: JwsError, public payload: JsonValue | null, public kid: string | null) {}
}

function fail(e: JwsError, kid: string | null = null): JwsResult {
  return new JwsResult(e, null, kid);
}

function verifyWith(key: Jwk, spec: AlgSpec, signingInput: Uint8Array, sig: Uint8Array): bool {
  if (spec.scheme == Scheme.Pkcs1v15) {
    const rsa = key.rsa;
    return rsa !== null && rsaVerifyPkcs1v15(rsa, spec.hash, signingInput, sig);
  }
  if (spec.scheme == Scheme.Pss) {
    // RFC 7518 §3.5: the salt is as long as the hash output.
    const rsa = key.rsa;
    return rsa !== null && rsaVerifyPss(rsa, spec.hash, signingInput, sig, hashLength(spec.hash));
  }
  if (spec.scheme == Scheme.Ecdsa) {
    const ec = key.ec;
    return ec !== null && ecdsaVerify(ec, signingInput, sig);
  }
  const ed = key.ed25519;
  return ed !== null && ed25519Verify(ed, signingInput, sig);
}

/** Verifies a compact JWS against the JWKS with the configured algorithms. */
export function verifyJws(token: string, jwks: Jwks, allowed: Array<string>): JwsResult {
  if (token.length == 0 || token.length > MAX_TOKEN_CHARS) return fail(JwsError.Malformed);
  const d1 = token.indexOf(".");
  const d2 = d1 < 0 ? -1 : token.indexOf(".", d1 + 1);
  if (d1 <= 0 || d2 < 0) return fail(JwsError.Malformed);
  if (token.indexOf(".", d2 + 1) >= 0) return fail(JwsError.Encrypted);
  const headerBytes = base64UrlDecode(token.substring(0, d1));
  if (headerBytes === null) return fail(JwsError.BadHeader);
  const parsedHeader = parseJson(headerBytes);
  const header = parsedHeader.value;
  if (!parsedHeader.ok || header === null || !header.isObject()) return fail(JwsError.BadHeader);
  const algName = header.getString("alg");
  if (algName === null) return fail(JwsError.BadHeader);
  const spec = allowedAlg(algName, allowed);
  if (spec === null) return fail(JwsError.AlgNotAllowed);
  if (header.has("crit")) return fail(JwsError.CriticalHeader);
  const typ = header.get("typ");
  if (typ !== null) {
    const t = typ.asString();
    // RFC 8725 §3.11: explicit typing keeps access tokens (RFC 9068 "at+jwt") and logout tokens
    // ("logout+jwt") from being replayed as ID tokens.
    if (t === null || (t.toUpperCase() != "JWT" && t.toLowerCase() != "application/jwt")) return fail(JwsError.WrongType);
  }
  let kid: string | null = null;
  const kidValue = header.get("kid");
  if (kidValue !== null) {
    kid = kidValue.asString();
    if (kid === null) return fail(JwsError.BadHeader);
  }
  const choice = chooseKey(jwks, spec, kid);
  if (choice.outcome == KeyLookup.UnknownKid) return fail(JwsError.UnknownKid, kid);
  if (choice.outcome == KeyLookup.Ambiguous) return fail(JwsError.AmbiguousKey, kid);
  const key = choice.key;
  if (choice.outcome != KeyLookup.Found || key === null) return fail(JwsError.NoKey, kid);
  const sig = base64UrlDecode(token.substring(d2 + 1));
  if (sig === null) return fail(JwsError.BadSignature, kid);
  const signingInput = utf8Encode(token.substring(0, d2));
  if (!verifyWith(key, spec, signingInput, sig)) return fail(JwsError.BadSignature, kid);
  const payloadBytes = base64UrlDecodeBytes(signingInput, d1 + 1, d2);
  if (payloadBytes === null) return fail(JwsError.BadPayload, kid);
  const parsedPayload = parseJson(payloadBytes);
  const payload = parsedPayload.value;
  if (!parsedPayload.ok || payload === null || !payload.isObject()) return fail(JwsError.BadPayload, kid);
  const ok = new JwsResult(JwsError.None, payload, kid);
  ok.hash = spec.hash;
  return ok;
}
