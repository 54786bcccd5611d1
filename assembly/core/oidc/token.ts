// The token endpoint (RFC 6749 §3.2, §4.1.3, §6): requests dispatched to the IdP cluster, and a
// strict reading of the answer (§5.1 success, §5.2 error).

import { Config, ClientAuth } from "../config/config";
import { ProviderMetadata } from "./discovery";
import { HttpCall } from "../http/decision";
import { Header } from "../http/request";
import { formEncode } from "../encoding/url";
import { base64Encode } from "../encoding/base64";
import { utf8Encode } from "../encoding/utf8";
import { istioClusterName, AbsoluteUrl } from "../encoding/absurl";
import { parseJson } from "../json/parser";

/** The Envoy cluster for calls to `u`: the configured one, or Istio's outbound|port||host. */
export function clusterFor(cfg: Config, u: AbsoluteUrl): string {
  return cfg.idpCluster.length > 0 ? cfg.idpCluster : istioClusterName(u);
}

/** Pseudo-headers Envoy's dispatched calls require, plus a User-Agent naming us. */
export function callHeaders(method: string, u: AbsoluteUrl): Array<Header> {
  const h = new Array<Header>();
  h.push(new Header(":method", method));
  h.push(new Header(":path", u.pathAndQuery()));
  h.push(new Header(":authority", u.authority));
  h.push(new Header(":scheme", u.scheme));
  h.push(new Header("accept", "application/json"));
  h.push(new Header("user-agent", "envoy-oidc-sso"));
  return h;
}

function tokenCall(cfg: Config, meta: ProviderMetadata, form: string): HttpCall {
  const h = callHeaders("POST", meta.tokenEndpoint);
  h.push(new Header("content-type", "application/x-www-form-urlencoded"));
  let body = form;
  if (cfg.clientAuth == ClientAuth.Basic) {
    // RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding (a ":" or "%" in a
    // secret would otherwise corrupt the credentials; conformance rp-token_endpoint-client_secret_basic).
    const cred = formEncode(cfg.clientId) + ":" + formEncode(cfg.clientSecret);
    h.push(new Header("authorization", "Basic " + base64Encode(utf8Encode(cred))));
  } else {
    body += "&client_id=" + formEncode(cfg.clientId) + "&client_secret=" + formEncode(cfg.clientSecret);
  }
  return new HttpCall(clusterFor(cfg, meta.tokenEndpoint), h, body, cfg.httpTimeoutMs);
}

/** Authorization code grant (RFC 6749 §4.1.3) with the PKCE verifier (RFC 7636 §4.5). */
export function codeExchangeCall(cfg: Config, meta: ProviderMetadata, code: string, verifier: string): HttpCall {
  return tokenCall(cfg, meta, "grant_type=authorization_code&code=" + formEncode(code) +
    "&redirect_uri=" + formEncode(cfg.redirectUrl) + "&code_verifier=" + formEncode(verifier));
}

/** Refresh token grant (RFC 6749 §6). */
export function refreshCall(cfg: Config, meta: ProviderMetadata, refreshToken: string): HttpCall {
  return tokenCall(cfg, meta, "grant_type=refresh_token&refresh_token=" + formEncode(refreshToken));
}

export class TokenSet {
  error: string = "";
  idToken: string = "";
  accessToken: string = "";
  refreshToken: string = "";
}

function failed(code: string): TokenSet {
  const t = new TokenSet();
  t.error = code;
  return t;
}

/**
 * Reads a token response. Errors are short codes for logs and pages; the IdP's own error text is
 * not repeated (it may echo a code or a secret). `requireIdToken` is false for a refresh, where
 * OpenID Connect Core §12.2 lets the IdP omit a new ID token.
 */
export function parseTokenResponse(status: i32, body: Uint8Array, requireIdToken: bool): TokenSet {
  // 0: reset before any answer. 504 and 503 are what Envoy itself answers for a call that timed
  // out or found no healthy upstream; either way the IdP did not answer in time.
  if (status == 0 || status == 504) return failed("token_endpoint_timeout");
  if (status == 503) return failed("token_endpoint_unavailable");
  const parsed = parseJson(body);
  const doc = parsed.value;
  if (!parsed.ok || doc === null || !doc.isObject()) return failed(status == 200 ? "token_response_not_json" : "token_endpoint_status");
  if (doc.has("error")) {
    const e = doc.getString("error");
    return failed(e == "invalid_grant" ? "token_invalid_grant" : "token_endpoint_error");
  }
  if (status != 200) return failed("token_endpoint_status");
  // RFC 6749 §7.1 / RFC 6750: only Bearer tokens; the type is case-insensitive.
  const type = doc.getString("token_type");
  if (type === null || type.toLowerCase() != "bearer") return failed("token_type_not_bearer");
  const access = doc.getString("access_token");
  if (access === null || access.length == 0) return failed("access_token_missing");
  const t = new TokenSet();
  t.accessToken = access;
  const id = doc.get("id_token");
  if (id !== null) {
    const s = id.asString();
    if (s === null || s.length == 0) return failed("id_token_invalid");
    t.idToken = s;
  } else if (requireIdToken) {
    return failed("id_token_missing");
  }
  const refresh = doc.get("refresh_token");
  if (refresh !== null) {
    const r = refresh.asString();
    if (r === null) return failed("refresh_token_invalid");
    t.refreshToken = r;
  }
  return t;
}
