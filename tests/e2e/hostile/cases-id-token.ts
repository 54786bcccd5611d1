// Section A of ../shared/security.md: hostile ID tokens from the IdP, each a named case with the
// OpenID RP conformance name where one exists. `expect` is the callback's status; `accepted` marks the
// cases where the correct behaviour is to log in (kid absent with a single key, key rotation...).
import { createPublicKey } from "node:crypto";
import type { HostileIdp, Script } from "./idp.ts";
import { makeKey } from "./idp.ts";
import { rsSigned, esSigned, unsigned, hmacWithPublicKey, withSignature, signingInput } from "./jws.ts";

export interface HostileCase {
  id: string;
  section: string;
  title: string;
  /** Conformance test name or CVE, when the case has one. */
  ref?: string;
  expect: number;
  /** Statuses accepted besides `expect` (fail-closed alternatives, e.g. 502 for an answer too large to read). */
  expectAny?: number[];
  /** True when the right answer is a successful login (302 back to the page with a session). */
  accepted?: boolean;
  /** Run against a freshly started Envoy, after setup: for cases about the keys the filter fetched at start. */
  fresh?: boolean;
  /** Prepares the IdP (extra keys...) and returns the script; undone by `cleanup`. */
  setup: (idp: HostileIdp) => Script;
  cleanup?: (idp: HostileIdp) => void;
}

const now = () => Math.floor(Date.now() / 1000);
const token = (f: (idp: HostileIdp) => Promise<string> | string): Script["token"] => async (_flow, idp) => idp.tokens(await f(idp));
function claims(idp: HostileIdp, extra: Record<string, unknown> = {}, drop: string[] = []): Record<string, unknown> {
  const c: Record<string, unknown> = { iss: idp.issuer, aud: "demo-client", sub: "alice-0001", nonce: idp.flow?.nonce, iat: now(), exp: now() + 300, ...extra };
  for (const d of drop) delete c[d];
  return c;
}
const header = (idp: HostileIdp, extra: Record<string, unknown> = {}) => ({ alg: "RS256", kid: idp.key.kid, typ: "JWT", ...extra });

let previousNonce = "";

export const idTokenCases: HostileCase[] = [
  { id: "A1-iss-wrong", section: "A", title: "iss names another issuer", ref: "rp-id_token-issuer-mismatch", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ claims: { iss: "https://evil.example" } })) }) },
  { id: "A1-iss-trailing-slash", section: "A", title: "iss differs by a trailing /", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ claims: { iss: idp.issuer + "/" } })) }) },
  { id: "A1-iss-case", section: "A", title: "iss differs in case", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ claims: { iss: idp.issuer.toUpperCase() } })) }) },
  { id: "A1-iss-https-vs-http", section: "A", title: "iss differs by scheme (https vs http)", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ claims: { iss: idp.issuer.replace("http:", "https:") } })) }) },
  { id: "A2-aud-absent", section: "A", title: "aud absent", ref: "rp-id_token-aud", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ drop: ["aud"] })) }) },
  { id: "A2-aud-wrong", section: "A", title: "aud is another client", ref: "rp-id_token-aud", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ claims: { aud: "other-client" } })) }) },
  { id: "A2-aud-empty-array", section: "A", title: "aud is [] (CVE-2020-26160, jwt-go)", ref: "CVE-2020-26160", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ claims: { aud: [] } })) }) },
  { id: "A2-aud-untrusted-extra", section: "A", title: "aud is [client_id, \"untrusted\"]", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ claims: { aud: ["demo-client", "untrusted"] } })) }) },
  { id: "A3-multi-aud-no-azp", section: "A", title: "several audiences and no azp", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ claims: { aud: ["demo-client", "other"] } })) }) },
  { id: "A3-azp-mismatch", section: "A", title: "azp is not client_id", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ claims: { azp: "other-client" } })) }) },
  { id: "A4-exp-past", section: "A", title: "exp in the past beyond the leeway", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ claims: { exp: now() - 120, iat: now() - 400 } })) }) },
  { id: "A4-exp-missing", section: "A", title: "exp missing", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ drop: ["exp"] })) }) },
  { id: "A4-exp-string", section: "A", title: "exp is a string", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ claims: { exp: String(now() + 300) } })) }) },
  { id: "A4-exp-1e400", section: "A", title: "exp is 1e400 (beyond any number)", expect: 401,
    setup: () => ({ token: token((idp) => rsSigned(idp.key, header(idp),
      JSON.stringify(claims(idp, {}, ["exp"])).replace(/}$/, ',"exp":1e400}'))) }) },
  { id: "A4-iat-missing", section: "A", title: "iat missing", ref: "rp-id_token-iat", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ drop: ["iat"] })) }) },
  { id: "A4-iat-future", section: "A", title: "iat an hour in the future", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ claims: { iat: now() + 3600, exp: now() + 7200 } })) }) },
  { id: "A4-nbf-future", section: "A", title: "nbf an hour in the future", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ claims: { nbf: now() + 3600 } })) }) },
  { id: "A5-sub-missing", section: "A", title: "sub missing", ref: "rp-id_token-sub", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ drop: ["sub"] })) }) },
  { id: "A6-nonce-missing", section: "A", title: "nonce missing", ref: "rp-nonce-invalid", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ drop: ["nonce"] })) }) },
  { id: "A6-nonce-mismatch", section: "A", title: "nonce differs", ref: "rp-nonce-invalid", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ claims: { nonce: "not-the-nonce" } })) }) },
  { id: "A6-nonce-earlier-flow", section: "A", title: "nonce of an earlier flow", ref: "rp-nonce-invalid", expect: 401,
    setup: () => ({ token: token((idp) => { const n = previousNonce; previousNonce = idp.flow?.nonce ?? ""; return idp.idToken({ claims: { nonce: n || "stale" } }); }) }) },
  { id: "A7-alg-none", section: "A", title: "alg none, unsigned", ref: "rp-id_token-sig-none", expect: 401,
    setup: () => ({ token: token((idp) => unsigned({ alg: "none", typ: "JWT" }, claims(idp))) }) },
  { id: "A7-alg-None", section: "A", title: "alg None (capitalized)", expect: 401,
    setup: () => ({ token: token((idp) => unsigned({ alg: "None", typ: "JWT" }, claims(idp))) }) },
  { id: "A7-alg-NONE", section: "A", title: "alg NONE", expect: 401,
    setup: () => ({ token: token((idp) => unsigned({ alg: "NONE", typ: "JWT" }, claims(idp))) }) },
  { id: "A7-hs256-public-key", section: "A", title: "HS256 keyed with the RSA public key (RFC 8725 §2.1)", ref: "invalid-sig-hs256", expect: 401,
    setup: () => ({ token: token((idp) => hmacWithPublicKey(createPublicKey(idp.key.privateKey).export({ type: "spki", format: "pem" }) as string,
      { alg: "HS256", kid: idp.key.kid, typ: "JWT" }, claims(idp))) }) },
  { id: "A7-bad-rs256-signature", section: "A", title: "RS256 signature of other content", ref: "rp-id_token-bad-sig-rs256", expect: 401,
    setup: () => ({ token: token(async (idp) => { const t = await idp.idToken(); const other = await idp.idToken({ claims: { sub: "mallory" } });
      return t.slice(0, t.lastIndexOf(".")) + other.slice(other.lastIndexOf(".")); }) }) },
  ...esCases(),
  { id: "A7-alg-kty-mismatch", section: "A", title: "header alg ES256 naming the RSA key", expect: 401,
    setup: (idp) => ({ token: token(() => { const ec = makeKey("ES256"); return esSigned(ec, { alg: "ES256", kid: idp.key.kid, typ: "JWT" }, claims(idp)); }) }) },
  { id: "A7-alg-not-allowed", section: "A", title: "EdDSA, supported but not on the default allow-list", expect: 401,
    setup: (idp) => { const ed = makeKey("EdDSA", "ed-1"); idp.extraKeys = [ed]; return { token: token(() => idp.idToken({ key: ed })) }; },
    cleanup: (idp) => { idp.extraKeys = []; } },
  { id: "A7-crit-unknown", section: "A", title: "an unknown critical header extension", expect: 401,
    setup: () => ({ token: token((idp) => rsSigned(idp.key, header(idp, { crit: ["exp-ext"], "exp-ext": true }), claims(idp))) }) },
  { id: "A8-kid-absent-single-key", section: "A", title: "kid absent, one key in the JWKS: accepted", ref: "rp-id_token-kid-absent-single-jwks", expect: 302, accepted: true,
    setup: () => ({ token: token((idp) => rsSigned(idp.key, { alg: "RS256", typ: "JWT" }, claims(idp))) }) },
  { id: "A8-kid-absent-multiple-keys", section: "A", title: "kid absent, several RS256 keys", ref: "rp-id_token-kid-absent-multiple-jwks", expect: 401, fresh: true,
    setup: (idp) => { idp.extraKeys = [makeKey("RS256", "other-rsa")]; return { token: token(() => rsSigned(idp.key, { alg: "RS256", typ: "JWT" }, claims(idp))) }; },
    cleanup: (idp) => { idp.extraKeys = []; } },
  { id: "A8-kid-rotated-before-signing", section: "A", title: "unknown kid: one JWKS refetch, then accepted", ref: "rp-key-rotation-op-sign-key-native", expect: 302, accepted: true, fresh: true,
    setup: (idp) => { const fresh = makeKey("RS256", `rot-${Date.now()}`); return { token: token(() => { idp.extraKeys = [fresh]; return idp.idToken({ key: fresh }); }) }; },
    cleanup: (idp) => { idp.extraKeys = []; } },
  { id: "A8-kid-dotdot", section: "A", title: "kid \"../x\": an opaque string that matches nothing", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ header: { kid: "../x" } })) }) },
  { id: "A8-kid-64kb", section: "A", title: "a 64 KB kid (the token response itself exceeds the parser's string limit)", expect: 401, expectAny: [401, 502],
    setup: () => ({ token: token((idp) => idp.idToken({ header: { kid: "k".repeat(65536) } })) }) },
  { id: "A8-embedded-jwk-jku", section: "A", title: "jwk/jku/x5u/x5c in the header are ignored, never fetched (RFC 8725 §3.10)", expect: 401,
    setup: (idp) => { const evil = makeKey("RS256", "evil-1"); return { token: token(() => rsSigned(evil,
      { alg: "RS256", kid: "evil-1", typ: "JWT", jwk: evil.jwk, jku: `${idp.issuer}/evil-jwks`, x5u: `${idp.issuer}/evil-x5u`, x5c: ["AAAA"] }, claims(idp))) }; } },
  { id: "A8-unparseable-jwks-entry", section: "A", title: "an unparseable JWKS entry is skipped, the real key verifies", ref: "oidcc-client-test-ignores-unparseable-key-in-jwks", expect: 302, accepted: true, fresh: true,
    setup: () => ({ jwks: (keys) => ({ keys: [{ kty: "RSA", kid: "broken", n: "%%%", e: 12 }, { kty: "weird" }, 42, ...keys] }) }) },
  { id: "A8-use-enc-key", section: "A", title: "the only matching key is use=enc", expect: 401,
    setup: (idp) => { const enc = makeKey("RS256", "enc-1"); enc.jwk = { ...enc.jwk, use: "enc" }; idp.extraKeys = [enc];
      return { token: token(() => idp.idToken({ key: enc })) }; }, cleanup: (idp) => { idp.extraKeys = []; } },
  { id: "A9-at-hash-wrong", section: "A", title: "at_hash does not match the access token", ref: "rp-id_token-bad-at_hash", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ claims: { at_hash: "AAAAAAAAAAAAAAAAAAAAAA" } })) }) },
  { id: "A10-jwe", section: "A", title: "an encrypted (JWE, five-part) ID token", expect: 401,
    setup: () => ({ token: token(() => "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.AAAA.BBBB.CCCC.DDDD") }) },
  { id: "A10-access-token-as-id-token", section: "A", title: "an access token (typ at+jwt) as ID token (RFC 8725 §3.12)", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ header: { typ: "at+jwt" } })) }) },
  { id: "A10-logout-token-as-id-token", section: "A", title: "a logout token (events claim) as ID token", expect: 401,
    setup: () => ({ token: token((idp) => idp.idToken({ claims: { events: { "http://schemas.openid.net/event/backchannel-logout": {} } } })) }) },
  { id: "A11-duplicate-iss", section: "A", title: "two iss members in the payload", expect: 401,
    setup: () => ({ token: token((idp) => rsSigned(idp.key, header(idp), JSON.stringify(claims(idp)).replace(/}$/, ',"iss":"https://evil.example"}'))) }) },
  { id: "A13-callback-iss-mismatch", section: "A", title: "callback iss parameter names another issuer (RFC 9207)", expect: 401,
    setup: () => ({ callbackQuery: (f) => `code=${f.code}&state=${encodeURIComponent(f.state)}&iss=${encodeURIComponent("https://evil.example")}` }) },
];

function esCases(): HostileCase[] {
  const h = { alg: "ES256", kid: "ec-1", typ: "JWT" };
  return [
    { id: "A7-es256-valid", section: "A", title: "a valid ES256 token is accepted", expect: 302, accepted: true,
      setup: () => ({ token: token((idp) => esSigned(idp.ec, h, claims(idp))) }) },
    { id: "A7-es256-r-s-zero", section: "A", title: "ES256 with r = s = 0 (CVE-2022-21449)", ref: "CVE-2022-21449", expect: 401,
      setup: () => ({ token: token((idp) => withSignature(esSigned(idp.ec, h, claims(idp)), Buffer.alloc(64))) }) },
    { id: "A7-es256-der", section: "A", title: "ES256 signature in DER instead of r‖s", ref: "invalid-sig-es256", expect: 401,
      setup: () => ({ token: token((idp) => esSigned(idp.ec, h, claims(idp), true)) }) },
    { id: "A7-es256-wrong-length", section: "A", title: "ES256 signature of 63 bytes", expect: 401,
      setup: () => ({ token: token((idp) => { const t = esSigned(idp.ec, h, claims(idp)); const sig = Buffer.from(t.slice(t.lastIndexOf(".") + 1), "base64url"); return withSignature(t, sig.subarray(1)); }) }) },
  ];
}

export { signingInput };
