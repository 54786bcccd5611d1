// Cookie header values on every kind of path (protected, bypass, callback, sign-out), starting
// from the real session and login cookies of a login: sealed values damaged in place, chunk sets
// taken apart and put together wrongly, many and huge cookies, duplicates, raw noise.
import type { Rng } from "./prng.ts";
import { COMMON_TOKENS, mutateBase64Url, mutateBytes, noise } from "./mutate.ts";
import { requestHeaders, type Pairs, type Scenario } from "./scenario.ts";
import { cookieHeader } from "./seeds.ts";
import { clientHeaders, extraHeaders, type FuzzContext, type Surface } from "./surface.ts";

const COOKIE_TOKENS = [";", "; ", "=", "==", '"', ",", " ", "\t", "__Host-", "__Host-oidc_session", "__Host-oidc_session_1",
  "__Host-oidc_session_7", "__Host-oidc_session_8", "__Host-oidc_login_", "oidc_session", "1.", "2.", "8.", "9.", "0.", "10.", "$Version=1;",
  "Path=/", "theme=dark", "__Secure-", "__host-oidc_session"];

function paths(ctx: FuzzContext, rng: Rng): string {
  const l = ctx.seeds.login;
  return rng.pick([
    "/productpage", "/app/x?y=1", "/admin", "/public/page", "/", "/oauth2/sign_out", "/oauth2/sign_out?rd=%2Fhome",
    `/oauth2/callback?code=c0de&state=${l.state}`, `/oauth2/callback?code=c0de&state=${l.state}&iss=https%3A%2F%2Fidp.example.test`,
  ]);
}

/** A cookie's value re-encoded to look different but parse the same (quotes, spaces). */
function dress(rng: Rng, name: string, value: string): string {
  const v = rng.chance(0.1) ? `"${value}"` : value;
  return rng.chance(0.1) ? ` ${name} = ${v} ` : `${name}=${v}`;
}

function damageValue(rng: Rng, value: string): string {
  const k = rng.int(5);
  if (k === 0) return mutateBytes(rng, value, { dict: COOKIE_TOKENS });
  if (k === 1 && /^\d\./.test(value)) return rng.pick(["0", "1", "2", "3", "4", "8", "9", ":", "/", "", "11"]) + value.slice(1);
  if (k === 2 && /^\d\./.test(value)) return value.slice(0, 2) + mutateBase64Url(rng, value.slice(2));
  return mutateBase64Url(rng, value);
}

/** Takes a chunked session apart: drops, reorders, duplicates, swaps, recounts chunks. */
function manipulateChunks(rng: Rng, chunks: Pairs, other: Pairs): Pairs {
  let c: Pairs = chunks.map(([n, v]) => [n, v]);
  const n = 1 + rng.smallLength(3);
  for (let i = 0; i < n; i++) {
    const at = rng.int(c.length);
    switch (rng.int(10)) {
      case 0: c.splice(at, 1); break;
      case 1: { const j = rng.int(c.length); [c[at][1], c[j][1]] = [c[j][1], c[at][1]]; break; }
      case 2: c.push([c[at][0], c[at][1]]); break;
      case 3: c.push([c[at][0], rng.pick(other)[1]]); break;
      case 4: c[at] = [c[at][0], damageValue(rng, c[at][1])]; break;
      case 5: if (c.length > 0 && /^\d\./.test(c[0][1])) c[0] = [c[0][0], `${rng.pick(["1", "2", "3", "5", "8", "9", "0"])}${c[0][1].slice(1)}`]; break;
      case 6: c.push([`${c[0][0].replace(/_\d+$/, "")}_${rng.pick([4, 5, 7, 8, 9, 10, 99, -1])}`, rng.pick(c)[1]]); break;
      case 7: c = [...c].sort(() => (rng.chance(0.5) ? 1 : -1)); break;
      case 8: c[at] = [c[at][0], ""]; break;
      default: c[at] = [c[at][0], c[at][1].slice(0, rng.int(c[at][1].length + 1))];
    }
    if (c.length === 0) c.push(rng.pick(chunks));
  }
  return c;
}

function manyCookies(rng: Rng, ctx: FuzzContext): string {
  const count = rng.pick([50, 300, 1000, 4095, 4096, 4097, 6000]);
  const parts: string[] = [];
  const ours = rng.chance(0.5);
  for (let i = 0; i < count; i++) parts.push(ours && rng.chance(0.3) ? `__Host-oidc_login_${i.toString(36).padStart(16, "x")}=${ctx.seeds.login.cookieValue}` : `c${i}=${i}`);
  if (rng.chance(0.5)) parts.splice(rng.int(parts.length), 0, cookieHeader(ctx.seeds.session));
  return parts.join(rng.chance(0.9) ? "; " : ";");
}

function hugeCookie(rng: Rng, ctx: FuzzContext): string {
  const size = rng.pick([4096, 4097, 8192, 32_768, 60_000, 65_536, 100_000]);
  const name = rng.pick(["__Host-oidc_session", "__Host-oidc_session_1", ctx.seeds.login.cookieName, "big"]);
  const value = rng.chance(0.5) ? "1." + "A".repeat(size) : rng.bytes(Math.min(size, 20_000)).replace(/;/g, "");
  return `${name}=${value}`;
}

function cookieValue(ctx: FuzzContext, rng: Rng): string {
  const s = ctx.seeds;
  const session = s.session;
  const chunked = s.chunkedSession;
  const login: Pairs = [[s.login.cookieName, s.login.cookieValue]];
  const app: Pairs = [["theme", "dark"], ["lang", "en"], ["_ga", "GA1.2.3.4"]];
  switch (rng.int(13)) {
    case 0: return cookieHeader([...session, ...app]);
    case 1: { const [[n, v]] = session; return [...app.slice(0, rng.int(3)), [n, damageValue(rng, v)] as [string, string]].map(([a, b]) => dress(rng, a, b)).join("; "); }
    case 2: case 3: return manipulateChunks(rng, chunked, session).map(([a, b]) => dress(rng, a, b)).join("; ");
    case 4: return mutateBytes(rng, cookieHeader(rng.pick([session, chunked, login, [...session, ...login]])), { dict: COOKIE_TOKENS, others: [cookieHeader(chunked)] });
    case 5: return [...login.map(([n, v]) => [n, damageValue(rng, v)] as [string, string]), ...app].map(([a, b]) => dress(rng, a, b)).join("; ");
    case 6: return rng.chance(0.5) ? manyCookies(rng, ctx) : cookieHeader([...session, ...app]);
    case 7: return hugeCookie(rng, ctx);
    case 8: {
      // The same name twice, or our name under another case or prefix.
      const [[n, v]] = rng.pick([session, login]);
      const name = rng.pick([n, n.toLowerCase(), n.replace("__Host-", ""), n.replace("__Host-", "__Secure-"), n + " ", " " + n]);
      return rng.chance(0.5) ? `${n}=${v}; ${name}=${v}` : `${name}=${v}`;
    }
    case 9: return noise(rng, { dict: COOKIE_TOKENS, maxLength: 70_000 });
    case 10: case 12: return [...session, ...login, ...app].map(([a, b]) => dress(rng, a, b)).join(rng.pick(["; ", ";", " ; ", ";;", "; ;"]));
    default: return mutateBytes(rng, cookieHeader([...chunked, ...app]), { dict: [...COOKIE_TOKENS, ...COMMON_TOKENS] });
  }
}

export const cookieSurface: Surface = {
  name: "cookie",
  covers: "Cookie header values on protected, bypass, callback and sign-out paths: real sealed session and login cookies damaged, chunk sets taken apart, many/huge/duplicate cookies, repeated Cookie headers, noise",
  share: 0.24,
  reconfigures: false,
  next(ctx: FuzzContext, rng: Rng): Scenario {
    const extra: Pairs = [["cookie", cookieValue(ctx, rng)]];
    if (rng.chance(0.04)) extra.push(["cookie", cookieValue(ctx, rng)]);
    if (rng.chance(0.1)) extra.push(...extraHeaders(rng, 2));
    const method = rng.chance(0.9) ? "GET" : rng.pick(["POST", "HEAD", "PUT"]);
    const headers = requestHeaders(method, paths(ctx, rng), [...clientHeaders(rng), ...extra]);
    return { surface: "cookie", steps: [{ op: "request", headers }] };
  },
};
