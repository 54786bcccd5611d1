// A scripted OpenID provider for host-level tests: discovery, JWKS and token responses as plain
// values, and ID tokens minted with jose (or assembled by hand for hostile cases). Nothing listens on
// a socket: the fake host hands the filter's calls to these answers.
import { generateKeyPairSync, createSign, randomBytes, type KeyObject } from "node:crypto";
import { SignJWT, exportJWK, type JWK } from "jose";

export const ISSUER = "https://idp.example.test";
export const CLIENT_ID = "demo-client";
export const CLIENT_SECRET = "s3cr:et%with&odd=chars";
export const GATEWAY = "https://app.example.test";
export const REDIRECT_URL = `${GATEWAY}/oauth2/callback`;
export const IDP_CLUSTER = "outbound|443||idp.example.test";
export const COOKIE_SECRET = "q0Zy5VbH3n8tJc1xWm7RkLp2sA9dF4gE6uIoPzXcVbN=";
export const T0_MS = 1_700_000_000_000;

export interface SigningKey { kid: string; alg: string; privateKey: KeyObject; publicJwk: JWK }

const keyCache = new Map<string, SigningKey>();

/**
 * An RSA signing key, one per (kid, alg, bits) in a test process: tests that need another key ask
 * for another kid. Fewer key generations keep the host layer fast (and generateKeyPairSync has been
 * seen to stall Node 20 when called in long loops).
 */
export function rsaKey(kid = `rsa-${randomBytes(3).toString("hex")}`, alg = "RS256", bits = 2048): SigningKey {
  const cacheKey = `${kid}|${alg}|${bits}`;
  const cached = keyCache.get(cacheKey);
  if (cached) return cached;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  const jwk = publicKey.export({ format: "jwk" }) as JWK;
  const key = { kid, alg, privateKey, publicJwk: { ...jwk, kid, alg, use: "sig" } };
  keyCache.set(cacheKey, key);
  return key;
}

export function ecKey(kid = `ec-${randomBytes(3).toString("hex")}`, alg = "ES256"): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: alg === "ES256" ? "P-256" : "P-384" });
  const jwk = publicKey.export({ format: "jwk" }) as JWK;
  return { kid, alg, privateKey, publicJwk: { ...jwk, kid, alg, use: "sig" } };
}

export function discoveryDoc(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    issuer: ISSUER,
    authorization_endpoint: `${ISSUER}/authorize`,
    token_endpoint: `${ISSUER}/token`,
    jwks_uri: `${ISSUER}/jwks`,
    end_session_endpoint: `${ISSUER}/logout`,
    response_types_supported: ["code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256", "ES256"],
    code_challenge_methods_supported: ["S256"],
    ...overrides,
  };
}

export function jwksOf(...keys: SigningKey[]): { keys: JWK[] } {
  return { keys: keys.map((k) => k.publicJwk) };
}

export function config(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    issuer: ISSUER,
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_url: REDIRECT_URL,
    cookie_secret: COOKIE_SECRET,
    cookie_expire: "8h",
    cookie_refresh: "1h",
    match: { mode: "auth_if_matched", rules: [{ path: "/productpage", type: "exact" }, { path: "/app", type: "prefix" }] },
    idp_cluster: IDP_CLUSTER,
    ...overrides,
  };
}

export interface TokenOptions {
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
  /** Omit these standard claims. */
  drop?: string[];
}

/** A valid ID token for `nonce`, signed by `key`, at `nowS`; options change or drop claims. */
export async function idToken(key: SigningKey, nonce: string, nowS: number, o: TokenOptions = {}): Promise<string> {
  const claims: Record<string, unknown> = {
    iss: ISSUER, aud: CLIENT_ID, sub: "alice-0001", email: "alice@example.test", nonce,
    iat: nowS, exp: nowS + 300, ...o.claims,
  };
  for (const d of o.drop ?? []) delete claims[d];
  return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT", ...o.header }).sign(key.privateKey);
}

/** A compact JWS assembled by hand, for headers jose refuses to produce (alg none, crit...). */
export function rawJws(header: Record<string, unknown>, payload: Record<string, unknown> | string, sign?: (input: string) => string): string {
  const b64 = (s: string) => Buffer.from(s).toString("base64url");
  const input = `${b64(JSON.stringify(header))}.${typeof payload === "string" ? b64(payload) : b64(JSON.stringify(payload))}`;
  return `${input}.${sign ? sign(input) : ""}`;
}

/** RS256 signature of `input` with `key`, base64url (for rawJws). */
export function rs256(key: SigningKey): (input: string) => string {
  return (input) => createSign("RSA-SHA256").update(input).sign(key.privateKey).toString("base64url");
}

export function tokenResponse(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { access_token: "at-" + randomBytes(8).toString("hex"), token_type: "Bearer", expires_in: 300, id_token: id, refresh_token: "rt-" + randomBytes(8).toString("hex"), ...extra };
}
