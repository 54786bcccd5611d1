// The OpenID Provider's metadata (OpenID Connect Discovery 1.0 §3), fetched from
// <issuer>/.well-known/openid-configuration. The document's issuer must equal the configured one
// exactly (§4.3; conformance rp-discovery-issuer-not-matching-config), and every endpoint we call
// must use https unless the issuer itself is plain http (a loopback or allow_http_issuer IdP).

import { parseJson } from "../json/parser";
import { JsonValue } from "../json/value";
import { parseAbsoluteUrl, AbsoluteUrl } from "../encoding/absurl";
import { joinStrings } from "../encoding/join";

/** OpenID Connect Discovery 1.0 §4: the well-known path appended to the issuer. */
export const WELL_KNOWN_PATH = "/.well-known/openid-configuration";

export class ProviderMetadata {
  issuer: string = "";
  authorizationEndpoint: AbsoluteUrl = new AbsoluteUrl();
  tokenEndpoint: AbsoluteUrl = new AbsoluteUrl();
  jwksUri: AbsoluteUrl = new AbsoluteUrl();
  /** RP-Initiated Logout 1.0 §2.1; null when the IdP has none. */
  endSessionEndpoint: AbsoluteUrl | null = null;
  /** RFC 9207 §3: the IdP promises an `iss` parameter on every authorization response. */
  issParameterSupported: bool = false;
}

export class DiscoveryResult {
  constructor(public metadata: ProviderMetadata | null, public error: string) {}
}

/** The discovery document URL for an issuer (a trailing "/" on the issuer is not doubled). */
export function discoveryUrl(issuer: string): AbsoluteUrl | null {
  const base = issuer.endsWith("/") ? issuer.substring(0, issuer.length - 1) : issuer;
  return parseAbsoluteUrl(base + WELL_KNOWN_PATH);
}

function endpoint(doc: JsonValue, key: string, issuer: AbsoluteUrl, required: bool, err: Array<string>): AbsoluteUrl | null {
  const s = doc.getString(key);
  if (s === null) {
    if (required || doc.has(key)) err.push(key + " missing or not a string");
    return null;
  }
  const u = parseAbsoluteUrl(s);
  if (u === null) { err.push(key + " is not an absolute http(s) URL"); return null; }
  if (issuer.scheme == "https" && u.scheme != "https") { err.push(key + " is not https"); return null; }
  return u;
}

export function parseDiscovery(body: Uint8Array, configuredIssuer: string): DiscoveryResult {
  const parsed = parseJson(body);
  const doc = parsed.value;
  if (!parsed.ok || doc === null || !doc.isObject()) return new DiscoveryResult(null, "discovery document is not a JSON object");
  const issuer = doc.getString("issuer");
  if (issuer === null) return new DiscoveryResult(null, "discovery document has no issuer");
  if (issuer != configuredIssuer) {
    return new DiscoveryResult(null, "discovery issuer does not match the configured issuer exactly");
  }
  const issuerUrl = parseAbsoluteUrl(issuer);
  if (issuerUrl === null) return new DiscoveryResult(null, "discovery issuer is not a URL");
  const errors = new Array<string>();
  const m = new ProviderMetadata();
  m.issuer = issuer;
  const authz = endpoint(doc, "authorization_endpoint", issuerUrl, true, errors);
  const token = endpoint(doc, "token_endpoint", issuerUrl, true, errors);
  const jwks = endpoint(doc, "jwks_uri", issuerUrl, true, errors);
  m.endSessionEndpoint = endpoint(doc, "end_session_endpoint", issuerUrl, false, errors);
  const iss = doc.getBool("authorization_response_iss_parameter_supported");
  m.issParameterSupported = iss.ok && iss.value;
  const methods = doc.getArray("code_challenge_methods_supported");
  if (methods !== null && !containsString(methods, "S256")) errors.push("IdP does not support PKCE S256");
  if (errors.length > 0 || authz === null || token === null || jwks === null) {
    return new DiscoveryResult(null, "discovery document rejected: " + joinStrings(errors, "; "));
  }
  m.authorizationEndpoint = authz;
  m.tokenEndpoint = token;
  m.jwksUri = jwks;
  return new DiscoveryResult(m, "");
}

function containsString(list: JsonValue, want: string): bool {
  for (let i = 0; i < list.length; i++) {
    const v = list.at(i);
    if (v !== null && v.asString() == want) return true;
  }
  return false;
}
