// JSON plugin configuration → Config, every problem reported at once by field name (like
// oauth2-proxy's validator), defaults applied once. An invalid configuration yields no Config at
// all, so the filter cannot serve traffic open by accident.

import { parseJson } from "../json/parser";
import { JsonValue, JsonKind } from "../json/value";
import { Config, ClientAuth } from "./config";
import { parseDurationSeconds, MAX_DURATION_SECONDS } from "./duration";
import { decodeCookieSecret } from "./secret";
import { parseAbsoluteUrl, AbsoluteUrl } from "../encoding/absurl";
import { PathRules, MatchMode } from "../route/rules";
import { parseRules } from "./rules";
import { CookieKeys } from "../session/seal";
import { CookiePolicy } from "../encoding/cookie";

export class ConfigResult {
  constructor(public config: Config | null, public errors: Array<string>) {}
}

/** Every key the configuration may carry; anything else is a typo we refuse to ignore. */
const KNOWN_KEYS: string[] = [
  "issuer", "client_id", "client_secret", "redirect_url", "cookie_secret", "cookie_secret_previous",
  "cookie_expire", "cookie_refresh", "cookie_idle_timeout", "scopes", "match", "idp_cluster",
  "idp_logout_url", "post_logout_redirect_url", "sign_out_path", "client_auth", "allowed_algs",
  "clock_skew", "pass_access_token", "http_timeout", "allowed_redirect_origins", "allow_http_issuer",
];

/** RFC 7518 §3.1 names of the signature algorithms the crypto core verifies. */
export const SUPPORTED_ALGS: string[] = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"];
const DEFAULT_ALGS: string[] = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"];
const DEFAULT_SCOPES: string[] = ["openid", "email", "profile"];

class Collector {
  errors: Array<string> = new Array<string>();
  add(field: string, problem: string): void { this.errors.push(field + ": " + problem); }
}

function optString(root: JsonValue, key: string, c: Collector): string {
  const v = root.get(key);
  if (v === null || v.isNull()) return "";
  const s = v.asString();
  if (s === null) { c.add(key, "must be a string"); return ""; }
  return s;
}

function requiredString(root: JsonValue, key: string, c: Collector): string {
  const v = root.get(key);
  if (v === null || v.isNull()) { c.add(key, "is required"); return ""; }
  const s = v.asString();
  if (s === null) { c.add(key, "must be a string"); return ""; }
  if (s.length == 0) c.add(key, "must not be empty");
  return s;
}

/** A duration as a string ("1h30m") or whole seconds (a JSON integer); `fallback` when absent. */
function duration(root: JsonValue, key: string, fallback: i64, c: Collector): i64 {
  const v = root.get(key);
  if (v === null || v.isNull()) return fallback;
  if (v.isNumber()) {
    const n = v.asSafeInteger();
    if (!n.ok || n.value < 0 || n.value > MAX_DURATION_SECONDS) {
      c.add(key, "must be a whole number of seconds (at most ten years) or a duration like \"1h30m\"");
      return fallback;
    }
    return n.value;
  }
  const s = v.asString();
  const secs = s === null ? -1 : parseDurationSeconds(s);
  if (secs < 0) { c.add(key, "must be a duration like \"168h\", \"1h30m\", \"45s\", \"0\" or whole seconds"); return fallback; }
  return secs;
}

function stringList(root: JsonValue, key: string, fallback: string[], c: Collector): Array<string> {
  const out = new Array<string>();
  const v = root.get(key);
  if (v === null || v.isNull()) { for (let i = 0; i < fallback.length; i++) out.push(fallback[i]); return out; }
  if (!v.isArray()) { c.add(key, "must be a list of strings"); return out; }
  for (let i = 0; i < v.length; i++) {
    const item = v.at(i);
    const s: string | null = item === null ? null : item.asString();
    if (s === null) { c.add(key + "[" + i.toString() + "]", "must be a string"); continue; }
    out.push(s);
  }
  return out;
}

function boolean(root: JsonValue, key: string, fallback: bool, c: Collector): bool {
  const v = root.get(key);
  if (v === null || v.isNull()) return fallback;
  const b = v.asBool();
  if (!b.ok) { c.add(key, "must be true or false"); return fallback; }
  return b.value;
}

function url(root: JsonValue, key: string, required: bool, c: Collector): AbsoluteUrl | null {
  const s = required ? requiredString(root, key, c) : optString(root, key, c);
  if (s.length == 0) return null;
  const u = parseAbsoluteUrl(s);
  if (u === null) c.add(key, "must be an absolute http(s) URL without user info or fragment");
  return u;
}

/** RFC 6749 §3.3 scope-token: %x21 / %x23-5B / %x5D-7E. */
function isScopeToken(s: string): bool {
  if (s.length == 0) return false;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 0x21 || ch == 0x22 || ch == 0x5c || ch > 0x7e) return false;
  }
  return true;
}

export function parseConfig(input: Uint8Array): ConfigResult {
  const c = new Collector();
  const parsed = parseJson(input);
  const root = parsed.value;
  if (root === null || !parsed.ok) {
    c.add("configuration", "is not valid JSON (" + parsed.error + ")");
    return new ConfigResult(null, c.errors);
  }
  if (!root.isObject()) {
    c.add("configuration", "must be a JSON object");
    return new ConfigResult(null, c.errors);
  }
  const keys = root.keys();
  for (let i = 0; i < keys.length; i++) {
    if (!KNOWN_KEYS.includes(keys[i])) c.add(keys[i], "is not a known setting");
  }

  const allowHttp = boolean(root, "allow_http_issuer", false, c);
  const issuerUrl = url(root, "issuer", true, c);
  if (issuerUrl !== null) {
    if (issuerUrl.query.length > 0) c.add("issuer", "must not have a query (OpenID Connect Discovery §2)");
    if (issuerUrl.scheme != "https" && !issuerUrl.isLoopback() && !allowHttp) {
      c.add("issuer", "must use https (set allow_http_issuer for a plain-http IdP inside the mesh)");
    }
  }
  const clientId = requiredString(root, "client_id", c);
  const clientSecret = requiredString(root, "client_secret", c);
  const redirect = url(root, "redirect_url", true, c);
  if (redirect !== null && redirect.query.length > 0) c.add("redirect_url", "must not have a query");

  const secrets = new Array<Uint8Array>();
  const secretText = requiredString(root, "cookie_secret", c);
  const current = decodeCookieSecret(secretText);
  const currentBytes = current.bytes;
  if (currentBytes !== null) secrets.push(currentBytes);
  else if (secretText.length > 0) c.add("cookie_secret", current.error);
  const previous = stringList(root, "cookie_secret_previous", [], c);
  for (let i = 0; i < previous.length; i++) {
    const p = decodeCookieSecret(previous[i]);
    const bytes = p.bytes;
    if (bytes !== null) secrets.push(bytes);
    else c.add("cookie_secret_previous[" + i.toString() + "]", p.error);
  }

  const secure = redirect !== null && redirect.scheme == "https";
  const rules = root.has("match") ? parseRules(root.get("match"), c.errors) : new PathRules(MatchMode.BypassIfMatched, []);
  const cfg = new Config(rules, new CookieKeys(secrets), new CookiePolicy(secure));
  if (issuerUrl !== null) cfg.issuer = requiredString(root, "issuer", new Collector());
  cfg.clientId = clientId;
  cfg.clientSecret = clientSecret;
  if (redirect !== null) {
    // Sent verbatim: IdPs compare redirect_uri as an exact string (RFC 9700 §2.1).
    cfg.redirectUrl = requiredString(root, "redirect_url", new Collector());
    cfg.redirectScheme = redirect.scheme;
    cfg.redirectAuthority = redirect.authority;
    cfg.callbackPath = redirect.path;
  }
  cfg.cookieExpireSeconds = duration(root, "cookie_expire", 168 * 3600, c);
  cfg.cookieRefreshSeconds = duration(root, "cookie_refresh", 3600, c);
  cfg.cookieIdleSeconds = duration(root, "cookie_idle_timeout", 0, c);
  cfg.clockSkewSeconds = duration(root, "clock_skew", 60, c);
  if (cfg.clockSkewSeconds > 600) c.add("clock_skew", "must be at most 10m");
  const timeout = duration(root, "http_timeout", 5, c);
  if (timeout < 1 || timeout > 60) c.add("http_timeout", "must be between 1s and 60s");
  else cfg.httpTimeoutMs = (timeout * 1000) as u32;

  const scopes = stringList(root, "scopes", DEFAULT_SCOPES, c);
  for (let i = 0; i < scopes.length; i++) {
    if (!isScopeToken(scopes[i])) c.add("scopes[" + i.toString() + "]", "is not a valid scope token (RFC 6749 §3.3)");
  }
  // OpenID Connect Core §3.1.2.1: "openid" MUST be present; we add it rather than fail.
  if (!scopes.includes("openid")) scopes.unshift("openid");
  cfg.scopes = scopes;

  cfg.idpCluster = optString(root, "idp_cluster", c);
  const logout = url(root, "idp_logout_url", false, c);
  if (logout !== null) cfg.idpLogoutUrl = logout.toString();
  const postLogout = url(root, "post_logout_redirect_url", false, c);
  if (postLogout !== null) cfg.postLogoutRedirectUrl = postLogout.toString();
  const signOut = optString(root, "sign_out_path", c);
  if (signOut.length > 0) {
    if (!signOut.startsWith("/") || signOut.includes("?")) c.add("sign_out_path", "must be a path starting with /");
    cfg.signOutPath = signOut;
  }
  if (redirect !== null && cfg.signOutPath == redirect.path) c.add("sign_out_path", "must differ from the path of redirect_url");

  const auth = optString(root, "client_auth", c);
  if (auth == "client_secret_post") cfg.clientAuth = ClientAuth.Post;
  else if (auth.length > 0 && auth != "client_secret_basic") c.add("client_auth", "must be client_secret_basic or client_secret_post");

  const algs = stringList(root, "allowed_algs", DEFAULT_ALGS, c);
  if (algs.length == 0) c.add("allowed_algs", "must not be empty");
  for (let i = 0; i < algs.length; i++) {
    if (!SUPPORTED_ALGS.includes(algs[i])) {
      c.add("allowed_algs[" + i.toString() + "]", "\"" + algs[i] + "\" is not supported (never none or HMAC; RFC 8725 §3.1)");
    }
  }
  cfg.allowedAlgs = algs;
  cfg.passAccessToken = boolean(root, "pass_access_token", false, c);

  const origins = stringList(root, "allowed_redirect_origins", [], c);
  for (let i = 0; i < origins.length; i++) {
    const o = parseAbsoluteUrl(origins[i]);
    if (o === null || o.pathAndQuery() != "/" || origins[i].endsWith("/")) {
      c.add("allowed_redirect_origins[" + i.toString() + "]", "must be an origin like https://app.example.com");
    } else cfg.allowedRedirectOrigins.push(o.origin());
  }
  if (c.errors.length > 0) return new ConfigResult(null, c.errors);
  return new ConfigResult(cfg, c.errors);
}
