// A scripted browser for the hostile cases: protected page → IdP (which answers at once) → callback,
// with the twists a case asks for (no login cookie, a flipped byte, a replay, another Host, POST).
import { rawRequest, NAVIGATE, type RawResponse } from "../http.ts";
import type { HostileIdp } from "./idp.ts";
import type { ClientTwist } from "./cases-callback.ts";

export interface LoginOutcome extends RawResponse {
  /** Tokens and codes the IdP issued in this flow (for the "no secret leaks" checks). */
  issued: string[];
}

export function sessionCookieSet(o: RawResponse): boolean {
  return o.setCookies.some((c) => /^(__Host-)?oidc_session=[^;]+/.test(c));
}

function cookieOf(setCookies: string[], prefix: RegExp): string | undefined {
  const c = setCookies.find((v) => prefix.test(v));
  return c?.split(";")[0];
}

function flip(cookie: string): string {
  const eq = cookie.indexOf("=");
  const i = eq + 1 + Math.floor((cookie.length - eq - 1) / 2);
  return cookie.slice(0, i) + (cookie[i] === "A" ? "B" : "A") + cookie.slice(i + 1);
}

export async function scriptedLogin(gateway: string, idp: HostileIdp, twist: ClientTwist): Promise<LoginOutcome> {
  const first = await rawRequest(`${gateway}/productpage`, { headers: { ...NAVIGATE, ...twist.firstRequestHeaders } });
  if (twist.expectAtStart !== undefined || first.status !== 302) return { ...first, issued: [] };
  let loginCookie = cookieOf(first.setCookies, /oidc_login_/);
  const atIdp = await rawRequest(first.location!, { headers: NAVIGATE });
  const callbackUrl = new URL(atIdp.location!);
  if (twist.dropLoginCookie) loginCookie = undefined;
  if (twist.tamperLoginCookie && loginCookie) loginCookie = flip(loginCookie);
  const headers: Record<string, string> = { ...NAVIGATE, "sec-fetch-site": "cross-site" };
  if (loginCookie) headers.cookie = loginCookie;
  if (twist.callbackHost) headers.host = twist.callbackHost;
  let result = await rawRequest(callbackUrl.toString(), { method: twist.method ?? "GET", headers });
  const issued = issuedIn(idp);
  if (twist.replay) {
    // The browser stored what the callback set (the login cookie cleared, a session) and goes back.
    const replayHeaders: Record<string, string> = { ...NAVIGATE };
    const session = result.setCookies.filter((c) => /oidc_session/.test(c)).map((c) => c.split(";")[0]).join("; ");
    if (session) replayHeaders.cookie = session;
    result = await rawRequest(callbackUrl.toString(), { headers: replayHeaders });
    // A replay may arrive with a valid session: it still must not log in again or loop.
    result = { ...result, setCookies: result.setCookies };
  }
  return { ...result, issued };
}

/** Tokens the hostile IdP put into its last token answer, read back from its log of flows. */
function issuedIn(idp: HostileIdp): string[] {
  const out = [...idp.lastIssued];
  idp.lastIssued = [];
  if (idp.flow?.code) out.push(idp.flow.code);
  return out;
}
