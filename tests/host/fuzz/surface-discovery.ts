// Discovery documents at startup: the real document mutated as a JSON tree, with near-miss issuers
// and hostile endpoint URLs. When a document is accepted, the scenario uses every endpoint it
// introduced: the JWKS fetch, a login redirect (authorization_endpoint), a code exchange
// (token_endpoint, and the Istio cluster name derived from it) and a sign-out (end_session_endpoint).
import type { Rng } from "./prng.ts";
import { fromJs, fuzzJsonText, mutateJson, serialize, str, raw, type J } from "./json.ts";
import { mutateBytes, noise } from "./mutate.ts";
import { targeted } from "./jwt.ts";
import { BASE_DISCOVERY, BASE_JWKS, ISSUER, NAVIGATE, fuzzConfig, requestHeaders, type Scenario, type Step } from "./scenario.ts";
import { cookieHeader } from "./seeds.ts";
import type { FuzzContext, Surface } from "./surface.ts";

const DISCOVERY_KEYS = ["issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "end_session_endpoint", "userinfo_endpoint",
  "authorization_response_iss_parameter_supported", "code_challenge_methods_supported", "response_types_supported",
  "id_token_signing_alg_values_supported", "token_endpoint_auth_methods_supported", "mtls_endpoint_aliases"];

const URLS = [
  `${ISSUER}/authorize?prompt=login`, `${ISSUER}/authorize?`, `${ISSUER}:443/token`, `${ISSUER}:8443/token`, `${ISSUER}:0/x`,
  `${ISSUER}:65536/x`, `${ISSUER}:/x`, ISSUER.replace("https", "http") + "/token", `${ISSUER}/jwks#frag`, `${ISSUER}/${"a".repeat(5000)}`,
  `${ISSUER}/%zz`, `${ISSUER}/a b`, `${ISSUER}/\r\nx: y`, "https://user:pw@idp.example.test/token", "https://[::1]/token",
  "https://[::1]:8443/token", "https://[::1", "https:///token", "https://", "https:", "//idp.example.test/token", "/token", "token",
  "HTTPS://IDP.EXAMPLE.TEST/TOKEN", "https://idp.example.test./token", "https://idp.example.test/../../x", "https://ÿ.example/x",
  "https://idp.example.test/\x00", "ftp://idp.example.test/x", "javascript:alert(1)", "https://evil.example/token", "",
  `${ISSUER}/logout?post_logout_redirect_uri=x&`, `${ISSUER}/logout?a=1#b`,
];

/** Endpoints a strict reader should still accept: odd but valid https URLs. */
const ODD_VALID_URLS = [
  `${ISSUER}/authorize?prompt=login&x=%2F`, `${ISSUER}:443/token`, `${ISSUER}:8443/token`, "https://idp.example.test/a/./b/../token",
  `https://IDP.example.test/jwks`, "https://[2001:db8::1]:8443/token", "https://127.0.0.1/token", `${ISSUER}/${"p".repeat(3000)}`,
  `${ISSUER}/%7Etoken?`, `${ISSUER}/logout?x=1`, "https://other.example.test/token", "https://idp.example.test./token",
];

function fuzzedDiscovery(rng: Rng): string {
  const doc: J = fromJs(BASE_DISCOVERY);
  const values: J[] = [...URLS.map((u) => str(u)), ...ODD_VALID_URLS.map((u) => str(u)), ...ODD_VALID_URLS.map((u) => str(u)), str(ISSUER + "/"), str(ISSUER.toUpperCase()), raw("true"), raw("false"), str("true"),
    fromJs(["plain"]), fromJs(["S256"]), fromJs([]), fromJs("S256"), fromJs(["s256"])];
  const k = rng.int(20);
  if (k < 8) {
    // The issuer kept (so the document is not refused outright), endpoints and metadata changed.
    for (let n = rng.range(1, 3); n > 0; n--) targeted(rng, doc, DISCOVERY_KEYS.slice(1), values);
    return serialize(doc, rng);
  }
  if (k < 13) return serialize(mutateJson(rng, doc, { keys: DISCOVERY_KEYS, values }), rng);
  if (k < 17) {
    // One endpoint replaced by a URL mutated byte by byte.
    const d: Record<string, unknown> = { ...BASE_DISCOVERY };
    const key = rng.pick(["authorization_endpoint", "token_endpoint", "jwks_uri", "end_session_endpoint"]);
    d[key] = Buffer.from(mutateBytes(rng, String(d[key]), { dict: ["/", ":", "@", "?", "#", "%", "[", "]", ".."] }), "latin1").toString("utf8");
    if (rng.chance(0.3)) d.authorization_response_iss_parameter_supported = true;
    return serialize(fromJs(d), rng);
  }
  if (k < 19) return fuzzJsonText(rng, doc, { keys: DISCOVERY_KEYS, values }, 0.9);
  return rng.pick(["", "{}", "[]", "null", `{"issuer":"${ISSUER}"}`, noise(rng), serialize(doc) + serialize(doc)]);
}

export const discoverySurface: Surface = {
  name: "discovery",
  covers: "discovery documents at startup: the real document mutated as a JSON tree, near-miss issuers, hostile endpoint URLs (ports, IPv6, userinfo, CR/LF, non-ASCII, relative), PKCE and iss-parameter metadata; every accepted endpoint then used (JWKS fetch, login redirect, code exchange with a derived Istio cluster, sign-out)",
  share: 0.07,
  reconfigures: true,
  next(ctx: FuzzContext, rng: Rng): Scenario {
    const l = ctx.seeds.login;
    // Without idp_cluster the Envoy cluster is derived from each endpoint URL (Istio naming).
    const config = JSON.stringify(fuzzConfig(rng.chance(0.5) ? { idp_cluster: null } : {}));
    const status = rng.chance(0.9) ? 200 : rng.pick([0, 204, 302, 404, 500, 503, "x"]);
    const steps: Step[] = [
      { op: "configure", config },
      { op: "respond", to: "discovery", status, body: fuzzedDiscovery(rng) },
      { op: "respond", to: "jwks", status: 200, body: JSON.stringify(BASE_JWKS) },
      { op: "request", headers: requestHeaders("GET", "/productpage?from=discovery", NAVIGATE) },
      { op: "request", headers: requestHeaders("GET", `/oauth2/callback?code=d-${ctx.serial}&state=${l.state}${rng.chance(0.3) ? "&iss=" + encodeURIComponent(ISSUER) : ""}`, [...NAVIGATE, ["cookie", `${l.cookieName}=${l.cookieValue}`]]) },
      { op: "respond", to: "token", status: 200, body: JSON.stringify(ctx.seeds.loginResponse) },
      { op: "request", headers: requestHeaders("GET", "/oauth2/sign_out", [["sec-fetch-site", "same-origin"], ["cookie", cookieHeader(ctx.seeds.session)]]) },
    ];
    return { surface: "discovery", steps };
  },
};
