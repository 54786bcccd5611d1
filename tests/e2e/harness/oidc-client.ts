// A minimal relying party in Node for tests that talk to an IdP directly (not through the filter): discovery,
// an authorization URL with PKCE S256, and the token endpoint. It proves the IdP side of the harness on its
// own, so a failing filter test is never an IdP-setup problem.
import { createHash, randomBytes } from "node:crypto";

export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string;
  code_challenge_methods_supported?: string[];
  [key: string]: unknown;
}

export interface ClientCredentials { client_id: string; client_secret: string }

export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  token_type: string;
  expires_in?: number;
  [key: string]: unknown;
}

export async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5_000) });
  if (response.status !== 200) throw new Error(`discovery of ${issuer} answered ${response.status}`);
  return (await response.json()) as Discovery;
}

/** RFC 7636 §4.1–4.2: a 43-character verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export interface AuthorizationRequest {
  url: string;
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
}

export function authorizationRequest(
  discovery: Discovery,
  client: ClientCredentials,
  redirectUri: string,
  scope = "openid email profile",
): AuthorizationRequest {
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(16).toString("base64url");
  const nonce = randomBytes(16).toString("base64url");
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: client.client_id,
    redirect_uri: redirectUri,
    scope,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: "S256",
  }).toString();
  return { url: url.toString(), state, nonce, verifier, redirectUri };
}

// RFC 6749 §2.3.1: client_secret_basic form-encodes id and secret before base64.
function basicAuth(client: ClientCredentials): string {
  const encode = (s: string): string => encodeURIComponent(s).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(client.client_id)}:${encode(client.client_secret)}`).toString("base64")}`;
}

async function tokenRequest(discovery: Discovery, client: ClientCredentials, form: Record<string, string>): Promise<TokenResponse> {
  const response = await fetch(discovery.token_endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuth(client) },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}: ${text}`);
  return JSON.parse(text) as TokenResponse;
}

export function exchangeCode(
  discovery: Discovery,
  client: ClientCredentials,
  request: AuthorizationRequest,
  code: string,
): Promise<TokenResponse> {
  return tokenRequest(discovery, client, {
    grant_type: "authorization_code",
    code,
    redirect_uri: request.redirectUri,
    code_verifier: request.verifier,
  });
}

export function refreshTokens(discovery: Discovery, client: ClientCredentials, refreshToken: string): Promise<TokenResponse> {
  return tokenRequest(discovery, client, { grant_type: "refresh_token", refresh_token: refreshToken });
}

/** Header and payload of a compact JWS, without verification (tests verify with jose where it matters). */
export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = token.split(".");
  const decode = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  return { header: decode(header), payload: decode(payload) };
}
