// One HTTP stream: headers → Request → Decision (core/oidc/flow.ts) → effects on the host.
// Spoofable identity headers are removed first, on every route (security.md F.41-42).

import { FilterHeadersStatusValues } from "./runtime";
import * as host from "./host";
import { Request, Header } from "../core/http/request";
import { Decision, Action } from "../core/http/decision";
import { errorPage } from "../core/http/pages";
import { decide } from "../core/oidc/flow";
import { OidcRoot } from "./root";

/**
 * Headers only this filter may set; whatever a client sent under these names is dropped. Names are
 * compared with "_" read as "-": CGI-style backends (WSGI, PHP, Rack) turn both into the same
 * variable, so "x_forwarded_user" is the same header to them (oauth2-proxy CVE-2025-64484).
 */
function isSpoofable(raw: string): bool {
  const name = raw.includes("_") ? raw.replaceAll("_", "-") : raw;
  return name == "authorization" || name == "x-forwarded-user" || name == "x-forwarded-email" ||
    name == "x-forwarded-access-token" || name == "x-forwarded-preferred-username" ||
    name == "x-forwarded-groups" || name == "x-jwt-payload" || name.startsWith("x-auth-request-");
}

/** A request's headers: strip what a client may not send, then decide (see core/oidc/flow.ts). */
export function streamRequestHeaders(root: OidcRoot, streamId: u32): FilterHeadersStatusValues {
  const headers = host.requestHeaders();
  let stripped = "";
  for (let i = 0; i < headers.length; i++) {
    const name = unchecked(headers[i]).name;
    if (isSpoofable(name) && name != stripped) {
      host.removeRequestHeader(name);
      stripped = name;
    }
  }
  const req = Request.fromHeaders(headers);
  const cfg = root.config;
  if (cfg === null) {
    // Invalid configuration: nothing passes, not even bypass paths (fail closed).
    return applyDecision(root, streamId, errorPage(req, 503, "misconfigured", "Service unavailable",
      "The sign-in gateway is misconfigured.", ""));
  }
  const d = decide(cfg, root.view(), req, host.nowMs() / 1000, root.entropy);
  return applyDecision(root, streamId, d);
}

/** The upstream's response headers: add the Set-Cookie a refreshed session owes, if any. */
export function streamResponseHeaders(root: OidcRoot, streamId: u32): FilterHeadersStatusValues {
  const cookies = root.takeOwedCookies(streamId);
  if (cookies !== null) {
    for (let i = 0; i < cookies.length; i++) host.addResponseHeader("set-cookie", unchecked(cookies[i]));
  }
  return FilterHeadersStatusValues.Continue;
}

function respond(d: Decision): FilterHeadersStatusValues {
  host.sendLocalResponse(d.status as u32, "oidc_sso_" + d.reason, d.body, d.responseHeaders);
  // After a local response the stream must never be resumed (Envoy CVE-2022-29228).
  return FilterHeadersStatusValues.StopIteration;
}

/**
 * Applies a Decision to the current (effective) stream. Returns Continue when the request may go
 * upstream now; StopIteration when it was answered locally or waits for a call.
 */
export function applyDecision(root: OidcRoot, streamId: u32, d: Decision): FilterHeadersStatusValues {
  if (d.action == Action.Respond) return respond(d);
  if (d.action == Action.Call) {
    const pending = d.continuation;
    const reused: Decision | null = pending === null ? null : root.reusedRefresh(pending);
    if (reused !== null) return applyDecision(root, streamId, reused);
    if (root.dispatchFlow(streamId, d)) return FilterHeadersStatusValues.StopIteration;
    const cont = d.continuation;
    const req = cont !== null ? cont.request : new Request();
    return respond(errorPage(req, 503, "idp_unreachable", "Sign-in is unavailable",
      "The identity provider cannot be reached. Please try again shortly.", ""));
  }
  if (d.action == Action.AwaitKeys) {
    const cont = d.continuation;
    if (cont === null) return respond(Decision.respond(500, "text/plain", "internal error", "no_continuation"));
    if (root.awaitKeys(streamId, cont)) return FilterHeadersStatusValues.StopIteration;
    // No refetch allowed right now: verify again with the keys we have, without waiting.
    const cfg = root.config;
    const b = cont.tokenBody;
    if (cfg === null) return respond(Decision.respond(503, "text/plain", "unavailable", "no_config"));
    return applyDecision(root, streamId, root.nextStep(cfg, cont, cont.tokenStatus, b === null ? new Uint8Array(0) : b, false));
  }
  for (let i = 0; i < d.setRequestHeaders.length; i++) {
    const h: Header = unchecked(d.setRequestHeaders[i]);
    host.replaceRequestHeader(h.name, h.value);
  }
  const cookie = d.upstreamCookie;
  if (cookie !== null) {
    if (cookie.length == 0) host.removeRequestHeader("cookie");
    else host.replaceRequestHeader("cookie", cookie);
  }
  if (d.responseCookies.length > 0) root.oweCookies(streamId, d.responseCookies);
  return FilterHeadersStatusValues.Continue;
}
