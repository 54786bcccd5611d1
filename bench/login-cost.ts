// The per-login cost of the filter, measured through real Envoy on listener (d), whose IdP is the instant stub
// (bench/stub-idp.ts). A scripted client does what a browser and the IdP's login page would:
//   1. GET /productpage without a session → 302 to the IdP, with state, nonce and a sealed login cookie;
//   2. GET /oauth2/callback?code=…&state=… with that cookie → the filter calls the token endpoint, verifies
//      the RS256 ID token against the JWKS, seals the session → 302 back with the session cookie.
// Envoy's CPU time is read from /proc around the logins, and around as many step-1 requests alone, so the
// callback (token exchange + RS256 verification + sealing) is reported apart from the redirect.
import { performance } from "node:perf_hooks";
import { rawRequest, NAVIGATE } from "../tests/e2e/http.ts";
import { codeFor } from "./stub-idp.ts";
import { envoyCpuSeconds } from "./setup.ts";

export interface LoginCost {
  logins: number;
  /** Envoy CPU of one plain logged-in GET through (a) by the same sequential client: what any request costs. */
  envoyCpuUsPerPlainRequest: number;
  /** Client-observed time of one whole login (both steps, including the stub's RS256 signing). */
  wallMsPerLogin: number;
  /** Envoy CPU per login, both steps. */
  envoyCpuUsPerLogin: number;
  /** Envoy CPU of step 1 alone (the 302 to the IdP with a sealed login cookie). */
  envoyCpuUsPerRedirect: number;
  /** Envoy CPU of step 2: token call, RS256 verification, sealing: the login minus the redirect. */
  envoyCpuUsPerCallback: number;
}

function cookiePair(setCookies: string[], prefix: string): string | undefined {
  const line = setCookies.find((c) => c.startsWith(prefix) && !/^[^=]+=;/.test(c));
  return line?.split(";")[0];
}

async function redirect(url: string): Promise<{ state: string; nonce: string; cookie: string }> {
  const r = await rawRequest(`${url}/productpage`, { headers: NAVIGATE });
  if (r.status !== 302 || !r.location) throw new Error(`login step 1 answered ${r.status}: ${r.body.slice(0, 200)}`);
  const q = new URL(r.location).searchParams;
  const cookie = cookiePair(r.setCookies, "oidc_login_");
  if (!cookie) throw new Error("login step 1 set no login cookie");
  return { state: q.get("state") ?? "", nonce: q.get("nonce") ?? "", cookie };
}

async function login(url: string): Promise<void> {
  const start = await redirect(url);
  const r = await rawRequest(`${url}/oauth2/callback?code=${encodeURIComponent(codeFor(start.nonce))}&state=${start.state}`, {
    headers: { ...NAVIGATE, "sec-fetch-site": "cross-site", cookie: start.cookie },
  });
  if (r.status !== 302 || !cookiePair(r.setCookies, "oidc_session=")) {
    throw new Error(`login step 2 answered ${r.status} without a session: ${r.body.slice(0, 200)}`);
  }
}

export async function measureLoginCost(url: string, passthroughUrl: string, envoyPid: number, logins: number): Promise<LoginCost> {
  for (let i = 0; i < 10; i++) await login(url); // warm-up: V8 tiers the RSA code up

  // A sequential client costs Envoy more per request than wrk's pipelined connections (a wake-up and a few
  // system calls each): this baseline is what a request costs here before any filter work.
  const cpuPlain = envoyCpuSeconds(envoyPid);
  for (let i = 0; i < logins; i++) {
    const r = await rawRequest(`${passthroughUrl}/productpage`, { headers: NAVIGATE });
    if (r.status !== 200) throw new Error(`baseline request answered ${r.status}`);
  }
  const perPlain = ((envoyCpuSeconds(envoyPid) - cpuPlain) * 1e6) / logins;

  const cpu0 = envoyCpuSeconds(envoyPid);
  const t0 = performance.now();
  for (let i = 0; i < logins; i++) await login(url);
  const wallMs = performance.now() - t0;
  const cpu1 = envoyCpuSeconds(envoyPid);
  for (let i = 0; i < logins; i++) await redirect(url);
  const cpu2 = envoyCpuSeconds(envoyPid);

  const perLogin = ((cpu1 - cpu0) * 1e6) / logins;
  const perRedirect = ((cpu2 - cpu1) * 1e6) / logins;
  return {
    logins,
    envoyCpuUsPerPlainRequest: perPlain,
    wallMsPerLogin: wallMs / logins,
    envoyCpuUsPerLogin: perLogin,
    envoyCpuUsPerRedirect: perRedirect,
    envoyCpuUsPerCallback: perLogin - perRedirect,
  };
}
