// ID token claim checks of OpenID Connect Core §3.1.3.7 (and §12.2 after a refresh), with a
// bounded clock skew. Every failure has its own code so tests and logs can name it.

import { JsonValue } from "../json/value";
import { utf8Encode } from "../encoding/utf8";
import { base64UrlEncode } from "../encoding/base64";
import { hashWith, HashAlg, hashLength } from "../crypto/sha2";
import { constantTimeEqual } from "../crypto/ct";

export enum ClaimError {
  None, Issuer, Audience, AuthorizedParty, NoExpiry, Expired, NoIssuedAt, IssuedInFuture, NotYetValid,
  NoSubject, SubjectChanged, Nonce, AccessTokenHash, NotAnIdToken,
}

export function claimErrorName(e: ClaimError): string {
  switch (e) {
    case ClaimError.Issuer: return "iss_mismatch";
    case ClaimError.Audience: return "aud_mismatch";
    case ClaimError.AuthorizedParty: return "azp_mismatch";
    case ClaimError.NoExpiry: return "exp_missing";
    case ClaimError.Expired: return "expired";
    case ClaimError.NoIssuedAt: return "iat_missing";
    case ClaimError.IssuedInFuture: return "iat_in_future";
    case ClaimError.NotYetValid: return "nbf_in_future";
    case ClaimError.NoSubject: return "sub_missing";
    case ClaimError.SubjectChanged: return "sub_changed";
    case ClaimError.Nonce: return "nonce_mismatch";
    case ClaimError.AccessTokenHash: return "at_hash_mismatch";
    case ClaimError.NotAnIdToken: return "not_an_id_token";
    default: return "ok";
  }
}

export class Expectations {
  issuer: string = "";
  clientId: string = "";
  /** The nonce sent with the authorization request; null after a refresh (§12.2: not required). */
  nonce: string | null = null;
  /** The subject of the session being refreshed; null at login. */
  subject: string | null = null;
  /** The access token issued with the ID token, for at_hash; "" when none. */
  accessToken: string = "";
  /** Hash of the signing algorithm, for at_hash (§3.1.3.8 / §3.2.2.9). */
  hash: HashAlg = HashAlg.SHA256;
  nowS: i64 = 0;
  skewS: i64 = 60;
}

export class IdTokenClaims {
  error: ClaimError = ClaimError.None;
  sub: string = "";
  exp: i64 = 0;
}

/** A NumericDate (RFC 7519 §2): a number of seconds, fractions truncated; null when not one. */
function numericDate(payload: JsonValue, key: string): JsonValue | null {
  const v = payload.get(key);
  return v !== null && v.isNumber() ? v : null;
}

function seconds(v: JsonValue): i64 {
  const exact = v.asSafeInteger();
  if (exact.ok) return exact.value;
  const f = v.asNumber();
  // Beyond ±2^53 a date is nonsense; clamp so comparisons stay meaningful and never overflow.
  if (!f.ok || isNaN(f.value)) return 0;
  if (f.value > 9007199254740991.0) return 9007199254740991;
  if (f.value < -9007199254740991.0) return -9007199254740991;
  return <i64>Math.floor(f.value);
}

function audienceIsExactly(payload: JsonValue, clientId: string): bool {
  const aud = payload.get("aud");
  if (aud === null) return false;
  const single = aud.asString();
  if (single !== null) return single == clientId;
  // §3.1.3.7 (3): reject when other audiences are present that we do not trust; we trust none.
  if (!aud.isArray() || aud.length != 1) return false;
  const only = aud.at(0);
  return only !== null && only.asString() == clientId;
}

/** at_hash (§3.1.3.8): base64url of the left half of the hash of the access token's ASCII bytes. */
export function accessTokenHash(accessToken: string, alg: HashAlg): string {
  const digest = hashWith(alg, utf8Encode(accessToken));
  return base64UrlEncode(digest.subarray(0, hashLength(alg) / 2));
}

export function validateIdToken(payload: JsonValue, x: Expectations): IdTokenClaims {
  const out = new IdTokenClaims();
  // Logout tokens (Back-Channel Logout §2.4) carry "events" and must never pass as ID tokens.
  if (payload.has("events")) { out.error = ClaimError.NotAnIdToken; return out; }
  if (payload.getString("iss") != x.issuer) { out.error = ClaimError.Issuer; return out; }
  if (!audienceIsExactly(payload, x.clientId)) { out.error = ClaimError.Audience; return out; }
  const azp = payload.get("azp");
  if (azp !== null && azp.asString() != x.clientId) { out.error = ClaimError.AuthorizedParty; return out; }
  const exp = numericDate(payload, "exp");
  if (exp === null) { out.error = ClaimError.NoExpiry; return out; }
  out.exp = seconds(exp);
  if (out.exp + x.skewS <= x.nowS) { out.error = ClaimError.Expired; return out; }
  const iat = numericDate(payload, "iat");
  if (iat === null) { out.error = ClaimError.NoIssuedAt; return out; }
  if (seconds(iat) > x.nowS + x.skewS) { out.error = ClaimError.IssuedInFuture; return out; }
  if (payload.has("nbf")) {
    const nbf = numericDate(payload, "nbf");
    if (nbf === null || seconds(nbf) > x.nowS + x.skewS) { out.error = ClaimError.NotYetValid; return out; }
  }
  const sub = payload.getString("sub");
  // §2: sub is a case-sensitive string of at most 255 ASCII characters.
  if (sub === null || sub.length == 0 || sub.length > 255) { out.error = ClaimError.NoSubject; return out; }
  out.sub = sub;
  const expectedSub = x.subject;
  if (expectedSub !== null && sub != expectedSub) { out.error = ClaimError.SubjectChanged; return out; }
  const expectedNonce = x.nonce;
  if (expectedNonce !== null) {
    const nonce = payload.getString("nonce");
    if (nonce === null || !constantTimeEqual(utf8Encode(nonce), utf8Encode(expectedNonce))) {
      out.error = ClaimError.Nonce;
      return out;
    }
  }
  const atHash = payload.get("at_hash");
  if (atHash !== null && x.accessToken.length > 0) {
    if (atHash.asString() != accessTokenHash(x.accessToken, x.hash)) { out.error = ClaimError.AccessTokenHash; return out; }
  }
  return out;
}
