// JWKS documents, at startup (the first fetch after configure) and at refetch (an unknown kid in
// an ID token): the real key set mutated as a JSON tree, plus hostile key material (RSA moduli of
// odd sizes and shapes, e = 1, EC points off the curve or outside the field, Ed25519 small-order
// points). Each scenario then verifies an ID token against the key set it just installed, so the
// hostile key is actually used by the signature code.
import type { Rng } from "./prng.ts";
import { fromJs, fuzzJsonText, mutateJson, serialize, str } from "./json.ts";
import { mutateBase64Url, noise } from "./mutate.ts";
import { signParts, standardClaims, tokenWithRawHeader } from "./jwt.ts";
import { ALG_KEYS, publicJwk, SIGNING_ALGS, type KeyName } from "./keys.ts";
import { BASE_CONFIG_TEXT, BASE_DISCOVERY, BASE_JWKS, NAVIGATE, requestHeaders, type Scenario, type Step } from "./scenario.ts";
import { nowS, type FuzzContext, type Surface } from "./surface.ts";
import { refreshSessionCookie } from "./surface-token.ts";

const JWK_KEYS = ["kty", "kid", "use", "alg", "n", "e", "crv", "x", "y", "d", "k", "key_ops", "x5c", "x5t", "x5u", "ext", "oth"];

const b64 = (bytes: Buffer): string => bytes.toString("base64url");

/** Byte strings of interesting shapes for key members. */
function material(rng: Rng, size: number): string {
  switch (rng.int(8)) {
    case 0: return b64(Buffer.alloc(size));
    case 1: return b64(Buffer.alloc(size, 0xff));
    case 2: return b64(Buffer.concat([Buffer.alloc(rng.range(1, 4)), Buffer.from(rng.bytes(size), "latin1")]));
    case 3: { const b = Buffer.from(rng.bytes(size), "latin1"); b[b.length - 1] &= 0xfe; return b64(b); }
    case 4: return b64(Buffer.from([1, ...Buffer.alloc(Math.max(0, size - 1))]));
    default: return b64(Buffer.from(rng.bytes(size), "latin1"));
  }
}

/** Ed25519 points of small order (the identity, order 2, 4 and 8 encodings) and non-canonical y. */
const ED_SMALL_ORDER = [
  "0100000000000000000000000000000000000000000000000000000000000000",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "0000000000000000000000000000000000000000000000000000000000000080",
  "0000000000000000000000000000000000000000000000000000000000000000",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
].map((h) => b64(Buffer.from(h, "hex")));

/** One key with hostile parameters, of the type `alg` needs. */
function hostileKey(rng: Rng, alg: string, kid: string): Record<string, unknown> {
  const real = publicJwk(ALG_KEYS[alg] as KeyName);
  const k: Record<string, unknown> = { ...real, kid, alg };
  if (rng.chance(0.3)) delete k.alg;
  if (alg.startsWith("RS") || alg.startsWith("PS")) {
    switch (rng.int(6)) {
      case 0: k.n = material(rng, rng.pick([1, 2, 64, 127, 128, 255, 256, 257, 384, 512, 1024, 2048, 2049])); break;
      case 1: k.e = rng.pick(["AQ", "Aw", "AA", "", "AQAB", "AQAAAQ", "_____w", "AAEAAQ", material(rng, rng.pick([1, 4, 8, 300]))]); break;
      case 2: k.n = mutateBase64Url(rng, real.n); break;
      case 3: k.n = b64(Buffer.concat([Buffer.alloc(rng.range(1, 40)), Buffer.from(real.n, "base64url")])); break;
      case 4: { const b = Buffer.from(real.n, "base64url"); b[b.length - 1] &= 0xfe; k.n = b64(b); break; }
      default: k.n = mutateBase64Url(rng, real.n); k.e = mutateBase64Url(rng, real.e);
    }
  } else if (alg.startsWith("ES")) {
    const size = alg === "ES256" ? 32 : 48;
    switch (rng.int(5)) {
      case 0: k.x = material(rng, rng.pick([size, size - 1, size + 1, 0])); break;
      case 1: k.y = material(rng, rng.pick([size, size - 1, size + 1])); break;
      case 2: k.crv = rng.pick(["P-256", "P-384", "P-521", "secp256k1", "", "p-256"]); break;
      case 3: { const x = Buffer.from(real.x, "base64url"); x[rng.int(x.length)] ^= 1 << rng.int(8); k.x = b64(x); break; }
      default: k.x = material(rng, size); k.y = material(rng, size);
    }
  } else {
    k.x = rng.chance(0.6) ? rng.pick(ED_SMALL_ORDER) : material(rng, rng.pick([31, 32, 33, 64]));
    if (rng.chance(0.1)) k.crv = rng.pick(["X25519", "Ed448", "ed25519"]);
  }
  return k;
}

/** A fuzzed JWKS, and whether the key for `kid` is still the real one (then a real signature matters). */
function fuzzedJwks(rng: Rng, targetAlg: string, kid: string): { body: string; realKey: boolean } {
  const k = rng.int(10);
  if (k < 5) {
    const keys: Record<string, unknown>[] = [...BASE_JWKS.keys];
    keys.splice(rng.int(keys.length + 1), 0, hostileKey(rng, targetAlg, kid));
    return { body: serialize(fromJs({ keys }), rng), realKey: false };
  }
  return { body: mutatedJwks(rng, targetAlg, kid, k), realKey: true };
}

function mutatedJwks(rng: Rng, targetAlg: string, kid: string, k: number): string {
  const keys: Record<string, unknown>[] = [...BASE_JWKS.keys];
  const doc = fromJs({ keys: [...keys, { ...publicJwk(ALG_KEYS[targetAlg] as KeyName), kid, alg: targetAlg }] });
  if (k < 8) return serialize(mutateJson(rng, doc, { keys: JWK_KEYS, values: [str(kid), str("sig"), str("enc"), fromJs(["verify"]), fromJs(["sign"]), str("RSA"), str("EC"), str("OKP"), str(targetAlg)] }), rng);
  if (k === 8) return fuzzJsonText(rng, doc, { keys: JWK_KEYS }, 0.9);
  return rng.chance(0.5)
    ? serialize(fromJs({ keys: Array.from({ length: rng.pick([64, 65, 200]) }, (_, i) => ({ ...publicJwk(ALG_KEYS[targetAlg] as KeyName), kid: `${kid}-${i}` })) }))
    : rng.pick(['{"keys":[]}', '{"keys":{}}', "{}", "[]", "", "null", '{"keys":null}', noise(rng)]);
}

const SIGNATURE_BYTES: Record<string, number> = { ES256: 64, ES384: 96, EdDSA: 64 };

/**
 * The callback, and a token under `kid` verified against the installed keys. With `realSignature`
 * it is signed by the real key of `alg`; otherwise it carries random bytes of the right length
 * (a hostile key fails to verify either way, and RSA signing costs a millisecond).
 */
function verifySteps(ctx: FuzzContext, rng: Rng, alg: string, kid: string | null, realSignature: boolean): Step[] {
  const l = ctx.seeds.login;
  const header: Record<string, unknown> = { alg, typ: "JWT" };
  if (kid !== null) header.kid = kid;
  const parts = { header: fromJs(header), payload: fromJs(standardClaims(l.nonce, nowS(ctx))) };
  const token = realSignature ? signParts(parts, alg)
    : tokenWithRawHeader(serialize(parts.header), serialize(parts.payload), null) + Buffer.from(rng.bytes(SIGNATURE_BYTES[alg] ?? 256), "latin1").toString("base64url");
  const body = JSON.stringify({ access_token: "at", token_type: "Bearer", id_token: token });
  return [
    { op: "request", headers: requestHeaders("GET", `/oauth2/callback?code=j-${ctx.serial}&state=${l.state}`, [...NAVIGATE, ["cookie", `${l.cookieName}=${l.cookieValue}`]]) },
    { op: "respond", to: "token", status: 200, body },
  ];
}

function pickAlg(rng: Rng): string {
  // Hostile RSA moduli are where the bignum code earns its keep: keep them frequent.
  return rng.chance(0.5) ? rng.pick(["RS256", "PS256", "RS512"]) : rng.pick(SIGNING_ALGS);
}

export const jwksSurface: Surface = {
  name: "jwks",
  covers: "JWKS documents at startup and at refetch (unknown kid): the real key set mutated as a JSON tree, hostile RSA moduli/exponents, EC points off the curve, Ed25519 small-order points, 64+ keys, noise; each followed by an ID token verified against the installed keys",
  share: 0.07,
  reconfigures: true,
  next(ctx: FuzzContext, rng: Rng): Scenario {
    const alg = pickAlg(rng);
    const kid = rng.chance(0.9) ? `fz-hostile-${rng.int(3)}` : rng.pick(["", "../x", "x".repeat(300), "\u0000"]);
    const status = rng.chance(0.9) ? 200 : rng.pick([0, 201, 301, 404, 500, 503]);
    const steps: Step[] = [
      { op: "configure", config: BASE_CONFIG_TEXT },
      { op: "respond", to: "discovery", status: 200, body: JSON.stringify(BASE_DISCOVERY) },
    ];
    const jwks = fuzzedJwks(rng, alg, kid);
    const real = jwks.realKey && (SIGNATURE_BYTES[alg] !== undefined || rng.chance(0.3));
    if (rng.chance(0.02)) {
      // The hourly refresh: an hour later a tick refetches the keys, then a session refresh
      // verifies its new ID token against them (rare: moving the clock an hour costs new seeds).
      const later = ctx.host.nowMs + 3_600_000;
      const laterS = Math.floor(later / 1000) + 1;
      steps.push({ op: "respond", to: "jwks", status: 200, body: JSON.stringify(BASE_JWKS) });
      steps.push({ op: "setTime", ms: later }, { op: "advance", ms: 1000 });
      steps.push({ op: "respond", to: "jwks", status, body: jwks.body });
      steps.push({ op: "request", headers: requestHeaders("GET", "/productpage", [...NAVIGATE, ["cookie", refreshSessionCookie(rng, laterS, ctx.serial)]]) });
      const header: Record<string, unknown> = { alg, kid, typ: "JWT" };
      const parts = { header: fromJs(header), payload: fromJs(standardClaims(null, laterS)) };
      steps.push({ op: "respond", to: "token", status: 200, body: JSON.stringify({ access_token: "at", token_type: "Bearer", id_token: real ? signParts(parts, alg) : tokenWithRawHeader(serialize(parts.header), serialize(parts.payload), null) + "AAAA" }) });
    } else if (rng.chance(0.6)) {
      steps.push({ op: "respond", to: "jwks", status, body: jwks.body });
      steps.push(...verifySteps(ctx, rng, alg, rng.chance(0.9) ? kid : null, real));
    } else {
      // Refetch: the keys are known, then a token names a kid they lack and the refetch answers.
      steps.push({ op: "respond", to: "jwks", status: 200, body: JSON.stringify(BASE_JWKS) });
      steps.push(...verifySteps(ctx, rng, alg, kid, real));
      steps.push({ op: "respond", to: "jwks", status, body: jwks.body });
    }
    return { surface: "jwks", steps };
  },
};

