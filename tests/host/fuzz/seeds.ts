// The corpus of VALID inputs every surface starts from, produced the honest way: a real login
// through the built filter under the fake host (302 to the IdP, callback, code exchange, sealed
// session), once with a small ID token and once with one large enough to need several cookie chunks.
import type { FakeHost, Stream } from "../fake-host/host.ts";
import { headerValues } from "../fake-host/host.ts";
import { CLIENT_ID } from "../flow/scripted-idp.ts";
import { validIdToken } from "./jwt.ts";
import { NAVIGATE, pendingOf, requestHeaders, tidy, type Pairs } from "./scenario.ts";

export interface LoginSeed {
  state: string;
  nonce: string;
  /** The per-flow login cookie as the filter set it. */
  cookieName: string;
  cookieValue: string;
  /** When the login started (the cookie lives ten minutes). */
  atMs: number;
  authorizeUrl: string;
}

export interface Seeds {
  login: LoginSeed;
  /** The token endpoint's answer that completed the first login (JSON object). */
  tokenResponse: Record<string, unknown>;
  /** A valid answer for `login` (its nonce), not used yet. */
  loginResponse: Record<string, unknown>;
  /** Session cookie(s) after a login with a small and with a large ID token. */
  session: Pairs;
  chunkedSession: Pairs;
  atMs: number;
}

function setCookiePairs(headers: Pairs): Pairs {
  const out: Pairs = [];
  for (const v of headerValues(headers, "set-cookie")) {
    const pair = v.split(";")[0];
    const eq = pair.indexOf("=");
    if (eq > 0 && pair.slice(eq + 1) !== "") out.push([pair.slice(0, eq), pair.slice(eq + 1)]);
  }
  return out;
}

function expectLocal(s: Stream | null, status: number, what: string): NonNullable<Stream["localResponse"]> {
  const r = s?.localResponse;
  if (r === undefined || r === null || r.status !== status) {
    throw new Error(`seeding: ${what} answered ${r?.status ?? "nothing"} (wanted ${status}): ${r?.body?.slice(0, 200) ?? ""}`);
  }
  return r;
}

/** Starts a login on `path` and returns what the browser now holds. */
export function startLogin(host: FakeHost, path = "/productpage?from=seed"): LoginSeed {
  const s = host.request(requestHeaders("GET", path, NAVIGATE), { encoding: "latin1" });
  const r = expectLocal(s, 302, "a protected page without a session");
  const location = new URL(r.header("location")!);
  const cookie = setCookiePairs(r.headers).find(([n]) => n.includes("oidc_login_"));
  if (cookie === undefined) throw new Error("seeding: no login cookie was set");
  s.finish();
  return {
    state: location.searchParams.get("state")!, nonce: location.searchParams.get("nonce")!,
    cookieName: cookie[0], cookieValue: cookie[1], atMs: host.nowMs, authorizeUrl: location.toString(),
  };
}

export function tokenResponseFor(idToken: string, n: number): Record<string, unknown> {
  return { access_token: `at-seed-${n}`, token_type: "Bearer", expires_in: 3600, refresh_token: `rt-seed-${n}`, id_token: idToken, scope: "openid email profile" };
}

/** Completes `login` with a token response carrying `idToken`; returns the session cookies set. */
export function completeLogin(host: FakeHost, login: LoginSeed, tokenResponse: Record<string, unknown>): Pairs {
  const s = host.request(requestHeaders("GET", `/oauth2/callback?code=seed-code&state=${login.state}`,
    [...NAVIGATE, ["cookie", `${login.cookieName}=${login.cookieValue}`]]), { encoding: "latin1" });
  const call = pendingOf(host, "token");
  if (call === undefined) throw new Error(`seeding: the callback made no token call (${s.localResponse?.status} ${s.localResponse?.body.slice(0, 200)})`);
  host.respond(call.token, { status: 200, json: tokenResponse });
  const r = expectLocal(s, 302, "the callback");
  s.finish();
  const cookies = setCookiePairs(r.headers).filter(([n]) => n.includes("oidc_session"));
  if (cookies.length === 0) throw new Error("seeding: the login set no session cookie");
  return cookies;
}

let serial = 0;

/** Fresh seeds at the host's current time (login cookies expire, so surfaces renew them). */
export function makeSeeds(host: FakeHost, alg = "RS256"): Seeds {
  const nowS = Math.floor(host.nowMs / 1000);
  const first = startLogin(host);
  const tokenResponse = tokenResponseFor(validIdToken(alg, first.nonce, nowS), ++serial);
  const session = completeLogin(host, first, tokenResponse);
  const second = startLogin(host, "/app/deep/page?x=1");
  // Claims big enough that the sealed session needs three chunks.
  const groups = Array.from({ length: 260 }, (_, i) => `group-${i.toString().padStart(4, "0")}-${CLIENT_ID}`);
  const big = validIdToken(alg, second.nonce, nowS, { groups });
  const chunkedSession = completeLogin(host, second, tokenResponseFor(big, ++serial));
  if (chunkedSession.length < 2) throw new Error("seeding: the large session was not chunked");
  const login = startLogin(host, "/app/after-login?q=%2Fx");
  const loginResponse = tokenResponseFor(validIdToken(alg, login.nonce, nowS), ++serial);
  tidy(host);
  return { login, tokenResponse, loginResponse, session, chunkedSession, atMs: host.nowMs };
}

export function cookieHeader(pairs: Pairs): string {
  return pairs.map(([n, v]) => `${n}=${v}`).join("; ");
}
