// One ID-token check for both login and refresh: signature (jwt/jws.ts), then claims
// (jwt/claims.ts). Answers with a short error code, or UnknownKid so the caller can refetch keys.

import { Config } from "../config/config";
import { Jwks } from "../jwt/jwks";
import { verifyJws, JwsError } from "../jwt/jws";
import { validateIdToken, Expectations, ClaimError, claimErrorName, IdTokenClaims } from "../jwt/claims";

export class IdTokenCheck {
  error: string = "";
  unknownKid: bool = false;
  claims: IdTokenClaims | null = null;
}

function jwsErrorName(e: JwsError): string {
  switch (e) {
    case JwsError.Malformed: return "id_token_malformed";
    case JwsError.Encrypted: return "id_token_encrypted";
    case JwsError.BadHeader: return "id_token_bad_header";
    case JwsError.AlgNotAllowed: return "id_token_alg_not_allowed";
    case JwsError.CriticalHeader: return "id_token_crit_header";
    case JwsError.WrongType: return "id_token_wrong_typ";
    case JwsError.UnknownKid: return "id_token_unknown_kid";
    case JwsError.NoKey: return "id_token_no_key";
    case JwsError.AmbiguousKey: return "id_token_ambiguous_key";
    case JwsError.BadSignature: return "id_token_bad_signature";
    case JwsError.BadPayload: return "id_token_bad_payload";
    default: return "ok";
  }
}

export function checkIdToken(cfg: Config, jwks: Jwks, idToken: string, nonce: string | null, subject: string | null,
  accessToken: string, nowS: i64): IdTokenCheck {
  const out = new IdTokenCheck();
  const jws = verifyJws(idToken, jwks, cfg.allowedAlgs);
  const payload = jws.payload;
  if (jws.error != JwsError.None || payload === null) {
    out.error = jwsErrorName(jws.error);
    out.unknownKid = jws.error == JwsError.UnknownKid;
    return out;
  }
  const x = new Expectations();
  x.issuer = cfg.issuer;
  x.clientId = cfg.clientId;
  x.nonce = nonce;
  x.subject = subject;
  x.accessToken = accessToken;
  x.hash = jws.hash;
  x.nowS = nowS;
  x.skewS = cfg.clockSkewSeconds;
  const claims = validateIdToken(payload, x);
  if (claims.error != ClaimError.None) {
    out.error = "id_token_" + claimErrorName(claims.error);
    return out;
  }
  out.claims = claims;
  return out;
}
