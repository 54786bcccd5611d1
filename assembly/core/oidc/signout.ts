// Sign-out at the configured path: clear every cookie of ours and, when the IdP has a logout
// endpoint (idp_logout_url, or end_session_endpoint from discovery), send the browser there with
// id_token_hint, the registered post_logout_redirect_uri and a state (RP-Initiated Logout 1.0 §2),
// so one visit ends both sessions. A cross-site GET cannot log a user out (security.md C.27): it
// gets a page with a button that POSTs back here.

import { Config } from "../config/config";
import { ProviderMetadata } from "./discovery";
import { Request } from "../http/request";
import { Decision } from "../http/decision";
import { htmlEscape } from "../http/pages";
import { Entropy } from "../entropy";
import { parseQuery, countParam, getParam, percentEncode } from "../encoding/url";
import { base64UrlEncode } from "../encoding/base64";
import { readSession, clearSession } from "../session/session";
import { MAX_CLEARED_LOGIN_COOKIES } from "../session/login-state";
import { allowedRedirect } from "./redirects";
import { parseAbsoluteUrl } from "../encoding/absurl";

function confirmPage(cfg: Config): Decision {
  const action = htmlEscape(cfg.signOutPath);
  const html = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title></head><body>' +
    '<form method="post" action="' + action + '"><p>Sign out of this site?</p><button type="submit">Sign out</button></form></body></html>';
  const d = Decision.respond(200, "text/html; charset=utf-8", html, "signout_confirm");
  d.addResponseHeader("referrer-policy", "no-referrer");
  return d;
}

export function signOut(cfg: Config, meta: ProviderMetadata | null, req: Request, entropy: Entropy): Decision {
  if (req.method != "GET" && req.method != "POST") {
    return Decision.respond(405, "text/plain; charset=utf-8", "Method not allowed", "signout_method");
  }
  // Fetch Metadata: only a same-origin POST (our own confirm page) or a direct visit signs out at once.
  const site = req.secFetchSite;
  if (site == "cross-site" || (req.method == "POST" && site == "same-site")) return confirmPage(cfg);
  const params = parseQuery(req.query);
  let rd: string | null = null;
  if (params !== null && countParam(params, "rd") == 1) {
    const raw = getParam(params, "rd");
    if (raw !== null) rd = allowedRedirect(raw, cfg.allowedRedirectOrigins);
  }
  const session = readSession(cfg.keys.session, cfg.sessionCookieName(), req.cookies);

  let target = rd === null ? "/" : rd;
  let logoutUrl = cfg.idpLogoutUrl;
  if (logoutUrl.length == 0 && meta !== null) {
    const end = meta.endSessionEndpoint;
    if (end !== null) logoutUrl = end.toString();
  }
  if (logoutUrl.length > 0) {
    const u = parseAbsoluteUrl(logoutUrl);
    const sep = u !== null && u.query.length > 0 ? "&" : "?";
    let q = "client_id=" + percentEncode(cfg.clientId);
    // RP-Initiated Logout §2: id_token_hint, never the access token.
    if (session !== null && session.idToken.length > 0) q += "&id_token_hint=" + session.idToken;
    if (cfg.postLogoutRedirectUrl.length > 0) {
      q += "&post_logout_redirect_uri=" + percentEncode(cfg.postLogoutRedirectUrl);
      const state = entropy.bytes(16);
      if (state !== null) q += "&state=" + base64UrlEncode(state);
    }
    target = logoutUrl + sep + q;
  }
  const d = Decision.redirect(target, "signed_out");
  const clears = clearSession(cfg.cookies, cfg.sessionCookieName(), req.cookies);
  for (let i = 0; i < clears.length; i++) d.addResponseHeader("set-cookie", unchecked(clears[i]));
  const loginPrefix = cfg.loginCookiePrefix();
  let cleared = 0;
  for (let i = 0; i < req.cookies.length && cleared < MAX_CLEARED_LOGIN_COOKIES; i++) {
    const c = unchecked(req.cookies[i]);
    if (!c.name.startsWith(loginPrefix)) continue;
    d.addResponseHeader("set-cookie", cfg.cookies.clear(c.name));
    cleared++;
  }
  d.addResponseHeader("referrer-policy", "no-referrer");
  return d;
}
