// Plugin configuration at configure time: the fuzz world's valid configuration mutated as a JSON
// tree with values that sit on each setting's edges (durations, secrets, URLs, path rules, scopes,
// algorithms), plus raw bytes. Configure may accept or refuse; it must not trap. An accepted
// configuration then serves a few requests (protected, callback, sign-out, bypass).
import type { Rng } from "./prng.ts";
import { fromJs, fuzzJsonText, mutateJson, serialize, str, raw, type J } from "./json.ts";
import { mutateBytes, noise } from "./mutate.ts";
import { BASE_DISCOVERY, BASE_JWKS, NAVIGATE, fuzzConfig, requestHeaders, type Scenario, type Step } from "./scenario.ts";
import { cookieHeader } from "./seeds.ts";
import type { FuzzContext, Surface } from "./surface.ts";

const CONFIG_KEYS = ["issuer", "client_id", "client_secret", "redirect_url", "cookie_secret", "cookie_secret_previous", "cookie_expire",
  "cookie_refresh", "cookie_idle_timeout", "scopes", "match", "idp_cluster", "idp_logout_url", "post_logout_redirect_url", "sign_out_path",
  "client_auth", "allowed_algs", "clock_skew", "pass_access_token", "http_timeout", "allowed_redirect_origins", "allow_http_issuer",
  "mode", "rules", "path", "type", "unknown_setting"];

const DURATIONS = ["0", "1s", "1h30m", "168h", "45s", "1ms", "1us", "1ns", "-1s", "1.5h", "h", "1", "1hh", "1h1h", "10d", "1w",
  "99999999999999999999h", "87600h", "87601h", "9223372036854775807s", "1e400h", " 1h", "1h ", "1H", "0h0m0s", "", "600s", "601s",
  "60s", "61s", "10m", "11m"];

const SECRETS = ["", "short", "changeme-changeme-changeme-changeme", "replace-me-with-32-bytes-of-random!", "example-secret-example-secret-12",
  "a".repeat(32), "ab".repeat(16), "0123456789abcdef0123456789abcdef", "q0Zy5VbH3n8tJc1xWm7RkLp2sA9dF4gE6uIoPzXcVbM=",
  "q0Zy5VbH3n8tJc1xWm7RkLp2sA9dF4gE6uIoPzXcVbN", "q0Zy5VbH3n8tJc1xWm7RkLp2sA9dF4gE6uIoPzXcVbM", "q0Zy5VbH3n8tJc1xWm7RkLp2sA9dF4gE6uIoPzXcVb",
  "x".repeat(10_000), "é".repeat(20), "\u0000".repeat(40), "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkw"];

const URLS = ["https://idp.example.test", "https://idp.example.test/", "http://idp.example.test", "http://localhost:8080/realms/x",
  "http://127.0.0.1", "http://[::1]:9000", "https://idp.example.test?x=1", "https://idp.example.test#f", "https://u@idp.example.test",
  "https://app.example.test/oauth2/callback", "https://app.example.test:8443/cb", "https://app.example.test/oauth2/sign_out",
  "https://APP.example.test./cb", "http://app.example.test/cb", "https://app.example.test/cb?x=1", "https://", "//x", "/cb", "",
  "https://[::1]:443/cb", "https://app.example.test/" + "a".repeat(4000), "https://app.example.test/%zz", "https://ÿ.example/cb"];

const RULE_PATHS = ["/", "/a", "/a/", "//a", "/a/../b", "/a/./b", "/%2fa", "/%2Fa", "/%61", "/a;b", "/a?b", "/a#b", "a", "", "/%", "/%zz",
  "/\u0000", "/é", "/" + "a/".repeat(3000)];

function values(): J[] {
  return [
    ...DURATIONS.map((d) => str(d)), ...SECRETS.map((s) => str(s)), ...URLS.map((u) => str(u)), raw("3600"), raw("-1"), raw("1e400"),
    raw("315360000"), raw("315360001"), raw("0.5"), raw("60"), raw("61"), raw("0"), raw("true"), raw("false"), str("true"),
    str("client_secret_post"), str("client_secret_basic"), str("private_key_jwt"), fromJs(["RS256"]), fromJs([]), fromJs(["none"]),
    fromJs(["HS256"]), fromJs(["RS256", "RS256"]), fromJs(["EdDSA"]), fromJs(["openid"]), fromJs(["openid", "a b"]), fromJs(["\"", "\\"]),
    fromJs({ mode: "bypass_if_matched", rules: [] }), fromJs({ mode: "auth_if_matched" }), fromJs({ mode: "x", rules: {} }),
    ...RULE_PATHS.map((p) => fromJs({ mode: "auth_if_matched", rules: [{ path: p, type: "prefix" }, { path: p, type: "exact" }] })),
    fromJs({ path: "/x", type: "regex" }), str("/oauth2/callback"), str("/oauth2/sign_out"), str("no-slash"),
  ];
}

const VALUES = values();

function fuzzedConfig(rng: Rng): string {
  const doc = fromJs(fuzzConfig(rng.chance(0.3) ? { client_auth: "client_secret_post", cookie_expire: "0", cookie_refresh: "0", cookie_idle_timeout: "0" } : {}));
  const k = rng.int(12);
  if (k < 8) return serialize(mutateJson(rng, doc, { keys: CONFIG_KEYS, values: VALUES }), rng);
  if (k < 10) return fuzzJsonText(rng, doc, { keys: CONFIG_KEYS, values: VALUES }, 0.9);
  if (k === 10) return mutateBytes(rng, serialize(doc), { dict: CONFIG_KEYS.map((c) => `"${c}"`) });
  return rng.pick(["", "{}", "[]", "null", "\x00", "\xef\xbb\xbf{}", " ", noise(rng), "{".repeat(100_000), serialize(doc).repeat(2)]);
}

export const configSurface: Surface = {
  name: "config",
  covers: "plugin configuration JSON at configure time: the valid configuration mutated as a JSON tree with edge values for every setting (durations, secrets, URLs, path rules, scopes, algorithms, timeouts), raw bytes, deep nesting; accepted ones then serve protected, callback, sign-out and bypass requests",
  share: 0.08,
  reconfigures: true,
  next(ctx: FuzzContext, rng: Rng): Scenario {
    const l = ctx.seeds.login;
    const steps: Step[] = [
      { op: "configure", config: fuzzedConfig(rng) },
      { op: "respond", to: "discovery", status: 200, body: JSON.stringify(BASE_DISCOVERY) },
      { op: "respond", to: "jwks", status: 200, body: JSON.stringify(BASE_JWKS) },
      { op: "request", headers: requestHeaders("GET", rng.pick(["/productpage", "/a/x", "/public", "/x;y", "/%61"]), NAVIGATE) },
      { op: "request", headers: requestHeaders("GET", `/oauth2/callback?code=c&state=${l.state}`, [...NAVIGATE, ["cookie", `${l.cookieName}=${l.cookieValue}`]]) },
      { op: "respond", to: "token", status: 200, body: JSON.stringify(ctx.seeds.loginResponse) },
      { op: "request", headers: requestHeaders("POST", rng.pick(["/oauth2/sign_out", "/cb", "/a/sign_out"]), [["sec-fetch-site", "same-origin"], ["cookie", cookieHeader(ctx.seeds.session)]]) },
    ];
    return { surface: "config", steps };
  },
};
