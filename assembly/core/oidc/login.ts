// Starting a login: fresh state, nonce and PKCE verifier (RFC 7636, S256 only), sealed into a
// per-flow cookie, and a 302 to the IdP's authorization endpoint (OpenID Connect Core §3.1.2.1).

import { Config } from "../config/config";
import { ProviderMetadata } from "./discovery";
import { Request } from "../http/request";
import { Decision } from "../http/decision";
import { errorPage } from "../http/pages";
import { Entropy } from "../entropy";
import { base64UrlEncode } from "../encoding/base64";
import { utf8Encode } from "../encoding/utf8";
import { sha256 } from "../crypto/sha2";
import { percentEncode } from "../encoding/url";
import { LoginState, loginCookieName, sealLoginState, LOGIN_STATE_MAX_AGE_SECONDS, MAX_LOGIN_COOKIES,
  MAX_CLEARED_LOGIN_COOKIES } from "../session/login-state";
import { safeLocalPath } from "./redirects";
import { joinStrings } from "../encoding/join";

/** 256 random bits each: far above RFC 9700 §2.1.1's 128-bit floor for state, nonce and verifier. */
const RANDOM_BYTES: i32 = 32;

/** RFC 7636 §4.2: code_challenge = BASE64URL(SHA256(ASCII(code_verifier))). */
export function pkceChallenge(verifier: string): string {
  return base64UrlEncode(sha256(utf8Encode(verifier)));
}

function randomToken(entropy: Entropy): string | null {
  const b = entropy.bytes(RANDOM_BYTES);
  return b === null ? null : base64UrlEncode(b);
}

export function authorizeUrl(cfg: Config, meta: ProviderMetadata, s: LoginState): string {
  const base = meta.authorizationEndpoint.toString();
  const sep = meta.authorizationEndpoint.query.length > 0 ? "&" : "?";
  return base + sep +
    "response_type=code" +
    "&client_id=" + percentEncode(cfg.clientId) +
    "&redirect_uri=" + percentEncode(cfg.redirectUrl) +
    "&scope=" + percentEncode(joinStrings(cfg.scopes, " ")) +
    "&state=" + s.state +
    "&nonce=" + s.nonce +
    "&code_challenge=" + pkceChallenge(s.codeVerifier) +
    "&code_challenge_method=S256";
}

/** 302 to the IdP with a new per-flow login cookie. */
export function startLogin(cfg: Config, meta: ProviderMetadata, req: Request, nowS: i64, entropy: Entropy): Decision {
  const state = randomToken(entropy);
  const nonce = randomToken(entropy);
  const verifier = randomToken(entropy);
  if (state === null || nonce === null || verifier === null) {
    return errorPage(req, 503, "entropy_unavailable", "Sign-in is unavailable", "The gateway could not start a sign-in. Please try again.", "");
  }
  const returnTo = safeLocalPath(req.rawPath);
  const s = new LoginState(state, nonce, verifier, returnTo === null ? "/" : returnTo, nowS);
  const name = loginCookieName(cfg.loginCookiePrefix(), state);
  const sealed: string | null = name === null ? null : sealLoginState(cfg.keys.loginState, name, s, entropy);
  if (name === null || sealed === null) {
    return errorPage(req, 503, "seal_failed", "Sign-in is unavailable", "The gateway could not start a sign-in. Please try again.", "");
  }
  const d = Decision.redirect(authorizeUrl(cfg, meta, s), "login_started");
  clearStaleLoginCookies(cfg, req, d);
  d.addResponseHeader("set-cookie", cfg.cookies.set(name, sealed, LOGIN_STATE_MAX_AGE_SECONDS));
  return d;
}

/** Bounds the number of login cookies: past the limit, all older ones are cleared. */
function clearStaleLoginCookies(cfg: Config, req: Request, d: Decision): void {
  const prefix = cfg.loginCookiePrefix();
  let n = 0;
  for (let i = 0; i < req.cookies.length; i++) if (unchecked(req.cookies[i]).name.startsWith(prefix)) n++;
  if (n < MAX_LOGIN_COOKIES) return;
  let cleared = 0;
  for (let i = 0; i < req.cookies.length && cleared < MAX_CLEARED_LOGIN_COOKIES; i++) {
    const c = unchecked(req.cookies[i]);
    if (c.name.startsWith(prefix)) {
      d.addResponseHeader("set-cookie", cfg.cookies.clear(c.name));
      cleared++;
    }
  }
}
