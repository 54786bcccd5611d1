import { checkIdToken, IdTokenCheck } from "../../../assembly/core/oidc/verify";
import { validateIdToken, Expectations, ClaimError, accessTokenHash } from "../../../assembly/core/jwt/claims";
import { parseJwks } from "../../../assembly/core/jwt/jwks";
import { parseJsonString } from "../../../assembly/core/json/parser";
import { HashAlg } from "../../../assembly/core/crypto/sha2";
import { utf8Encode } from "../../../assembly/core/encoding/utf8";
import { Config } from "../../../assembly/core/config/config";
import { ConfigBuilder } from "./helpers";
import * as F from "./jwt-fixtures";

function config(): Config {
  return new ConfigBuilder().set("allowed_algs", '["RS256","PS256","ES256","EdDSA"]').build();
}

/** A login check: nonce expected, no subject yet. */
function login(token: string, now: i64 = F.FX_NOW, accessToken: string = ""): IdTokenCheck {
  return checkIdToken(config(), parseJwks(utf8Encode(F.JWKS_MAIN))!, token, F.FX_NONCE, null, accessToken, now);
}
/** A refresh check: no nonce, the session's subject. */
function refresh(token: string): IdTokenCheck {
  return checkIdToken(config(), parseJwks(utf8Encode(F.JWKS_MAIN))!, token, null, "user-1", "", F.FX_NOW);
}
function error(token: string): string {
  return login(token).error;
}

describe("ID token claims (OIDC Core §3.1.3.7; security.md A)", () => {
  it("a valid token passes and yields sub and exp", () => {
    const c = login(F.VALID_RS256);
    expect(c.error).toBe("");
    expect(c.claims!.sub).toBe("user-1");
    expect(c.claims!.exp).toBe(F.FX_NOW + 600);
  });
  it("PS256, ES256 and EdDSA tokens pass", () => {
    expect(error(F.VALID_PS256)).toBe("");
    expect(error(F.VALID_ES256)).toBe("");
    expect(error(F.VALID_EDDSA)).toBe("");
  });
  it("iss with a trailing slash is refused", () => {
    expect(error(F.ISS_TRAILING_SLASH)).toBe("id_token_iss_mismatch");
  });
  it("iss differing only in case is refused", () => {
    expect(error(F.ISS_UPPER_CASE)).toBe("id_token_iss_mismatch");
  });
  it("iss with http instead of https is refused", () => {
    expect(error(F.ISS_HTTP)).toBe("id_token_iss_mismatch");
  });
  it("a wrong or missing iss is refused", () => {
    expect(error(F.ISS_WRONG)).toBe("id_token_iss_mismatch");
    expect(error(F.ISS_MISSING)).toBe("id_token_iss_mismatch");
  });
  it("aud absent is refused", () => {
    expect(error(F.AUD_MISSING)).toBe("id_token_aud_mismatch");
  });
  it("aud wrong is refused", () => {
    expect(error(F.AUD_WRONG)).toBe("id_token_aud_mismatch");
  });
  it("aud [] is refused (CVE-2020-26160)", () => {
    expect(error(F.AUD_EMPTY_ARRAY)).toBe("id_token_aud_mismatch");
  });
  it("aud [client, \"untrusted\"] is refused", () => {
    expect(error(F.AUD_WITH_UNTRUSTED)).toBe("id_token_aud_mismatch");
  });
  it("several audiences are refused even with azp = client", () => {
    expect(error(F.AUD_MULTI_WITH_AZP)).toBe("id_token_aud_mismatch");
  });
  it("aud as a number is refused", () => {
    expect(error(F.AUD_NUMBER)).toBe("id_token_aud_mismatch");
  });
  it("aud [client] and azp = client pass", () => {
    expect(error(F.VALID_RS256_AUD_ARRAY)).toBe("");
    expect(error(F.VALID_RS256_AZP)).toBe("");
  });
  it("azp other than the client is refused", () => {
    expect(error(F.AZP_MISMATCH)).toBe("id_token_azp_mismatch");
  });
  it("exp in the past beyond the skew is refused", () => {
    expect(error(F.EXP_PAST)).toBe("id_token_expired");
  });
  it("exp is honoured up to the skew and not beyond", () => {
    expect(login(F.VALID_RS256, F.FX_NOW + 600 + 59).error).toBe("");
    expect(login(F.VALID_RS256, F.FX_NOW + 600 + 60).error).toBe("id_token_expired");
  });
  it("exp missing is refused", () => {
    expect(error(F.EXP_MISSING)).toBe("id_token_exp_missing");
  });
  it("exp as a string is refused", () => {
    expect(error(F.EXP_STRING)).toBe("id_token_exp_missing");
  });
  it("exp 1e400 is refused", () => {
    expect(error(F.EXP_1E400)).not.toBe("");
  });
  it("a fractional exp is truncated, not refused", () => {
    expect(error(F.VALID_RS256_FRACTIONAL_EXP)).toBe("");
  });
  it("iat missing is refused (rp-id_token-iat)", () => {
    expect(error(F.IAT_MISSING)).toBe("id_token_iat_missing");
  });
  it("iat in the future is refused", () => {
    expect(error(F.IAT_FUTURE)).toBe("id_token_iat_in_future");
  });
  it("nbf in the future is refused", () => {
    expect(error(F.NBF_FUTURE)).toBe("id_token_nbf_in_future");
  });
  it("nbf that is not a number is refused", () => {
    expect(error(F.NBF_STRING)).toBe("id_token_nbf_in_future");
  });
  it("sub missing is refused (rp-id_token-sub)", () => {
    expect(error(F.SUB_MISSING)).toBe("id_token_sub_missing");
  });
  it("sub empty is refused", () => {
    expect(error(F.SUB_EMPTY)).toBe("id_token_sub_missing");
  });
  it("nonce missing is refused", () => {
    expect(error(F.NONCE_MISSING)).toBe("id_token_nonce_mismatch");
  });
  it("nonce from an earlier flow is refused (rp-nonce-invalid)", () => {
    expect(error(F.NONCE_WRONG)).toBe("id_token_nonce_mismatch");
  });
  it("at_hash that does not match the access token is refused", () => {
    expect(login(F.AT_HASH_WRONG, F.FX_NOW, F.FX_ACCESS_TOKEN).error).toBe("id_token_at_hash_mismatch");
  });
  it("a matching at_hash passes; another access token fails it", () => {
    expect(login(F.VALID_RS256_AT_HASH, F.FX_NOW, F.FX_ACCESS_TOKEN).error).toBe("");
    expect(login(F.VALID_RS256_AT_HASH, F.FX_NOW, "another-access-token").error).toBe("id_token_at_hash_mismatch");
  });
  it("a logout token (events claim) is not an ID token", () => {
    expect(error(F.LOGOUT_TOKEN_EVENTS)).toBe("id_token_not_an_id_token");
  });
  it("a payload with two iss members is refused", () => {
    expect(error(F.DUPLICATE_ISS)).toBe("id_token_bad_payload");
  });
  it("a JWE is refused", () => {
    expect(error("eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d")).toBe("id_token_encrypted");
  });
  it("alg none is refused", () => {
    expect(error(F.ALG_NONE)).toBe("id_token_alg_not_allowed");
  });
  it("an unknown kid asks for a JWKS refetch", () => {
    const c = login(F.KID_UNKNOWN);
    expect(c.unknownKid).toBe(true);
    expect(c.claims).toBeNull();
  });
  it("a bad signature never asks for a refetch", () => {
    expect(login(F.SIGNED_BY_ATTACKER_KID_K1).unknownKid).toBe(false);
  });
});

describe("ID token claims after a refresh (OIDC Core §12.2)", () => {
  it("no nonce is required", () => {
    expect(refresh(F.NONCE_MISSING).error).toBe("");
  });
  it("another subject is refused", () => {
    expect(refresh(F.SUB_OTHER).error).toBe("id_token_sub_changed");
  });
});

function x(): Expectations {
  const e = new Expectations();
  e.issuer = "https://i";
  e.clientId = "c";
  e.nowS = 1000;
  e.skewS = 60;
  return e;
}

describe("validateIdToken directly", () => {
  it("a sub over 255 characters is refused", () => {
    const p = parseJsonString('{"iss":"https://i","aud":"c","exp":2000,"iat":900,"sub":"' + "s".repeat(256) + '"}').value!;
    expect(validateIdToken(p, x()).error).toBe(ClaimError.NoSubject);
  });
  it("exp -9e300 is expired, not wrapped around", () => {
    const p = parseJsonString('{"iss":"https://i","aud":"c","exp":-9e300,"iat":900,"sub":"u"}').value!;
    expect(validateIdToken(p, x()).error).toBe(ClaimError.Expired);
  });
  it("an azp that is not a string is refused", () => {
    const p = parseJsonString('{"iss":"https://i","aud":"c","azp":1,"exp":2000,"iat":900,"sub":"u"}').value!;
    expect(validateIdToken(p, x()).error).toBe(ClaimError.AuthorizedParty);
  });
  it("an at_hash that is not a string is refused when an access token is known", () => {
    const p = parseJsonString('{"iss":"https://i","aud":"c","exp":2000,"iat":900,"sub":"u","at_hash":5}').value!;
    const e = x();
    e.accessToken = "at";
    expect(validateIdToken(p, e).error).toBe(ClaimError.AccessTokenHash);
  });
  it("accessTokenHash is the left half of the hash, base64url (§3.1.3.8)", () => {
    expect(accessTokenHash(F.FX_ACCESS_TOKEN, HashAlg.SHA256)).toBe(F.FX_AT_HASH);
    expect(accessTokenHash("x", HashAlg.SHA512).length).toBe(43);
  });
});
