// The periodic sanity check of a fuzzed host: after thousands of hostile inputs, a browser
// without a session is still sent to the IdP, a bypass path still passes, and a complete login
// still yields a session that forwards the ID token upstream.
import { ISSUER, NAVIGATE, requestHeaders, tidy } from "./scenario.ts";
import { completeLogin, cookieHeader, startLogin, tokenResponseFor } from "./seeds.ts";
import { validIdToken } from "./jwt.ts";
import { nowS, type FuzzContext } from "./surface.ts";

/** Null when the host answers sanely, else what went wrong. */
export function canary(ctx: FuzzContext): string | null {
  const host = ctx.host;
  try {
    if (!host.alive) return `VM dead: ${host.trapped?.message}`;
    const anon = host.request(requestHeaders("GET", "/productpage", NAVIGATE));
    const r = anon.localResponse;
    if (r?.status !== 302 || !r.header("location")?.startsWith(`${ISSUER}/authorize?`)) {
      return `a navigation without a session got ${r?.status ?? "no answer"} ${r?.header("location") ?? ""}`;
    }
    const open = host.request(requestHeaders("GET", "/public/x", [["authorization", "Bearer forged"]]));
    if (!open.forwarded || open.requestHeader("authorization") !== undefined) return "a bypass path was not forwarded cleanly";
    const login = startLogin(host, "/app/canary");
    const session = completeLogin(host, login, tokenResponseFor(validIdToken("ES256", login.nonce, nowS(ctx)), ctx.serial));
    const s = host.request(requestHeaders("GET", "/app/canary", [...NAVIGATE, ["cookie", cookieHeader(session)]]));
    if (!s.forwarded || !/^Bearer ey/.test(s.requestHeader("authorization") ?? "")) {
      return `a fresh session was not forwarded (${s.localResponse?.status} ${s.localResponse?.body.slice(0, 100)})`;
    }
    for (const st of host.streams) if (!st.finished) st.finish();
    if (!host.alive) return `VM trapped during the canary: ${host.trapped?.message}`;
    if (host.bugs.length > 0) return `host bugs during the canary: ${host.bugs.map((b) => b.kind).join(", ")}`;
    return null;
  } catch (e) {
    return `canary failed: ${(e as Error).message}`;
  } finally {
    tidy(host);
  }
}
