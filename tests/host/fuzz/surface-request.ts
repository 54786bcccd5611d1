// Query strings and paths of the callback and sign-out (state, code, error, iss, rd), raw :path
// values, :authority, :method, :scheme and other request headers, seeded with the real login's
// state and cookie so that mutated callbacks get past the first checks.
import type { Rng } from "./prng.ts";
import { COMMON_TOKENS, mutateBytes, noise, utf8 } from "./mutate.ts";
import { AUTHORITY, ISSUER, requestHeaders, type Pairs, type Scenario, type Step } from "./scenario.ts";
import { cookieHeader } from "./seeds.ts";
import { clientHeaders, extraHeaders, type FuzzContext, type Surface } from "./surface.ts";

const QUERY_TOKENS = ["&", "=", "&&", "?", "#", "%", "%2", "%zz", "%00", "%26", "%3D", "+", "%2B", "state=", "code=", "error=",
  "iss=", "rd=", "error_description=", "&state=", "&code=", "&iss=", "access_denied", "login_required", "server_error"];

/** Open-redirect payloads (the oauth2-proxy list's families, security.md C.25). */
const REDIRECTS = [
  "/", "/home", "/app/x?y=1", "//evil.example", "/\\evil.example", "/%09/evil.example", "/ /evil.example", "/%2f%2fevil.example",
  "/%5cevil.example", "\\/\\/evil.example", "https:evil.example", "javascript:alert(1)", "data:text/html,x", "http://good@evil.example",
  "http://evil.example#@good", "https://app.example.test/ok", "https://app.example.test//evil", "https://other.example.test/x",
  "https://other.example.test:443/x", "https://APP.example.test/x", "https://app.example.test.evil/x", "/x%0d%0aSet-Cookie:a=b",
  "/x\r\nSet-Cookie: a=b", "https://app.example.test/%2e%2e/x", "/" + "a".repeat(3000), "", "%", "https://", "https://[::1]/x",
];

const PATHS = [
  "/", "/productpage", "/app", "/app/", "/app/x", "/admin", "//admin", "/admin/", "/Admin", "/%61dmin", "/public/../admin",
  "/public/%2e%2e/admin", "/public/..%2fadmin", "/public%2f..%2fadmin", "/public/..;/admin", "/admin;x", "/admin%00", "/admin#/public",
  "/admin?public", "/oauth2/callbackX", "/oauth2/callback/../admin", "/oauth2/callback/", "/OAUTH2/CALLBACK", "/oauth2/sign_out/",
  "/oauth2//callback", "*", "", "admin", "https://app.example.test/admin", "/%", "/%zz", "/%c0%af", "/\x00", "/\xff",
  "/app/" + "a/".repeat(2000), "/" + "%2e%2e/".repeat(100), "/public", "/publicadmin", "/productpage/", "/productpage?x", "/productpage#x",
];

const AUTHORITIES = [
  AUTHORITY, AUTHORITY.toUpperCase(), `${AUTHORITY}:443`, `${AUTHORITY}.`, `${AUTHORITY}.:443`, `${AUTHORITY}:80`, `${AUTHORITY}:8443`,
  `${AUTHORITY}:`, `:443`, "", "evil.example", `evil.example@${AUTHORITY}`, `${AUTHORITY}@evil.example`, "[::1]", "[::1]:443", "[::1",
  "[", "]", "[]:", "::::", "127.0.0.1", `${AUTHORITY}:99999999999`, `${AUTHORITY}:-1`, "a".repeat(5000), utf8("ápp.example.test"),
];

function param(rng: Rng, name: string, value: string): string {
  const v = rng.chance(0.15) ? encodeURIComponent(value) : value;
  return rng.chance(0.05) ? `${name}` : `${name}=${v}`;
}

function callbackQuery(ctx: FuzzContext, rng: Rng): string {
  const state = ctx.seeds.login.state;
  const parts: string[] = [];
  const s = rng.int(10);
  const stateValue = s < 5 ? state : s < 7 ? mutateBytes(rng, state, { dict: QUERY_TOKENS }) : s < 8 ? state.slice(0, 16) : rng.pick(["", state + state, "x".repeat(16), "-".repeat(16)]);
  if (rng.chance(0.92)) parts.push(param(rng, "state", stateValue));
  if (rng.chance(0.9)) parts.push(param(rng, "code", rng.chance(0.7) ? "c0de-" + ctx.serial : mutateBytes(rng, "c0de", { dict: QUERY_TOKENS, maxLength: 9000 })));
  if (rng.chance(0.15)) parts.push(param(rng, "error", rng.pick(["access_denied", "login_required", "server_error", "temporarily_unavailable", "x", "", "%"])));
  if (rng.chance(0.1)) parts.push(param(rng, "error_description", mutateBytes(rng, "Denied+by+user")));
  if (rng.chance(0.3)) parts.push(param(rng, "iss", rng.pick([encodeURIComponent(ISSUER), ISSUER, ISSUER + "/", "https%3A%2F%2Fevil.example", ""])));
  if (rng.chance(0.1)) parts.push(param(rng, rng.pick(["state", "code", "iss", "error"]), "dup"));
  if (rng.chance(0.1)) parts.push(param(rng, "session_state", "abc"));
  for (let i = parts.length - 1; i > 0; i--) { const j = rng.int(i + 1); [parts[i], parts[j]] = [parts[j], parts[i]]; }
  let q = parts.join(rng.chance(0.95) ? "&" : rng.pick(["&&", ";", "&amp;"]));
  if (rng.chance(0.3)) q = mutateBytes(rng, q, { dict: QUERY_TOKENS });
  if (rng.chance(0.02)) q += "&x=1".repeat(rng.pick([63, 64, 65, 1000]));
  return q;
}

function signOutRequest(ctx: FuzzContext, rng: Rng): Pairs {
  const rd = rng.chance(0.8) ? rng.pick(REDIRECTS) : mutateBytes(rng, rng.pick(REDIRECTS), { dict: QUERY_TOKENS });
  const enc = rng.chance(0.5) ? encodeURIComponent(rd) : rd;
  const query = rng.chance(0.85) ? `?rd=${enc}` + (rng.chance(0.1) ? `&rd=/x` : "") : rng.chance(0.5) ? "" : "?" + noise(rng, { dict: QUERY_TOKENS });
  const method = rng.weighted([[6, "GET"], [3, "POST"], [1, rng.pick(["HEAD", "PUT", "DELETE", "OPTIONS", "get", ""])]] as const);
  const extra: Pairs = [["sec-fetch-site", rng.pick(["none", "same-origin", "same-site", "cross-site", "", "CROSS-SITE"])]];
  if (rng.chance(0.5)) extra.push(["cookie", cookieHeader(rng.pick([ctx.seeds.session, ctx.seeds.chunkedSession, [[ctx.seeds.login.cookieName, ctx.seeds.login.cookieValue]]]))]);
  return requestHeaders(method, "/oauth2/sign_out" + query, [...extra, ...extraHeaders(rng, rng.int(3))]);
}

function callbackRequest(ctx: FuzzContext, rng: Rng): Pairs {
  const l = ctx.seeds.login;
  const extra: Pairs = [["accept", "text/html"], ["sec-fetch-mode", "navigate"], ["sec-fetch-site", "cross-site"]];
  if (rng.chance(0.9)) extra.push(["cookie", `${l.cookieName}=${l.cookieValue}` + (rng.chance(0.2) ? "; " + cookieHeader(ctx.seeds.session) : "")]);
  const method = rng.chance(0.95) ? "GET" : rng.pick(["POST", "HEAD", "PUT"]);
  const authority = rng.chance(0.9) ? AUTHORITY : rng.pick(AUTHORITIES);
  return requestHeaders(method, "/oauth2/callback?" + callbackQuery(ctx, rng), [...extra, ...extraHeaders(rng, rng.int(2))], authority);
}

function rawPathRequest(ctx: FuzzContext, rng: Rng): Pairs {
  let path = rng.pick(PATHS);
  if (rng.chance(0.5)) path = mutateBytes(rng, path, { dict: [...COMMON_TOKENS, "/", "..", "%2f", "%2e", ";", "?", "#"], maxLength: 70_000 });
  const cookies: Pairs = rng.chance(0.5) ? [["cookie", cookieHeader(ctx.seeds.session)]] : [];
  return requestHeaders(rng.chance(0.9) ? "GET" : rng.pick(["POST", "HEAD", "CONNECT", "\x00", "G E T"]), path, [...clientHeaders(rng), ...cookies]);
}

function headerSoup(ctx: FuzzContext, rng: Rng): Pairs {
  const method = rng.chance(0.8) ? "GET" : mutateBytes(rng, "GET");
  const path = rng.pick(["/productpage", "/public/x", "/oauth2/sign_out", "/oauth2/callback?code=c&state=" + ctx.seeds.login.state]);
  const authority = rng.chance(0.5) ? rng.pick(AUTHORITIES) : mutateBytes(rng, AUTHORITY);
  const scheme = rng.pick(["https", "http", "HTTPS", "", "ftp", "\x00"]);
  const pairs = requestHeaders(method, path, [...clientHeaders(rng), ...extraHeaders(rng, rng.smallLength(40))], authority, scheme);
  // Sometimes a pseudo-header is missing or repeated (Envoy never does that; the filter must not care).
  if (rng.chance(0.1)) pairs.splice(rng.int(4), 1);
  if (rng.chance(0.05)) pairs.push([rng.pick([":path", ":method", ":authority"]), rng.pick(PATHS)]);
  return pairs;
}

export const requestSurface: Surface = {
  name: "request",
  covers: "callback and sign-out query strings (state/code/error/iss/rd, duplicates, bad escapes, open-redirect payloads), raw :path values, :authority/:method/:scheme, Accept, Sec-Fetch-*, X-Requested-With, spoofable identity headers, repeated headers",
  share: 0.24,
  reconfigures: false,
  next(ctx: FuzzContext, rng: Rng): Scenario {
    const kind = rng.int(10);
    const headers = kind < 4 ? callbackRequest(ctx, rng) : kind < 6 ? signOutRequest(ctx, rng) : kind < 8 ? rawPathRequest(ctx, rng) : headerSoup(ctx, rng);
    const steps: Step[] = [{ op: rng.chance(0.01) ? "loggedOnly" : "request", headers }];
    // A callback that got through dispatches the code exchange: answer it now and then, so the
    // finish path sees requests shaped by this surface (otherwise the epilogue resets the call).
    if (kind < 4 && rng.chance(0.3)) steps.push({ op: "respond", to: "token", status: 200, body: JSON.stringify(ctx.seeds.loginResponse) });
    return { surface: "request", steps };
  },
};
