// Shared builders for the flow specs: deterministic randomness, a configuration builder, provider
// metadata, and requests as the glue would build them from Envoy's header map.
import { Entropy } from "../../../assembly/core/entropy";
import { Config } from "../../../assembly/core/config/config";
import { parseConfig } from "../../../assembly/core/config/parse";
import { ProviderMetadata, parseDiscovery } from "../../../assembly/core/oidc/discovery";
import { Header, Request } from "../../../assembly/core/http/request";
import { Decision } from "../../../assembly/core/http/decision";
import { utf8Encode } from "../../../assembly/core/encoding/utf8";
import { FX_ISSUER, FX_CLIENT_ID } from "./jwt-fixtures";

/** Call k yields bytes (17k + i) mod 256: distinct per call, reproducible in Node (make-fixtures.ts). */
export class CounterEntropy extends Entropy {
  calls: i32 = 0;
  bytes(n: i32): Uint8Array | null {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = ((this.calls * 17 + i) & 0xff) as u8;
    this.calls++;
    return b;
  }
}

/** A randomness source that has failed: callers must fail closed. */
export class BrokenEntropy extends Entropy {
  bytes(n: i32): Uint8Array | null {
    return null;
  }
}

/** 32 raw characters, 26 distinct: a valid cookie_secret. */
export const SECRET_A = "Zq7vN3xT9pLm2Wk8Rb5Yc1Hd6Gf4Js0Q";
export const SECRET_B = "Pt4Xw9Ae2Kd7Mv1Qs6Jh3Bn8Cz5Lr0Uy";
export const APP_HOST = "app.test.local";
export const REDIRECT_URL = "https://app.test.local/oauth2/callback";
export const CALLBACK_PATH = "/oauth2/callback";

/** A configuration as JSON members; set() replaces or adds one member (value given as raw JSON). */
export class ConfigBuilder {
  names: Array<string> = new Array<string>();
  values: Array<string> = new Array<string>();

  constructor() {
    this.set("issuer", q(FX_ISSUER));
    this.set("client_id", q(FX_CLIENT_ID));
    this.set("client_secret", q("s3cr:et%&"));
    this.set("redirect_url", q(REDIRECT_URL));
    this.set("cookie_secret", q(SECRET_A));
  }

  set(name: string, rawJson: string): ConfigBuilder {
    const i = this.names.indexOf(name);
    if (i >= 0) this.values[i] = rawJson;
    else { this.names.push(name); this.values.push(rawJson); }
    return this;
  }

  drop(name: string): ConfigBuilder {
    const i = this.names.indexOf(name);
    if (i >= 0) { this.names.splice(i, 1); this.values.splice(i, 1); }
    return this;
  }

  json(): string {
    const parts = new Array<string>();
    for (let i = 0; i < this.names.length; i++) parts.push(q(this.names[i]) + ":" + this.values[i]);
    return "{" + parts.join(",") + "}";
  }

  build(): Config {
    const r = parseConfig(utf8Encode(this.json()));
    const c = r.config;
    if (c === null) {
      for (let i = 0; i < r.errors.length; i++) log(r.errors[i]);
      return changetype<Config>(0);
    }
    return c;
  }
}

/** A JSON string literal (test inputs are plain ASCII without quotes or backslashes). */
export function q(s: string): string {
  return '"' + s + '"';
}

export const AUTHZ_ENDPOINT = "https://idp.test.local/realms/demo/protocol/openid-connect/auth";
export const TOKEN_ENDPOINT = "https://idp.test.local/realms/demo/protocol/openid-connect/token";
export const END_SESSION_ENDPOINT = "https://idp.test.local/realms/demo/protocol/openid-connect/logout";

export function discoveryJson(issParam: bool): string {
  return '{"issuer":' + q(FX_ISSUER) + ',"authorization_endpoint":' + q(AUTHZ_ENDPOINT) +
    ',"token_endpoint":' + q(TOKEN_ENDPOINT) + ',"jwks_uri":"https://idp.test.local/realms/demo/certs"' +
    ',"end_session_endpoint":' + q(END_SESSION_ENDPOINT) +
    ',"code_challenge_methods_supported":["plain","S256"]' +
    (issParam ? ',"authorization_response_iss_parameter_supported":true' : "") + "}";
}

export function makeMeta(issParam: bool = false): ProviderMetadata {
  const r = parseDiscovery(utf8Encode(discoveryJson(issParam)), FX_ISSUER);
  const m = r.metadata;
  if (m === null) log("discovery fixture rejected: " + r.error);
  return changetype<ProviderMetadata>(m);
}

/** Builds a request; `extra` is a flat list of header name, value, name, value... */
export function makeRequest(method: string, path: string, extra: Array<string> = []): Request {
  const h = new Array<Header>();
  h.push(new Header(":method", method));
  h.push(new Header(":path", path));
  h.push(new Header(":authority", APP_HOST));
  h.push(new Header(":scheme", "https"));
  for (let i = 0; i + 1 < extra.length; i += 2) h.push(new Header(extra[i], extra[i + 1]));
  return Request.fromHeaders(h);
}

/** A top-level page load from a browser. */
export function browserGet(path: string, extra: Array<string> = []): Request {
  const h = ["accept", "text/html,application/xhtml+xml", "sec-fetch-mode", "navigate"];
  for (let i = 0; i < extra.length; i++) h.push(extra[i]);
  return makeRequest("GET", path, h);
}

/** Every value of response header `name` (lower case). */
export function headerValues(d: Decision, name: string): Array<string> {
  const out = new Array<string>();
  for (let i = 0; i < d.responseHeaders.length; i++) {
    if (d.responseHeaders[i].name == name) out.push(d.responseHeaders[i].value);
  }
  return out;
}

/** The single value of response header `name`, or "" when absent. */
export function header(d: Decision, name: string): string {
  const v = headerValues(d, name);
  return v.length > 0 ? v[0] : "";
}

/** "name=value" of a Set-Cookie line, without attributes. */
export function cookiePair(setCookie: string): string {
  const semi = setCookie.indexOf(";");
  return semi < 0 ? setCookie : setCookie.substring(0, semi);
}

/** The query value of `name` in a URL, still percent-encoded; "" when absent. */
export function urlParam(url: string, name: string): string {
  const qi = url.indexOf("?");
  if (qi < 0) return "";
  const parts = url.substring(qi + 1).split("&");
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].startsWith(name + "=")) return parts[i].substring(name.length + 1);
  }
  return "";
}
