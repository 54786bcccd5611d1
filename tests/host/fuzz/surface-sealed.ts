// What lies behind the AEAD: session and login-state records of our own making, sealed with the
// configured secret exactly as the filter seals them, so the record decoders and everything that
// trusts a decoded record (expiry, idle and refresh arithmetic, the forwarded token, the refresh
// form, id_token_hint, the return path after login) see absurd values: i64 extremes, lying length
// prefixes, trailing bytes, unknown versions, invalid UTF-8, CR/LF, 60 KB fields.
import type { Rng } from "./prng.ts";
import { mutateBytes, noise, utf8 } from "./mutate.ts";
import { validIdToken } from "./jwt.ts";
import { NAVIGATE, requestHeaders, type Scenario, type Step } from "./scenario.ts";
import { encodeRecord, loginFields, sealedLoginCookie, sealedSessionCookies, sessionFields, type Field, type SessionRecord } from "./seal.ts";
import { cookieHeader, tokenResponseFor } from "./seeds.ts";
import { nowS, type FuzzContext, type Surface } from "./surface.ts";

const I64 = [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 31n, -(2n ** 31n), 2n ** 32n, 10n ** 18n, 253402300799n, 2n ** 53n];

function time(rng: Rng, now: bigint): bigint {
  const k = rng.int(5);
  if (k === 0) return rng.pick(I64);
  if (k === 1) return now + BigInt(rng.range(-100_000, 100_000));
  return now + BigInt(rng.range(-3600, 3600));
}

function text(rng: Rng, valid: string): string {
  switch (rng.int(9)) {
    case 0: case 1: case 2: return valid;
    case 3: return mutateBytes(rng, valid, { maxLength: 70_000 });
    case 4: return "";
    case 5: return rng.pick(["\r\nSet-Cookie: x=y", "\x00", "\xff\xfe", "\xc0\x80", "\xed\xa0\x80", utf8("é\u202e"), "a b", "%0d%0a", "\"", "<>"]);
    case 6: return "x".repeat(rng.pick([3800, 16 * 1024, 16 * 1024 + 1, 30_000, 65_536]));
    case 7: return noise(rng);
    default: return valid + mutateBytes(rng, "");
  }
}

/** Record-level damage on top of sane fields: versions, lying lengths, truncation, trailing bytes. */
function damageRecord(rng: Rng, fields: Field[]): Buffer {
  const f = [...fields];
  const k = rng.int(10);
  if (k === 0) f[0] = { u8: rng.pick([0, 2, 255]) };
  if (k === 1) {
    const i = f.findIndex((x) => "str" in x);
    const s = (f[i] as { str: string }).str;
    f[i] = { rawLen: rng.pick([s.length + 1, s.length + 1000, 0xffffffff, 0x80000000, 65_537, 0]), bytes: Buffer.from(s, "latin1") };
  }
  let b = encodeRecord(f);
  if (k === 2) b = b.subarray(0, rng.int(b.length));
  if (k === 3) b = Buffer.concat([b, Buffer.from(rng.bytes(rng.range(1, 8)), "latin1")]);
  if (k === 4) b = Buffer.from(mutateBytes(rng, b.toString("latin1")), "latin1");
  return b;
}

function sessionScenario(ctx: FuzzContext, rng: Rng): Step[] {
  const t = BigInt(nowS(ctx));
  const goodToken = validIdToken("EdDSA", null, Number(t), {}, 3600);
  const r: SessionRecord = {
    version: 1, createdAt: t - 60n, expiresAt: t + 3600n, refreshAt: t + 1800n, lastSeen: t - 10n, idTokenExp: t + 3000n,
    subject: "fuzz-user-0001", idToken: goodToken, refreshToken: `rt-sealed-${ctx.serial}`, accessToken: "at-sealed",
  };
  for (const key of ["createdAt", "expiresAt", "refreshAt", "lastSeen", "idTokenExp"] as const) if (rng.chance(0.3)) r[key] = time(rng, t);
  for (const key of ["subject", "idToken", "refreshToken", "accessToken"] as const) if (rng.chance(0.3)) r[key] = text(rng, r[key]);
  const plain = rng.chance(0.2) ? damageRecord(rng, sessionFields(r)) : encodeRecord(sessionFields(r));
  const cookies = sealedSessionCookies(plain, Buffer.from(rng.bytes(24), "latin1"));
  const path = rng.pick(["/productpage", "/app/x", "/oauth2/sign_out", "/public/x", "/oauth2/sign_out?rd=/x"]);
  const extra: [string, string][] = path.startsWith("/oauth2/sign_out") ? [["sec-fetch-site", "same-origin"]] : [];
  const steps: Step[] = [{ op: "request", headers: requestHeaders("GET", path, [...NAVIGATE, ...extra, ["cookie", cookieHeader(cookies)]]) }];
  // A refresh it starts gets a valid answer now and then (for the same subject), else a reset.
  if (rng.chance(0.3)) {
    const id = validIdToken("ES256", null, Number(t), { sub: r.subject.length < 200 ? Buffer.from(r.subject, "latin1").toString("utf8") : "fuzz-user-0001" });
    steps.push({ op: "respond", to: "token", status: 200, body: JSON.stringify(tokenResponseFor(id, ctx.serial)) });
  }
  return steps;
}

const STATE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function loginScenario(ctx: FuzzContext, rng: Rng): Step[] {
  const t = BigInt(nowS(ctx));
  let state = Array.from({ length: 43 }, () => STATE_CHARS[rng.int(64)]).join("");
  if (rng.chance(0.2)) state = state.slice(0, 16) + mutateBytes(rng, state.slice(16)).replace(/[&#%+=\x00-\x20\x7f-\xff]/g, "A");
  const nonce = rng.chance(0.7) ? `n-${ctx.serial}` : text(rng, `n-${ctx.serial}`);
  const verifier = rng.chance(0.7) ? "v".repeat(43) : text(rng, "v".repeat(43));
  const returnTo = rng.chance(0.4) ? "/app/back?x=1" : text(rng, rng.pick(["/", "/app/back?x=1", "//evil.example", "/\\evil", "/%2f/x", "/x\r\ny"]));
  const createdAt = rng.chance(0.7) ? t - BigInt(rng.int(500)) : time(rng, t);
  const fields = loginFields({ version: 1, state, nonce, codeVerifier: verifier, returnTo, createdAt });
  const plain = rng.chance(0.2) ? damageRecord(rng, fields) : encodeRecord(fields);
  const [name, value] = sealedLoginCookie(state, plain, Buffer.from(rng.bytes(24), "latin1"));
  const steps: Step[] = [{ op: "request", headers: requestHeaders("GET", `/oauth2/callback?code=c-${ctx.serial}&state=${state}`, [...NAVIGATE, ["cookie", `${name}=${value}`]]) }];
  // The code exchange gets a valid answer bound to the record's nonce when it can carry one.
  const plainNonce = Buffer.from(nonce, "latin1").toString("utf8");
  if (rng.chance(0.7)) steps.push({ op: "respond", to: "token", status: 200, body: JSON.stringify(tokenResponseFor(validIdToken("EdDSA", plainNonce, Number(t)), ctx.serial)) });
  return steps;
}

export const sealedSurface: Surface = {
  name: "sealed",
  covers: "session and login-state records sealed with the configured secret (as the filter seals them) holding absurd values: i64 extremes, lying length prefixes, truncation, trailing bytes, unknown versions, invalid UTF-8, CR/LF, oversized fields; used on protected, sign-out and callback paths",
  share: 0.12,
  reconfigures: false,
  next(ctx: FuzzContext, rng: Rng): Scenario {
    const steps = rng.chance(0.6) ? sessionScenario(ctx, rng) : loginScenario(ctx, rng);
    return { surface: "sealed", steps };
  },
};
