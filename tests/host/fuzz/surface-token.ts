// Token endpoint answers, for the login (code exchange) and for the refresh of a session: status
// codes of every class (and resets, timeouts, refused connections), the real answer of a login
// mutated as a JSON tree, ID tokens mutated and re-signed or damaged in their compact form, error
// documents, huge, deep and non-UTF-8 bodies. Unknown kids trigger the JWKS refetch on the way.
import type { Rng } from "./prng.ts";
import { fromJs, fuzzJsonText, mutateJson, nest, raw, serialize, str, type J } from "./json.ts";
import { mutateBytes, noise } from "./mutate.ts";
import { atHash, cheapAlg, damagedToken, mutatedSignedToken, signParts, standardClaims, targeted, validIdToken } from "./jwt.ts";
import { ALG_KEYS, publicJwk, SIGNING_ALGS } from "./keys.ts";
import { BASE_JWKS, NAVIGATE, requestHeaders, type Scenario, type Step } from "./scenario.ts";
import { encodeRecord, sealedSessionCookies, sessionFields } from "./seal.ts";
import { cookieHeader } from "./seeds.ts";
import { nowS, type FuzzContext, type Surface } from "./surface.ts";

const TOKEN_KEYS = ["access_token", "token_type", "id_token", "refresh_token", "expires_in", "scope", "error", "error_description",
  "error_uri", "refresh_expires_in", "not-before-policy", "session_state"];

const STATUSES: (number | string)[] = [0, -1, 1, 100, 101, 199, 201, 204, 206, 299, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404,
  405, 408, 409, 429, 499, 500, 501, 502, 503, 504, 505, 599, 600, 999, 1000, 2147483647, 2147483648, -2147483649, "200 OK", "abc",
  "", " 200", "2e2", "0xC8", "200.0", "+200", "0200", "\x00"];


function idTokenFor(ctx: FuzzContext, rng: Rng, nonce: string | null, accessToken: string): J {
  const t = nowS(ctx);
  const alg = cheapAlg(rng);
  switch (rng.int(20)) {
    case 0: case 1: case 2: return str(validIdToken(alg, nonce, t, rng.chance(0.3) ? { at_hash: atHash(accessToken, alg) } : {}));
    case 3: case 4: case 5: case 6: case 7: case 8: case 9: case 10: case 11: return str(mutatedSignedToken(rng, nonce, t, accessToken));
    case 12: case 13: case 14: {
      const valid = validIdToken(alg, nonce, t);
      return str(damagedToken(rng, valid, [valid, ctx.seeds.login.cookieValue, ...Object.values(ctx.seeds.tokenResponse).map(String)]));
    }
    case 15: case 16: {
      // A kid the JWKS does not have yet (key rotation): the filter refetches the JWKS once.
      const header = fromJs({ alg, kid: `fz-rotated-${rng.int(4)}`, typ: "JWT" });
      return str(signParts({ header, payload: fromJs(standardClaims(nonce, t)) }, alg));
    }
    case 17: return str(validIdToken(alg, nonce, t, { groups: Array.from({ length: rng.pick([10, 300, 600]) }, (_, i) => `g${i}-${"x".repeat(20)}`) }));
    default: return rng.chance(0.5) ? raw(rng.pick(["null", "1", "true", "[]", "{}", '""'])) : str(rng.pick(["", ".", "a.b.c", "x".repeat(20_000)]));
  }
}

function tokenBody(ctx: FuzzContext, rng: Rng, nonce: string | null): string {
  const at = `at-fz-${ctx.serial}`;
  const doc = fromJs({ access_token: at, token_type: "Bearer", expires_in: 3600, refresh_token: `rt-fz-${ctx.serial}-new`, scope: "openid email" });
  if (doc.k === "o") doc.m.push([str("id_token"), idTokenFor(ctx, rng, nonce, at)]);
  const k = rng.int(20);
  if (k < 8) return serialize(doc);
  const values = [idTokenFor(ctx, rng, nonce, at), str("bearer"), str("BEARER"), str("mac"), str(""), raw("null"), raw("3600"), fromJs(["Bearer"])];
  if (k < 11) {
    for (let n = rng.range(1, 2); n > 0; n--) targeted(rng, doc, TOKEN_KEYS, values);
    return serialize(doc);
  }
  if (k < 14) return serialize(mutateJson(rng, doc, { keys: TOKEN_KEYS, values }));
  if (k < 16) return fuzzJsonText(rng, doc, { keys: TOKEN_KEYS }, 0.5);
  if (k === 16) return serialize(fromJs({ error: rng.pick(["invalid_grant", "invalid_client", "server_error", "", "x".repeat(5000)]), error_description: "nope <script>" }));
  if (k === 17) return rng.pick([nest("1", rng.pick([32, 33, 100, 100_000]), rng.chance(0.5)), "[".repeat(100_000), "9".repeat(rng.pick([400, 100_000])), "\"" + "\\u0000".repeat(20_000) + "\""]);
  if (k === 18) return rng.pick(["", "<html><body>Bad Gateway</body></html>", "\xef\xbb\xbf" + serialize(doc), serialize(doc) + "\x00", "{\"access_token\":\"\xff\xfe\"}", " ".repeat(1 << 20) + "{}"]);
  return noise(rng, { maxLength: 1_100_000 });
}

/** The answer to the pending token call: a response, or a reset / timeout / refused connection. */
function answer(ctx: FuzzContext, rng: Rng, nonce: string | null): Step {
  const r = rng.int(40);
  if (r === 0) return { op: "fail", to: "token" };
  if (r === 1) return { op: "timeout", to: "token" };
  if (r === 2) return { op: "connectFailure", to: "token" };
  const status = rng.chance(0.8) ? 200 : rng.pick(STATUSES);
  const headers: [string, string][] | undefined = rng.chance(0.1) ? [["content-type", rng.pick(["text/html", "application/json; charset=latin1", ""])], ["x-junk", mutateBytes(rng, "v")]] : undefined;
  return { op: "respond", to: "token", status, headers, body: tokenBody(ctx, rng, nonce) };
}

/** The JWKS refetch an unknown kid may cause: the rotated keys, or a failure that keeps the old ones. */
function refetchAnswer(rng: Rng): Step {
  if (rng.chance(0.2)) return rng.chance(0.5) ? { op: "fail", to: "jwks" } : { op: "respond", to: "jwks", status: rng.pick([500, 404, 200]), body: rng.pick(["", "{", "<html>", "{\"keys\":3}"]) };
  const rotated = Array.from({ length: 4 }, (_, i) => {
    const alg = rng.pick(SIGNING_ALGS);
    return { ...publicJwk(ALG_KEYS[alg]), kid: `fz-rotated-${i}`, alg };
  });
  return { op: "respond", to: "jwks", status: 200, body: JSON.stringify({ keys: [...BASE_JWKS.keys, ...rotated.slice(0, rng.int(5))] }) };
}

function loginScenario(ctx: FuzzContext, rng: Rng): Step[] {
  const l = ctx.seeds.login;
  const steps: Step[] = [];
  // The kid refetch is rate-limited (once per 10 s): step the wall clock past that now and then.
  if (rng.chance(0.1)) steps.push({ op: "setTime", ms: ctx.host.nowMs + 10_001 });
  const cookie = `${l.cookieName}=${l.cookieValue}`;
  steps.push({ op: "request", headers: requestHeaders("GET", `/oauth2/callback?code=fz-${ctx.serial}&state=${l.state}`, [...NAVIGATE, ["cookie", cookie]]) });
  // Sometimes the browser gives up before the IdP answers: the answer finds its stream gone.
  if (rng.chance(0.03)) steps.push({ op: "finish" });
  steps.push(answer(ctx, rng, l.nonce));
  if (rng.chance(0.02)) steps.push({ op: "finish" });
  steps.push(refetchAnswer(rng));
  return steps;
}

/** A session due for refresh at `atS`, sealed like the filter seals it, with refresh token `rt-fz-<serial>`. */
export function refreshSessionCookie(rng: Rng, atS: number, serial: number): string {
  const t = BigInt(atS);
  const idToken = validIdToken("ES256", null, Number(t) - 600, {}, rng.chance(0.7) ? 3600 : 60);
  const rec = encodeRecord(sessionFields({
    version: 1, createdAt: t - 600n, expiresAt: t + 7200n, refreshAt: t - 1n, lastSeen: t - 5n,
    idTokenExp: t + (rng.chance(0.7) ? 3000n : -540n), subject: "fuzz-user-0001", idToken,
    refreshToken: `rt-fz-${serial}`, accessToken: "",
  }));
  return cookieHeader(sealedSessionCookies(rec, Buffer.from(rng.bytes(24), "latin1")));
}

function refreshScenario(ctx: FuzzContext, rng: Rng): Step[] {
  const cookie = refreshSessionCookie(rng, nowS(ctx), ctx.serial);
  const req = (path: string): Step => ({ op: "request", headers: requestHeaders("GET", path, [...NAVIGATE, ["cookie", cookie]]) });
  const steps: Step[] = [];
  if (rng.chance(0.1)) steps.push({ op: "setTime", ms: ctx.host.nowMs + 10_001 });
  steps.push(req("/productpage"));
  // More requests with the same session while the refresh is in flight wait for its answer.
  for (let n = rng.chance(0.2) ? rng.range(1, 3) : 0; n > 0; n--) steps.push(req(`/app/${n}`));
  if (rng.chance(0.03)) steps.push({ op: "finish" });
  steps.push(answer(ctx, rng, null));
  if (rng.chance(0.02)) steps.push({ op: "finish" });
  steps.push(refetchAnswer(rng));
  // A late request with the old cookie reuses a successful answer.
  if (rng.chance(0.2)) steps.push(req("/app/late"));
  return steps;
}

export const tokenSurface: Surface = {
  name: "token",
  covers: "token endpoint answers for login and refresh: status 0/-1/1xx/2xx/3xx/4xx/5xx and non-numeric, resets, timeouts, refused connections; the real answer mutated as a JSON tree; ID tokens with mutated header/claims re-signed with real keys, or damaged compact forms; error documents; huge, deep, non-UTF-8 bodies; JWKS refetch on unknown kids",
  share: 0.18,
  reconfigures: false,
  next(ctx: FuzzContext, rng: Rng): Scenario {
    const steps = rng.chance(0.6) ? loginScenario(ctx, rng) : refreshScenario(ctx, rng);
    return { surface: "token", steps };
  },
};
