// The built filter under the fake host, brought to "IdP ready", plus the moves a browser makes:
// navigate, follow the login redirect, come back to the callback with the IdP's answer.
import assert from "node:assert/strict";
import { FakeHost, headerValues, type Stream, type Pairs } from "../fake-host/host.ts";
import { config, discoveryDoc, jwksOf, rsaKey, IDP_CLUSTER, T0_MS, GATEWAY, type SigningKey } from "./scripted-idp.ts";

export const WASM = new URL("../../../build/oidc-sso.wasm", import.meta.url).pathname;

export const NAVIGATE = { accept: "text/html", "sec-fetch-mode": "navigate", "sec-fetch-site": "none" };

export interface Gateway { host: FakeHost; key: SigningKey }

/** Loads the built module with `cfg`, answers discovery and JWKS; fails unless configure succeeded. */
export async function readyGateway(cfgOverrides: Record<string, unknown> = {}, key: SigningKey = rsaKey("k1"),
  discovery: Record<string, unknown> = discoveryDoc()): Promise<Gateway> {
  const host = await FakeHost.load(WASM, { pluginConfig: JSON.stringify(config(cfgOverrides)), nowMs: T0_MS, clusters: [IDP_CLUSTER] });
  assert.equal(host.start(), true, host.logText());
  answerDiscoveryAndKeys(host, discovery, jwksOf(key));
  return { host, key };
}

export function answerDiscoveryAndKeys(host: FakeHost, discovery: Record<string, unknown>, jwks: unknown): void {
  const d = host.pendingCalls().find((c) => c.path === "/.well-known/openid-configuration");
  assert.ok(d, "a discovery call is pending");
  host.respond(d.token, { status: 200, json: discovery });
  const j = host.pendingCalls().find((c) => c.path === "/jwks");
  assert.ok(j, "a JWKS call is pending");
  host.respond(j.token, { status: 200, json: jwks });
}

export function get(host: FakeHost, path: string, headers: Record<string, string | string[]> = NAVIGATE, authority = new URL(GATEWAY).host): Stream {
  return host.request({ ":method": "GET", ":path": path, ":authority": authority, ":scheme": "https", ...headers });
}

/** Name=value of every Set-Cookie among `headers` (a local response's or a response phase's). */
export function setCookies(headers: Pairs): Map<string, string> {
  const m = new Map<string, string>();
  for (const v of headerValues(headers, "set-cookie")) {
    const [pair] = v.split(";");
    const eq = pair.indexOf("=");
    m.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return m;
}

export interface LoginStart { state: string; nonce: string; challenge: string; cookie: string; location: URL }

/** Navigates to `path` without a session and returns what the IdP redirect carries. */
export function startLogin(host: FakeHost, path = "/productpage"): LoginStart {
  const s = get(host, path);
  const r = s.localResponse;
  assert.ok(r, "a local response");
  assert.equal(r.status, 302);
  const location = new URL(r.header("location")!);
  const cookies = [...setCookies(r.headers).entries()].filter(([n, v]) => n.includes("oidc_login_") && v);
  assert.equal(cookies.length, 1);
  s.finish();
  return {
    state: location.searchParams.get("state")!, nonce: location.searchParams.get("nonce")!,
    challenge: location.searchParams.get("code_challenge")!, cookie: `${cookies[0][0]}=${cookies[0][1]}`, location,
  };
}

/** The browser's return to the callback with `query`, carrying `cookie`. */
export function callback(host: FakeHost, query: string, cookie: string | null, extra: Record<string, string> = {}): Stream {
  const headers: Record<string, string> = { ...NAVIGATE, "sec-fetch-site": "cross-site", ...extra };
  if (cookie !== null) headers.cookie = cookie;
  return get(host, `/oauth2/callback?${query}`, headers);
}

/** The single pending call to the token endpoint. */
export function tokenCall(host: FakeHost) {
  const calls = host.pendingCalls().filter((c) => c.path === "/token");
  assert.equal(calls.length, 1, "one pending token call");
  return calls[0];
}

/** A minimal cookie jar: applies Set-Cookie headers (Max-Age=0 deletes) and renders a Cookie header. */
export class Jar {
  readonly cookies = new Map<string, string>();

  apply(headers: Pairs): this {
    for (const v of headerValues(headers, "set-cookie")) {
      const [pair, ...attrs] = v.split(";").map((x) => x.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      if (attrs.includes("Max-Age=0")) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1));
    }
    return this;
  }

  header(extra: string[] = []): string {
    return [...extra, ...[...this.cookies].map(([n, v]) => `${n}=${v}`)].join("; ");
  }

  names(): string[] {
    return [...this.cookies.keys()];
  }
}

/** Logs in through the callback with `idTokenJwt`-producing `mint(nonce)`; returns the jar holding the session. */
export async function login(host: FakeHost, mint: (nonce: string) => Promise<string>, extraTokenFields: Record<string, unknown> = {},
  path = "/productpage"): Promise<Jar> {
  const jar = new Jar();
  const start = startLogin(host, path);
  jar.cookies.set(start.cookie.split("=")[0], start.cookie.slice(start.cookie.indexOf("=") + 1));
  const s = callback(host, `code=c0de&state=${start.state}`, jar.header());
  const call = tokenCall(host);
  host.respond(call.token, {
    status: 200,
    json: { access_token: "at-1", token_type: "Bearer", refresh_token: "rt-1", id_token: await mint(start.nonce), ...extraTokenFields },
  });
  assert.equal(s.localResponse?.status, 302, s.localResponse?.body);
  jar.apply(s.localResponse!.headers);
  s.finish();
  return jar;
}
