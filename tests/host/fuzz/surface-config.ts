// Plugin configuration at configure time: the fuzz world's valid configuration mutated as a JSON
// tree with values that sit on each setting's edges (durations, secrets, URLs, path rules, scopes,
// algorithms), plus raw bytes. Configure may accept or refuse; it must not trap. An accepted
// configuration then serves a few requests (protected, callback, sign-out, bypass).
import type { Rng } from "./prng.ts";
import { clone, fromJs, fuzzJsonText, mutateJson, serialize, setMember, str, raw, type J } from "./json.ts";
import { mutateBytes, noise } from "./mutate.ts";
import { BASE_DISCOVERY, BASE_JWKS, NAVIGATE, fuzzConfig, requestHeaders, type Scenario, type Step } from "./scenario.ts";
import { cookieHeader } from "./seeds.ts";
import type { FuzzContext, Surface } from "./surface.ts";

const CONFIG_KEYS = ["issuer", "client_id", "client_secret", "redirect_url", "cookie_secret", "cookie_secret_previous", "cookie_expire",
  "cookie_refresh", "cookie_idle_timeout", "scopes", "match", "idp_cluster", "idp_logout_url", "post_logout_redirect_url", "sign_out_path",
  "client_auth", "allowed_algs", "clock_skew", "pass_access_token", "http_timeout", "allowed_redirect_origins", "allow_http_issuer",
  "mode", "rules", "path", "type", "unknown_setting"];

/** The settings a configuration may have at its top level. */
const TOP_LEVEL_KEYS = CONFIG_KEYS.slice(0, 22);

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

const EDGE_BY_KIND: Record<string, J[]> = {
  duration: [...DURATIONS.map((d) => str(d)), raw("0"), raw("1"), raw("59"), raw("600"), raw("3600"), raw("315360000"), raw("-1"), raw("1.5")],
  secret: SECRETS.map((x) => str(x)),
  url: URLS.map((u) => str(u)),
  match: RULE_PATHS.map((p) => fromJs({ mode: "auth_if_matched", rules: [{ path: p, type: "prefix" }] }))
    .concat([fromJs({ mode: "bypass_if_matched", rules: [{ path: "/public", type: "prefix" }] }), fromJs({ mode: "bypass_if_matched", rules: [] })]),
  scopes: [fromJs(["openid"]), fromJs([]), fromJs(["email"]), fromJs(["openid", "openid"]), fromJs(["a".repeat(500)]), fromJs(["x y"]), fromJs(["é"])],
  algs: [fromJs(["RS256"]), fromJs(["EdDSA"]), fromJs(["ES384", "PS512"]), fromJs([]), fromJs(["none"]), fromJs(["HS256"]), fromJs(["RS256", "RS256"])],
  bool: [raw("true"), raw("false"), str("true"), raw("1")],
  path: [str("/oauth2/sign_out"), str("/logout"), str("/oauth2/callback"), str("/"), str("/a?b"), str("x"), str("/%2f"), str("/" + "s".repeat(3000))],
  origins: [fromJs(["https://app.example.test"]), fromJs([]), fromJs(["https://a.example", "http://b.example:8080"]), fromJs(["*"]), fromJs(["https://app.example.test/"])],
  auth: [str("client_secret_post"), str("client_secret_basic"), str("private_key_jwt"), str("")],
  text: [str("x"), str(""), str("a".repeat(5000)), str("é\u0000"), str("outbound|443||idp.example.test"), str("client id with spaces:%&")],
};

/** Values of the same kind as `key` expects, from ordinary to edge. */
function edgeValues(key: string): J[] {
  if (key.startsWith("cookie_secret")) return key === "cookie_secret" ? EDGE_BY_KIND.secret : [fromJs([]), fromJs([SECRETS[9]]), fromJs(["short"]), fromJs(SECRETS.slice(5, 9))];
  if (["cookie_expire", "cookie_refresh", "cookie_idle_timeout", "clock_skew", "http_timeout"].includes(key)) return EDGE_BY_KIND.duration;
  if (["issuer", "redirect_url", "idp_logout_url", "post_logout_redirect_url"].includes(key)) return EDGE_BY_KIND.url;
  if (key === "match") return EDGE_BY_KIND.match;
  if (key === "scopes") return EDGE_BY_KIND.scopes;
  if (key === "allowed_algs") return EDGE_BY_KIND.algs;
  if (key === "pass_access_token" || key === "allow_http_issuer") return EDGE_BY_KIND.bool;
  if (key === "sign_out_path") return EDGE_BY_KIND.path;
  if (key === "allowed_redirect_origins") return EDGE_BY_KIND.origins;
  if (key === "client_auth") return EDGE_BY_KIND.auth;
  return EDGE_BY_KIND.text;
}

function fuzzedConfig(rng: Rng): string {
  const doc = fromJs(fuzzConfig(rng.chance(0.3) ? { client_auth: "client_secret_post", cookie_expire: "0", cookie_refresh: "0", cookie_idle_timeout: "0" } : {}));
  const k = rng.int(12);
  if (k < 4) {
    // One or two settings moved to an edge value of their own kind, the rest valid: many such
    // configurations are accepted and then serve requests with unusual settings.
    for (let n = rng.range(1, 2); n > 0; n--) {
      const key = rng.pick(TOP_LEVEL_KEYS);
      setMember(doc, key, rng.chance(0.1) ? raw("null") : clone(rng.pick(edgeValues(key))));
    }
    return serialize(doc, rng);
  }
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
