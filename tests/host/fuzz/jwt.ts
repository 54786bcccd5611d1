// ID tokens for the fuzzer: valid ones (signed with the fixed keys) and mutated ones. Two layers:
// structural mutations of the header and claims that are then signed properly, so they pass the
// signature and reach claim validation; and damage to the compact form itself (parts, base64url,
// signature bytes), which must stop at the JWS layer without a trap.
import type { Rng } from "./prng.ts";
import { clone, fromJs, mutateJson, randomJsonValue, serialize, str, raw, type J, setMember, deleteMember, member } from "./json.ts";
import { mutateBase64Url, mutateBytes, utf8 } from "./mutate.ts";
import { ALG_KEYS, kidOf, signJws, SIGNING_ALGS } from "./keys.ts";
import { CLIENT_ID, ISSUER } from "../flow/scripted-idp.ts";
import { createHash } from "node:crypto";

const b64u = (bstr: string): string => Buffer.from(bstr, "latin1").toString("base64url");

export interface TokenParts { header: J; payload: J }

export function standardClaims(nonce: string | null, nowS: number, lifetimeS = 3600): Record<string, unknown> {
  const c: Record<string, unknown> = { iss: ISSUER, aud: CLIENT_ID, sub: "fuzz-user-0001", email: "fuzz@example.test", iat: nowS, exp: nowS + lifetimeS };
  if (nonce !== null) c.nonce = nonce;
  return c;
}

export function standardHeader(alg: string): Record<string, unknown> {
  return { alg, kid: kidOf(ALG_KEYS[alg]), typ: "JWT" };
}

/** Header and claims serialized, base64url-encoded and signed with the key of `signAlg`. */
export function signParts(parts: TokenParts, signAlg: string): string {
  const input = b64u(serialize(parts.header)) + "." + b64u(serialize(parts.payload));
  return input + "." + signJws(signAlg, input);
}

/**
 * An algorithm to sign with: mostly EdDSA and ES256, whose signatures Node makes in tens of
 * microseconds (RSA signing costs ~1 ms, which would dominate the fuzzer's time), RSA and PSS sometimes.
 */
export function cheapAlg(rng: Rng): string {
  return rng.chance(0.9) ? rng.pick(["EdDSA", "ES256"]) : rng.pick(SIGNING_ALGS);
}

/** A valid ID token: header { alg, kid, typ }, standard claims plus `extra`. */
const validCache = new Map<string, string>();

export function validIdToken(alg: string, nonce: string | null, nowS: number, extra: Record<string, unknown> = {}, lifetimeS = 3600): string {
  // Valid tokens repeat (same nonce, same second): signing each once saves most of the signing time.
  const key = JSON.stringify([alg, nonce, nowS, extra, lifetimeS]);
  let t = validCache.get(key);
  if (t === undefined) {
    t = signParts({ header: fromJs(standardHeader(alg)), payload: fromJs({ ...standardClaims(nonce, nowS, lifetimeS), ...extra }) }, alg);
    if (validCache.size > 2000) validCache.clear();
    validCache.set(key, t);
  }
  return t;
}

/** RFC 7519 and OIDC Core §3.1.3.6 at_hash: left half of the hash of the access token, base64url. */
export function atHash(accessToken: string, alg: string): string {
  const bits = alg === "EdDSA" ? "512" : alg.slice(2);
  const h = createHash(`sha${bits}`).update(accessToken, "latin1").digest();
  return h.subarray(0, h.length / 2).toString("base64url");
}

const HEADER_KEYS = ["alg", "kid", "typ", "crit", "cty", "jku", "x5u", "jwk", "x5c", "enc", "zip", "b64", "x5t"];
const CLAIM_KEYS = ["iss", "aud", "sub", "exp", "iat", "nbf", "nonce", "azp", "at_hash", "iss", "aud", "sub", "exp", "iat", "nonce",
  "events", "c_hash", "auth_time", "acr", "amr", "sid", "email", "groups"];

/** Values that matter to the claims and header checks: near-miss issuers, audiences, times, algs. */
function plantValues(nowS: number, nonce: string | null): J[] {
  return [
    str(ISSUER + "/"), str(ISSUER.toUpperCase()), str(ISSUER.replace("https", "http")), str(CLIENT_ID), str(CLIENT_ID + " "),
    fromJs([CLIENT_ID]), fromJs([]), fromJs([CLIENT_ID, "other"]), fromJs(["other", CLIENT_ID]), fromJs([CLIENT_ID, CLIENT_ID]),
    raw(String(nowS)), raw(String(nowS - 1)), raw(String(nowS + 86_400)), raw(String(nowS - 86_400)), raw(`${nowS}.999`),
    raw(String(nowS * 1000)), raw("1e400"), raw("-1"), str(String(nowS)), str(nonce ?? "n"), str((nonce ?? "n") + "x"),
    str("none"), str("HS256"), str("RS256"), str("ES256"), str("EdDSA"), str("PS512"), str("ES384"), fromJs(["exp"]),
    str("../../../etc/passwd"), str("x".repeat(257)), str("x".repeat(70_000)), str(kidOf("rsa")), str(kidOf("ec256")),
    str("fuzz-user-0001"), str("fuzz-user-0002"), str("x".repeat(255)), str("x".repeat(256)), str(""), raw("0"), raw("1e18"),
    raw("-9007199254740993"), raw("9007199254740993"), raw(`${nowS + 30}`), raw(`${nowS + 61}`), raw(`${nowS - 61}`), raw(`${nowS - 59}`),
    str("JWT"), str("jwt"), str("at+jwt"), fromJs(["b64"]), fromJs({}), raw("null"), str("AAAA"), str(atHash("x", "RS256")),
  ];
}

/**
 * One targeted change to an object's member `key` that keeps the JSON valid: delete it, set a
 * planted or random value, duplicate it with another value, or spell its name differently.
 */
export function targeted(rng: Rng, obj: J, keys: readonly string[], values: J[]): void {
  const key = rng.pick(keys);
  switch (rng.int(6)) {
    case 0: deleteMember(obj, key); break;
    case 1: case 2: setMember(obj, key, clone(rng.pick(values))); break;
    case 3: setMember(obj, key, randomJsonValue(rng)); break;
    case 4: if (obj.k === "o") obj.m.push([str(key), clone(rng.pick(values))]); break;
    default: if (obj.k === "o") { deleteMember(obj, key); obj.m.push([raw(escapedName(key)), clone(rng.pick(values))]); }
  }
}

function escapedName(k: string): string {
  return '"' + [...k].map((c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")).join("") + '"';
}

/**
 * A mutated token, properly signed: mostly targeted changes to claims and header members that
 * keep the JSON valid (so the claim checks themselves run), sometimes free structural mutations.
 * The signing algorithm follows the (mutated) header's alg when it names one of our keys, so a
 * changed alg still verifies with a real key.
 */
export function mutatedSignedToken(rng: Rng, nonce: string | null, nowS: number, accessToken: string): string {
  const alg = cheapAlg(rng);
  const claims = standardClaims(nonce, nowS);
  if (rng.chance(0.3)) claims.at_hash = atHash(accessToken, alg);
  if (rng.chance(0.1)) claims.azp = CLIENT_ID;
  const parts: TokenParts = { header: fromJs(standardHeader(alg)), payload: fromJs(claims) };
  const values = plantValues(nowS, nonce);
  const k = rng.int(10);
  if (k < 6) for (let n = rng.range(1, 2); n > 0; n--) targeted(rng, parts.payload, CLAIM_KEYS, values);
  else if (k < 7) for (let n = rng.range(1, 2); n > 0; n--) targeted(rng, parts.header, HEADER_KEYS, values);
  else if (k < 9) parts.payload = mutateJson(rng, parts.payload, { keys: CLAIM_KEYS, values });
  else parts.header = mutateJson(rng, parts.header, { keys: HEADER_KEYS, values });
  const a = member(parts.header, "alg");
  const named = a !== undefined && a.k === "s" && ALG_KEYS[a.v] !== undefined ? a.v : alg;
  if (rng.chance(0.05)) setMember(parts.header, "kid", str(kidOf(ALG_KEYS[rng.pick(SIGNING_ALGS)])));
  // Signing follows the header's alg; an RSA one costs ~1 ms to sign, so it is often swapped for a cheap one.
  return signParts(parts, named.startsWith("ES2") || named === "EdDSA" || rng.chance(0.25) ? named : alg);
}

/** Damage to the compact serialization of a (valid) token. */
export function damagedToken(rng: Rng, token: string, others: readonly string[]): string {
  const p = token.split(".");
  switch (rng.int(10)) {
    case 0: return mutateBytes(rng, token, { dict: [".", "..", "eyJ", "="], others });
    case 1: { const i = rng.int(p.length); p[i] = mutateBase64Url(rng, p[i]); return p.join("."); }
    case 2: return p.slice(0, rng.int(p.length + 1)).join(".");
    case 3: return [...p, ...p.slice(0, rng.range(1, 3))].join(".");
    case 4: { p[2] = ""; return p.join("."); }
    case 5: {
      // Signature of another token, or of another algorithm, on this header and payload.
      const other = rng.pick(others).split(".");
      p[2] = other[2] ?? "";
      return p.join(".");
    }
    case 6: { p[0] = b64u(mutateBytes(rng, Buffer.from(p[0], "base64url").toString("latin1"))); return p.join("."); }
    case 7: { p[1] = b64u(mutateBytes(rng, Buffer.from(p[1], "base64url").toString("latin1"))); return p.join("."); }
    case 8: return rng.pick(["", ".", "..", "...", "a.b.c", "e30.e30.", "e30.e30.e30", "eyJhbGciOiJub25lIn0.e30.", "a.b.c.d.e"]);
    default: return p.map((x) => (rng.chance(0.5) ? x : x.replace(/[-_]/g, (c) => (c === "-" ? "+" : "/")))).join(".");
  }
}

/** A compact JWS whose header is `headerText` verbatim (invalid JSON allowed), signed when `sign`. */
export function tokenWithRawHeader(headerText: string, payloadText: string, signAlg: string | null): string {
  const input = b64u(headerText) + "." + b64u(payloadText);
  return input + "." + (signAlg === null ? "" : signJws(signAlg, input));
}

export { utf8 };
