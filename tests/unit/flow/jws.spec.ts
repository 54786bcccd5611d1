import { verifyJws, JwsError, MAX_TOKEN_CHARS } from "../../../assembly/core/jwt/jws";
import { parseJwks, Jwks } from "../../../assembly/core/jwt/jwks";
import { HashAlg } from "../../../assembly/core/crypto/sha2";
import { utf8Encode } from "../../../assembly/core/encoding/utf8";
import { base64UrlEncode } from "../../../assembly/core/encoding/base64";
import * as F from "./jwt-fixtures";

const ALL: string[] = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"];

function jwks(doc: string): Jwks { return parseJwks(utf8Encode(doc))!; }
function err(token: string, doc: string = F.JWKS_MAIN, allowed: string[] = ALL): JwsError {
  return verifyJws(token, jwks(doc), allowed).error;
}
/** The token with the character at `i` replaced by another base64url character. */
function flipChar(t: string, i: i32): string {
  const c = t.charAt(i) == "A" ? "B" : "A";
  return t.substring(0, i) + c + t.substring(i + 1);
}

describe("verifyJws: valid tokens", () => {
  it("RS256 with kid", () => {
    const r = verifyJws(F.VALID_RS256, jwks(F.JWKS_MAIN), ALL);
    expect(r.error).toBe(JwsError.None);
    expect(r.payload!.getString("iss")!).toBe(F.FX_ISSUER);
    expect(r.kid!).toBe("k1");
    expect(r.hash).toBe(HashAlg.SHA256);
  });
  it("PS256", () => {
    expect(err(F.VALID_PS256)).toBe(JwsError.None);
  });
  it("ES256 (P1363 r||s)", () => {
    expect(err(F.VALID_ES256)).toBe(JwsError.None);
  });
  it("EdDSA (Ed25519)", () => {
    expect(err(F.VALID_EDDSA)).toBe(JwsError.None);
  });
  it("typ JWT is accepted", () => {
    expect(err(F.VALID_RS256_TYP_JWT)).toBe(JwsError.None);
  });
  it("kid absent with a single key: accepted (rp-id_token-kid-absent-single-jwks)", () => {
    expect(err(F.VALID_RS256_NO_KID, F.JWKS_SINGLE)).toBe(JwsError.None);
  });
  it("kid absent with one key of the token's kty among others: accepted", () => {
    expect(err(F.VALID_RS256_NO_KID, F.JWKS_MAIN)).toBe(JwsError.None);
  });
  it("an unparseable JWKS entry is ignored and the real key verifies", () => {
    expect(err(F.VALID_RS256, F.JWKS_UNPARSEABLE_FIRST)).toBe(JwsError.None);
  });
});

describe("verifyJws: algorithm attacks (security.md A.7)", () => {
  it("alg none is refused", () => {
    expect(err(F.ALG_NONE)).toBe(JwsError.AlgNotAllowed);
  });
  it("alg None is refused", () => {
    expect(err(F.ALG_NONE_CAPITALIZED)).toBe(JwsError.AlgNotAllowed);
  });
  it("alg NONE is refused", () => {
    expect(err(F.ALG_NONE_UPPER)).toBe(JwsError.AlgNotAllowed);
  });
  it("alg none with a known kid is refused", () => {
    expect(err(F.ALG_NONE_WITH_KID)).toBe(JwsError.AlgNotAllowed);
  });
  it("HS256 keyed with the RSA public key (PEM) is refused", () => {
    expect(err(F.HS256_WITH_RSA_PEM)).toBe(JwsError.AlgNotAllowed);
  });
  it("HS256 keyed with the RSA modulus is refused", () => {
    expect(err(F.HS256_WITH_RSA_N)).toBe(JwsError.AlgNotAllowed);
  });
  it("an algorithm not on the configured list is refused", () => {
    expect(err(F.VALID_ES256, F.JWKS_MAIN, ["RS256"])).toBe(JwsError.AlgNotAllowed);
    expect(err(F.VALID_EDDSA, F.JWKS_MAIN, ["RS256", "ES256"])).toBe(JwsError.AlgNotAllowed);
  });
  it("a header without alg is refused", () => {
    expect(err(F.ALG_MISSING)).toBe(JwsError.BadHeader);
  });
  it("a header with two alg members is refused", () => {
    expect(err(F.DUPLICATE_ALG_HEADER)).toBe(JwsError.BadHeader);
  });
  it("alg/kty mismatch (ES256 header, RSA kid) finds no key", () => {
    expect(err(F.ALG_KTY_MISMATCH)).toBe(JwsError.NoKey);
  });
  it("an unknown crit header is refused", () => {
    expect(err(F.CRIT_HEADER)).toBe(JwsError.CriticalHeader);
  });
  it("typ at+jwt (an access token) is refused", () => {
    expect(err(F.TYP_AT_JWT)).toBe(JwsError.WrongType);
  });
  it("typ logout+jwt is refused", () => {
    expect(err(F.TYP_LOGOUT_JWT)).toBe(JwsError.WrongType);
  });
  it("ES256 with r = s = 0 is refused (CVE-2022-21449)", () => {
    expect(err(F.ES256_ZERO_SIG)).toBe(JwsError.BadSignature);
  });
  it("ES256 with a DER signature is refused", () => {
    expect(err(F.ES256_DER_SIG)).toBe(JwsError.BadSignature);
  });
  it("a signature by another key under our kid is refused", () => {
    expect(err(F.SIGNED_BY_ATTACKER_KID_K1)).toBe(JwsError.BadSignature);
  });
  it("jku in the header is never followed: verified against our key, refused", () => {
    expect(err(F.JKU_ATTACKER, F.JWKS_SINGLE)).toBe(JwsError.BadSignature);
  });
  it("an embedded jwk is never used: verified against our key, refused", () => {
    expect(err(F.JWK_EMBEDDED_ATTACKER, F.JWKS_SINGLE)).toBe(JwsError.BadSignature);
  });
  it("a token from a 1024-bit key finds no key", () => {
    expect(err(F.WEAK_KEY_RS256, F.JWKS_WEAK)).not.toBe(JwsError.None);
  });
});

describe("verifyJws: kid handling (security.md A.8)", () => {
  it("kid absent with several keys of the same kty is ambiguous", () => {
    expect(err(F.VALID_RS256_NO_KID, F.JWKS_TWO_RSA)).toBe(JwsError.AmbiguousKey);
  });
  it("an unknown kid is UnknownKid", () => {
    const r = verifyJws(F.KID_UNKNOWN, jwks(F.JWKS_MAIN), ALL);
    expect(r.error).toBe(JwsError.UnknownKid);
    expect(r.kid!).toBe("k9");
  });
  it("kid ../x simply misses", () => {
    expect(err(F.KID_TRAVERSAL)).toBe(JwsError.UnknownKid);
  });
  it("a 1000-character kid misses", () => {
    expect(err(F.KID_1000_CHARS)).not.toBe(JwsError.None);
  });
  it("a 64 KB kid is refused without trapping", () => {
    const header = base64UrlEncode(utf8Encode('{"alg":"RS256","kid":"' + "k".repeat(65536) + '"}'));
    const parts = F.VALID_RS256.split(".");
    expect(err(header + "." + parts[1] + "." + parts[2])).toBe(JwsError.Malformed);
  });
  it("a kid that is not a string is refused", () => {
    expect(err(F.KID_NUMBER)).toBe(JwsError.BadHeader);
  });
  it("a use=enc key is never used", () => {
    expect(err(F.VALID_RS256, F.JWKS_ENC_ONLY)).not.toBe(JwsError.None);
  });
  it("a key whose key_ops exclude verify is never used", () => {
    expect(err(F.VALID_RS256, F.JWKS_KEYOPS_ENCRYPT)).not.toBe(JwsError.None);
  });
});

describe("verifyJws: structure", () => {
  it("five parts (a JWE) is Encrypted", () => {
    expect(err("eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d")).toBe(JwsError.Encrypted);
  });
  it("four parts is refused", () => {
    expect(err(F.VALID_RS256 + ".x")).not.toBe(JwsError.None);
  });
  it("fewer than three parts is Malformed", () => {
    expect(err("")).toBe(JwsError.Malformed);
    expect(err("abc")).toBe(JwsError.Malformed);
    expect(err("a.b")).toBe(JwsError.Malformed);
    expect(err(".a.b")).toBe(JwsError.Malformed);
  });
  it("a token over MAX_TOKEN_CHARS is Malformed", () => {
    expect(err(F.VALID_RS256 + "A".repeat(MAX_TOKEN_CHARS))).toBe(JwsError.Malformed);
  });
  it("a header that is not base64url JSON is BadHeader", () => {
    expect(err("!!!." + F.VALID_RS256.split(".")[1] + ".sig")).toBe(JwsError.BadHeader);
    expect(err(base64UrlEncode(utf8Encode("[1]")) + ".e30.sig")).toBe(JwsError.BadHeader);
    expect(err(base64UrlEncode(utf8Encode('{"alg":"RS256"')) + ".e30.sig")).toBe(JwsError.BadHeader);
  });
  it("a padded signature is refused", () => {
    expect(err(F.VALID_RS256 + "=")).toBe(JwsError.BadSignature);
  });
  it("every changed character of header, payload or signature is refused", () => {
    const t = F.VALID_RS256;
    for (let i = 0; i < t.length; i += 7) {
      if (t.charAt(i) == ".") continue;
      const ok = err(flipChar(t, i), F.JWKS_SINGLE) != JwsError.None;
      if (!ok) log("accepted a change at " + i.toString());
      expect(ok).toBe(true);
    }
  });
  it("a payload that is not a JSON object is BadPayload", () => {
    expect(err(F.PAYLOAD_ARRAY)).toBe(JwsError.BadPayload);
  });
  it("a payload with a duplicate iss is BadPayload", () => {
    expect(err(F.DUPLICATE_ISS)).toBe(JwsError.BadPayload);
  });
  it("a payload with exp 1e400 is BadPayload", () => {
    expect(err(F.EXP_1E400)).toBe(JwsError.BadPayload);
  });
});
