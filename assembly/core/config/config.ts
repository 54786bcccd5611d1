// The validated, immutable plugin configuration. Built once at configure time by parseConfig, with
// every default applied there, so request handling never re-checks or re-derives anything.

import { PathRules } from "../route/rules";
import { CookieKeys } from "../session/seal";
import { CookiePolicy } from "../encoding/cookie";

export enum ClientAuth {
  /** RFC 6749 §2.3.1: HTTP Basic with the form-encoded id and secret (the default). */
  Basic,
  /** RFC 6749 §2.3.1: id and secret in the form body, for IdPs that only allow that. */
  Post,
}

export class Config {
  issuer: string = "";
  clientId: string = "";
  clientSecret: string = "";
  /** The full callback URL registered at the IdP; sent as redirect_uri, never built from Host. */
  redirectUrl: string = "";
  /** Scheme and authority of redirect_url, lower-cased: the only Host the callback answers on. */
  redirectScheme: string = "";
  redirectAuthority: string = "";
  callbackPath: string = "";
  signOutPath: string = "/oauth2/sign_out";
  /** Where the IdP sends the browser after logout; must be registered at the IdP. */
  postLogoutRedirectUrl: string = "";
  /** Overrides the discovered end_session_endpoint. */
  idpLogoutUrl: string = "";
  /** Envoy cluster for every IdP call; empty = the Istio name derived from each endpoint URL. */
  idpCluster: string = "";
  scopes: Array<string> = new Array<string>();
  rules: PathRules;
  keys: CookieKeys;
  cookies: CookiePolicy;
  /** Absolute session lifetime in seconds; 0 = no limit (browser-session cookie). */
  cookieExpireSeconds: i64 = 168 * 3600;
  /** Refresh the ID token after this many seconds; 0 = never refresh early. */
  cookieRefreshSeconds: i64 = 3600;
  /** End a session unused for this long; 0 = no idle limit. */
  cookieIdleSeconds: i64 = 0;
  clientAuth: ClientAuth = ClientAuth.Basic;
  /** JWS algorithms accepted for ID tokens (RFC 8725 §3.1): never "none", never HMAC. */
  allowedAlgs: Array<string> = new Array<string>();
  clockSkewSeconds: i64 = 60;
  /** Also forward the access token in X-Forwarded-Access-Token. */
  passAccessToken: bool = false;
  /** Timeout of every dispatched call to the IdP. */
  httpTimeoutMs: u32 = 5000;
  /** Post-login/logout redirect targets (rd) allowed besides local paths: exact origins. */
  allowedRedirectOrigins: Array<string> = new Array<string>();

  constructor(rules: PathRules, keys: CookieKeys, cookies: CookiePolicy) {
    this.rules = rules;
    this.keys = keys;
    this.cookies = cookies;
  }

  /** The cookie name of the session (chunk 0), with `__Host-` when https. */
  sessionCookieName(): string {
    return this.cookies.name("oidc_session");
  }

  /** The prefix of per-flow login-state cookies. */
  loginCookiePrefix(): string {
    return this.cookies.name("oidc_login_");
  }
}
