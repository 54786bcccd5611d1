// The redirection endpoint (RFC 6749 §3.1.2; OpenID Connect Core §3.1.2.5): check the answer the
// browser brings back against the sealed, single-use login state, then exchange the code.
// Malformed requests get 400, everything that fails a check 401; the login cookie is cleared on
// every path, so a callback URL works at most once (security.md B.14-24).

import { Config } from "../config/config";
import { ProviderMetadata } from "./discovery";
import { Request } from "../http/request";
import { Decision, Continuation, CallPurpose } from "../http/decision";
import { errorPage } from "../http/pages";
import { parseQuery, countParam, getParam } from "../encoding/url";
import { uniqueCookie } from "../encoding/cookie";
import { loginCookieName, openLoginState } from "../session/login-state";
import { constantTimeEqual } from "../crypto/ct";
import { utf8Encode } from "../encoding/utf8";
import { codeExchangeCall } from "./token";
import { normalizeAuthority } from "./host";

/** Adds what every callback answer carries: no caching, no Referer leak (RFC 9700 §4.2.4). */
export function callbackHeaders(d: Decision): Decision {
  let hasCacheControl = false;
  let hasReferrerPolicy = false;
  for (let i = 0; i < d.responseHeaders.length; i++) {
    const name = unchecked(d.responseHeaders[i]).name;
    if (name == "cache-control") hasCacheControl = true;
    if (name == "referrer-policy") hasReferrerPolicy = true;
  }
  if (!hasReferrerPolicy) d.addResponseHeader("referrer-policy", "no-referrer");
  if (!hasCacheControl) d.addResponseHeader("cache-control", "no-store");
  return d;
}

function reject(req: Request, status: i32, code: string, message: string, clearCookie: string, cfg: Config): Decision {
  const d = errorPage(req, status, code, "Sign-in failed", message, "/");
  if (clearCookie.length > 0) d.addResponseHeader("set-cookie", cfg.cookies.clear(clearCookie));
  return callbackHeaders(d);
}

/** Handles GET <callback path>: validates and dispatches the code exchange. */
export function handleCallback(cfg: Config, meta: ProviderMetadata | null, req: Request, nowS: i64): Decision {
  if (normalizeAuthority(req.authority, cfg.redirectScheme) != cfg.redirectAuthority) {
    return reject(req, 400, "wrong_host", "This sign-in link was not meant for this address.", "", cfg);
  }
  if (req.method != "GET") {
    return reject(req, 400, "method_not_allowed", "The sign-in answer must arrive by GET.", "", cfg);
  }
  const params = parseQuery(req.query);
  if (params === null) return reject(req, 400, "malformed_callback", "The sign-in answer was malformed.", "", cfg);
  const names = ["state", "code", "error", "iss", "error_description"];
  for (let i = 0; i < names.length; i++) {
    if (countParam(params, names[i]) > 1) {
      return reject(req, 400, "duplicate_parameter", "The sign-in answer repeated a parameter.", "", cfg);
    }
  }
  const state = getParam(params, "state");
  const cookieName: string | null = state === null ? null : loginCookieName(cfg.loginCookiePrefix(), state);
  const clear: string = cookieName === null ? "" : changetype<string>(cookieName);
  const idpError = getParam(params, "error");
  if (idpError !== null) {
    // RFC 6749 §4.1.2.1. Only a known error code is named; the IdP's free text (error_description)
    // is neither shown nor logged, since it may echo request data.
    const status = idpError == "access_denied" ? 403 : 401;
    return reject(req, status, "idp_error", describeIdpError(idpError), clear, cfg);
  }
  const code = getParam(params, "code");
  if (state === null || code === null || state.length == 0 || code.length == 0) {
    return reject(req, 400, "missing_code_or_state", "The sign-in answer lacked its code or state.", clear, cfg);
  }
  if (cookieName === null) return reject(req, 401, "bad_state", "The sign-in answer did not match a sign-in started here.", "", cfg);
  const sealed = uniqueCookie(req.cookies, cookieName);
  if (sealed === null) {
    // Login CSRF, a replayed callback, or a flow older than the cookie (RFC 9700 §4.7).
    return reject(req, 401, "no_login_state", "This sign-in was not started in this browser, or it expired.", clear, cfg);
  }
  const login = openLoginState(cfg.keys.loginState, cookieName, sealed, nowS, cfg.clockSkewSeconds);
  if (login === null || !constantTimeEqual(utf8Encode(login.state), utf8Encode(state))) {
    return reject(req, 401, "bad_state", "The sign-in answer did not match a sign-in started here.", clear, cfg);
  }
  if (meta === null) {
    const d = errorPage(req, 503, "idp_not_ready", "Sign-in is unavailable", "The identity provider cannot be reached yet. Please try again shortly.", "/");
    d.addResponseHeader("set-cookie", cfg.cookies.clear(clear));
    return callbackHeaders(d);
  }
  // RFC 9207 §2.4: the iss parameter must equal the issuer; when the IdP advertises it, it must be there.
  const iss = getParam(params, "iss");
  if ((iss !== null && iss != meta.issuer) || (iss === null && meta.issParameterSupported)) {
    return reject(req, 401, "iss_mismatch", "The sign-in answer came from an unexpected identity provider.", clear, cfg);
  }
  const next = new Continuation(req);
  next.purpose = CallPurpose.TokenExchange;
  next.loginCookieName = cookieName;
  next.loginNonce = login.nonce;
  next.returnTo = login.returnTo;
  return Decision.dispatch(codeExchangeCall(cfg, meta, code, login.codeVerifier), next, "token_exchange");
}

/** RFC 6749 §4.1.2.1 and OpenID Connect Core §3.1.2.6 error codes, in words. */
function describeIdpError(code: string): string {
  if (code == "access_denied") return "Access was denied by the identity provider.";
  if (code == "login_required" || code == "interaction_required" || code == "consent_required" ||
    code == "account_selection_required") return "The identity provider needs you to sign in again.";
  if (code == "temporarily_unavailable" || code == "server_error") return "The identity provider is having trouble. Please try again shortly.";
  return "The identity provider refused the sign-in.";
}
