// Sections B (callback, state, PKCE) and G (bad input, DoS) of ../shared/security.md at the IdP
// boundary, as named cases for the hostile-IdP runner. Client-side twists (a missing or tampered
// login cookie, a replay, another Host...) are described by `client`.
import { createHash } from "node:crypto";
import type { HostileCase } from "./cases-id-token.ts";
import { makeKey, type Answer, type HostileIdp, type Key } from "./idp.ts";
import { rsSigned } from "./jws.ts";

export interface ClientTwist {
  dropLoginCookie?: boolean;
  tamperLoginCookie?: boolean;
  replay?: boolean;
  method?: string;
  callbackHost?: string;
  firstRequestHeaders?: Record<string, string>;
  /** The status the very first protected GET must get (e.g. 503 when the IdP is unusable). */
  expectAtStart?: number;
}

export type ClientCase = HostileCase & { client?: ClientTwist; expectAny?: number[] };

const html: Answer = { status: 200, headers: { "content-type": "text/html" }, body: "<html><body>Please log in</body></html>" };
const fixed = (a: Answer) => () => a;

function b64uInt(bytes: Buffer): string { return bytes.toString("base64url"); }

/** A JWKS holding one hostile RSA key `n`/`e` under kid "bad-1", and a token that names it. */
function badRsaKeyCase(id: string, title: string, jwk: (good: Key) => Record<string, unknown>): ClientCase {
  return { id, section: "G", title, expect: 401, fresh: true,
    setup: (idp) => ({
      jwks: (keys) => ({ keys: [...keys, { kty: "RSA", kid: "bad-1", alg: "RS256", use: "sig", ...jwk(idp.key) }] }),
      token: async (_f, p) => p.tokens(rsSigned(p.key, { alg: "RS256", kid: "bad-1", typ: "JWT" },
        { iss: p.issuer, aud: "demo-client", sub: "a", nonce: p.flow?.nonce, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 300 })),
    }) };
}

export const callbackCases: ClientCase[] = [
  { id: "B14-missing-state", section: "B", title: "callback without state", ref: "CVE-2023-27496", expect: 400,
    setup: () => ({ callbackQuery: (f) => `code=${f.code}` }) },
  { id: "B14-missing-code", section: "B", title: "callback without code", expect: 400,
    setup: () => ({ callbackQuery: (f) => `state=${encodeURIComponent(f.state)}` }) },
  { id: "B14-missing-both", section: "B", title: "callback with neither", expect: 400, setup: () => ({ callbackQuery: () => "" }) },
  { id: "B15-no-login-cookie", section: "B", title: "valid state and code but no login cookie (login CSRF)", expect: 401,
    client: { dropLoginCookie: true }, setup: () => ({}) },
  { id: "B16-state-mismatch", section: "B", title: "state differs from the login cookie's", expect: 401,
    setup: () => ({ callbackQuery: (f) => `code=${f.code}&state=${f.state.slice(0, 16)}${"A".repeat(27)}` }) },
  { id: "B16-tampered-login-cookie", section: "B", title: "a byte of the login cookie flipped", ref: "CVE-2026-47775", expect: 401,
    client: { tamperLoginCookie: true }, setup: () => ({}) },
  { id: "B18-replayed-callback", section: "B", title: "a successful callback URL replayed", expect: 401,
    client: { replay: true }, setup: () => ({}) },
  { id: "B20-pkce-s256-verified", section: "B", title: "the IdP checks S256(code_verifier) against the challenge: login works", expect: 302, accepted: true,
    setup: () => ({ token: async (f, idp) => {
      const challenge = createHash("sha256").update(f.form?.get("code_verifier") ?? "").digest("base64url");
      if (!idp.challenge || challenge !== idp.challenge) return { status: 400, body: '{"error":"invalid_grant"}', headers: { "content-type": "application/json" } };
      return idp.tokens(await idp.idToken());
    } }) },
  { id: "B21-access-denied", section: "B", title: "error=access_denied with a script in error_description", expect: 403,
    setup: () => ({ callbackQuery: (f) => `error=access_denied&error_description=${encodeURIComponent("<script>alert(1)</script>")}&state=${encodeURIComponent(f.state)}` }) },
  { id: "B22-duplicate-code", section: "B", title: "code given twice", expect: 400,
    setup: () => ({ callbackQuery: (f) => `code=${f.code}&code=other&state=${encodeURIComponent(f.state)}` }) },
  { id: "B22-duplicate-state", section: "B", title: "state given twice", expect: 400,
    setup: () => ({ callbackQuery: (f) => `code=${f.code}&state=${encodeURIComponent(f.state)}&state=x` }) },
  { id: "B22-post-callback", section: "B", title: "callback by POST without form_post", expect: 400, client: { method: "POST" }, setup: () => ({}) },
  { id: "B22-unconfigured-host", section: "B", title: "callback on a Host other than redirect_url's", expect: 400,
    client: { callbackHost: "evil.example" }, setup: () => ({}) },
  { id: "B23-no-id-token", section: "B", title: "token response without id_token", expect: 502,
    setup: () => ({ token: () => ({ access_token: "a", token_type: "Bearer" }) }) },
  { id: "B23-token-type-mac", section: "B", title: "token_type is not Bearer", expect: 502,
    setup: () => ({ token: async (_f, idp) => idp.tokens(await idp.idToken(), { token_type: "MAC" }) }) },
  { id: "B23-200-with-error", section: "B", title: "a 200 whose body is an error object", expect: 502,
    setup: () => ({ token: () => ({ error: "server_error", error_description: "secret detail" }) }) },
  { id: "B23-html", section: "B", title: "an HTML login page instead of JSON", expect: 502, setup: () => ({ token: fixed(html) }) },
  { id: "B23-basic-form-encoded", section: "B", title: "client_secret_basic form-encodes id and secret (RFC 6749 §2.3.1)", ref: "rp-token_endpoint-client_secret_basic", expect: 302, accepted: true,
    setup: () => ({ token: async (f, idp) => {
      const [id, secret] = Buffer.from((f.authorization ?? "").replace(/^Basic /, ""), "base64").toString().split(":");
      const ok = decodeURIComponent(id.replace(/\+/g, " ")) === "demo-client" && decodeURIComponent(secret.replace(/\+/g, " ")) === idp.clientSecret;
      return ok ? idp.tokens(await idp.idToken()) : { status: 401, body: '{"error":"invalid_client"}', headers: { "content-type": "application/json" } };
    } }) },
  { id: "B24-x-forwarded-host", section: "B", title: "X-Forwarded-Host never changes redirect_uri", expect: 302, accepted: true,
    client: { firstRequestHeaders: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", forwarded: "host=evil.example" } },
    setup: () => ({ token: async (f, idp) => f.form?.get("redirect_uri")?.includes("evil") ? { status: 400, body: "{}" } : idp.tokens(await idp.idToken()) }) },
  { id: "G51-token-timeout", section: "G", title: "token endpoint slower than http_timeout", expect: 504,
    setup: () => ({ token: () => ({ status: 200, body: "{}", delayMs: 3500 }) }) },
  { id: "G51-token-reset", section: "G", title: "token endpoint resets the connection", expect: 504, expectAny: [502, 503, 504],
    setup: () => ({ token: () => ({ status: 200, body: "", reset: true }) }) },
  { id: "G51-token-302", section: "G", title: "token endpoint answers 302", expect: 502,
    setup: () => ({ token: () => ({ status: 302, headers: { location: "http://evil.example/" }, body: "" }) }) },
  { id: "G51-token-10mb", section: "G", title: "a 10 MB token response", expect: 502, expectAny: [502, 503, 504],
    setup: () => ({ token: () => ({ status: 200, headers: { "content-type": "application/json" }, body: Buffer.alloc(10 * 1024 * 1024, 0x20) }) }) },
  { id: "G51-token-nested-arrays", section: "G", title: "10^5 nested [ in the token response (CVE-2026-48042 class)", ref: "CVE-2026-48042", expect: 502,
    setup: () => ({ token: () => ({ status: 200, headers: { "content-type": "application/json" }, body: "[".repeat(100_000) }) }) },
  { id: "G51-token-not-utf8", section: "G", title: "a token response that is not UTF-8", expect: 502,
    setup: () => ({ token: () => ({ status: 200, headers: { "content-type": "application/json" }, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) }) }) },
  badRsaKeyCase("G53-rsa-512", "a 512-bit RSA key in the JWKS", () => { const k = makeKey("RS256", "x", 512); return { n: k.jwk.n, e: k.jwk.e }; }),
  badRsaKeyCase("G53-rsa-16384", "a 16384-bit RSA modulus in the JWKS", () => ({ n: b64uInt(Buffer.concat([Buffer.from([0xc1]), Buffer.alloc(2046, 0x5a), Buffer.from([0x01])])), e: "AQAB" })),
  badRsaKeyCase("G53-rsa-e-1", "RSA exponent e = 1", (good) => ({ n: good.jwk.n, e: "AQ" })),
  { id: "G53-ec-off-curve", section: "G", title: "an EC key whose point is off the curve", expect: 401, fresh: true,
    setup: (idp) => ({ jwks: (keys) => ({ keys: keys.map((k) => k.kid === "ec-1" ? { ...k, y: Buffer.alloc(32, 7).toString("base64url") } : k) }),
      token: async (_f, p) => p.tokens(await p.idToken({ key: p.ec })) }) },
  { id: "G50-jwks-down-at-start", section: "G", title: "JWKS answers 500 at start: protected pages 503 until it recovers", expect: 503, fresh: true,
    client: { expectAtStart: 503 }, setup: () => ({ jwks: () => ({ status: 500, body: "down" }) }) },
  { id: "G50-jwks-invalid-json", section: "G", title: "JWKS is not JSON: 503", expect: 503, fresh: true,
    client: { expectAtStart: 503 }, setup: () => ({ jwks: () => ({ status: 200, body: "{keys:" }) }) },
  { id: "A13-discovery-issuer-mismatch", section: "A", title: "discovery issuer differs from the configuration: 503", ref: "rp-discovery-issuer-not-matching-config", expect: 503, fresh: true,
    client: { expectAtStart: 503 }, setup: () => ({ discovery: (d) => ({ ...d, issuer: `${d.issuer}/` }) }) },
];
