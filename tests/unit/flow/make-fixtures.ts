// Generates tests/unit/flow/jwt-fixtures.ts: test-only keys' public JWKS documents and compact JWS
// ID tokens (valid ones and one per hostile case of security.md section A), signed with node:crypto.
// AssemblyScript specs cannot read files or sign, so the constants are generated once and committed.
//
//   node --import tsx tests/unit/flow/make-fixtures.ts > tests/unit/flow/jwt-fixtures.ts
//
// Every key is freshly generated on each run and thrown away; nothing here is a real credential.
import { createHash, createHmac, generateKeyPairSync, sign, KeyObject } from "node:crypto";

const ISSUER = "https://idp.test.local/realms/demo";
const CLIENT_ID = "client-abc";
const NOW = 1_700_000_000;
const ACCESS_TOKEN = "access-token-1";

/** The nonce the specs' CounterEntropy produces on its second call (startLogin: state, nonce, verifier). */
function counterBytes(call: number, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (call * 17 + i) & 0xff;
  return b;
}
const NONCE = counterBytes(1, 32).toString("base64url");

const b64u = (b: Buffer | string): string => Buffer.from(b).toString("base64url");

const rsa1 = generateKeyPairSync("rsa", { modulusLength: 2048 });
const rsa2 = generateKeyPairSync("rsa", { modulusLength: 2048 });
const rsaEvil = generateKeyPairSync("rsa", { modulusLength: 2048 });
const rsaWeak = generateKeyPairSync("rsa", { modulusLength: 1024 });
const ec1 = generateKeyPairSync("ec", { namedCurve: "P-256" });
const ed1 = generateKeyPairSync("ed25519");

function jwk(pub: KeyObject, extra: Record<string, unknown>): Record<string, unknown> {
  const j = pub.export({ format: "jwk" }) as Record<string, unknown>;
  return { ...extra, ...j };
}

type Signer = { alg: string; key: KeyObject };
const RS1: Signer = { alg: "RS256", key: rsa1.privateKey };

/** Signs `header.payload` (raw JSON strings, so duplicate members and odd numbers are possible). */
function jws(headerJson: string, payloadJson: string, s: Signer | null): string {
  const input = b64u(headerJson) + "." + b64u(payloadJson);
  if (s === null) return input + ".";
  const data = Buffer.from(input);
  let sig: Buffer;
  switch (s.alg) {
    case "RS256": sig = sign("sha256", data, s.key); break;
    case "PS256": sig = sign("sha256", data, { key: s.key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 }); break;
    case "ES256": sig = sign("sha256", data, { key: s.key, dsaEncoding: "ieee-p1363" }); break;
    case "ES256-DER": sig = sign("sha256", data, { key: s.key, dsaEncoding: "der" }); break;
    case "EdDSA": sig = sign(null, data, s.key); break;
    default: throw new Error("alg " + s.alg);
  }
  return input + "." + b64u(sig);
}

function claims(over: Record<string, unknown> = {}, drop: string[] = []): string {
  const c: Record<string, unknown> = {
    iss: ISSUER, sub: "user-1", aud: CLIENT_ID, exp: NOW + 600, iat: NOW - 10, nonce: NONCE, ...over,
  };
  for (const d of drop) delete c[d];
  return JSON.stringify(c);
}
const hdr = (h: Record<string, unknown>): string => JSON.stringify(h);
const RS_K1 = hdr({ alg: "RS256", kid: "k1" });
const atHash = b64u(createHash("sha256").update(ACCESS_TOKEN).digest().subarray(0, 16));

const k1 = jwk(rsa1.publicKey, { kid: "k1", use: "sig" });
const k2 = jwk(rsa2.publicKey, { kid: "k2", use: "sig" });
const kEc = jwk(ec1.publicKey, { kid: "ec1", use: "sig", alg: "ES256" });
const kEd = jwk(ed1.publicKey, { kid: "ed1", use: "sig" });
const kWeak = jwk(rsaWeak.publicKey, { kid: "weak", use: "sig" });
const kEvil = jwk(rsaEvil.publicKey, {});

const jwksDocs: Record<string, unknown> = {
  JWKS_MAIN: { keys: [k1, kEc, kEd] },
  JWKS_SINGLE: { keys: [k1] },
  JWKS_TWO_RSA: { keys: [k1, k2] },
  JWKS_ENC_ONLY: { keys: [{ ...k1, use: "enc" }] },
  JWKS_KEYOPS_ENCRYPT: { keys: [{ ...k1, use: undefined, key_ops: ["encrypt"] }] },
  JWKS_WEAK: { keys: [kWeak] },
  JWKS_K1_ALG_RS512: { keys: [{ ...k1, alg: "RS512" }] },
  JWKS_UNPARSEABLE_FIRST: {
    keys: [
      { kty: "RSA", kid: "broken", n: "@@not-base64@@", e: "AQAB" },
      { kty: "EC", kid: "off-curve", crv: "P-256", x: b64u(Buffer.alloc(32, 1)), y: b64u(Buffer.alloc(32, 2)) },
      { kty: "oct", kid: "hmac", k: b64u("secret") },
      { kty: "RSA", kid: 17, n: k1.n, e: k1.e },
      7,
      "text",
      k1,
    ],
  },
};

const rsaPem = rsa1.publicKey.export({ format: "pem", type: "spki" }) as string;
function hs256(key: string | Buffer, headerJson: string, payloadJson: string): string {
  const input = b64u(headerJson) + "." + b64u(payloadJson);
  return input + "." + b64u(createHmac("sha256", key).update(input).digest());
}
const esZero = b64u(hdr({ alg: "ES256", kid: "ec1" })) + "." + b64u(claims()) + "." + b64u(Buffer.alloc(64));

const tokens: Record<string, string> = {
  VALID_RS256: jws(RS_K1, claims(), RS1),
  VALID_RS256_NO_KID: jws(hdr({ alg: "RS256" }), claims(), RS1),
  VALID_RS256_TYP_JWT: jws(hdr({ alg: "RS256", kid: "k1", typ: "JWT" }), claims(), RS1),
  VALID_RS256_AUD_ARRAY: jws(RS_K1, claims({ aud: [CLIENT_ID] }), RS1),
  VALID_RS256_AZP: jws(RS_K1, claims({ azp: CLIENT_ID }), RS1),
  VALID_RS256_AT_HASH: jws(RS_K1, claims({ at_hash: atHash }), RS1),
  VALID_RS256_FRACTIONAL_EXP: jws(RS_K1, claims({ exp: NOW + 600.5 }), RS1),
  VALID_PS256: jws(hdr({ alg: "PS256", kid: "k1" }), claims(), { alg: "PS256", key: rsa1.privateKey }),
  VALID_ES256: jws(hdr({ alg: "ES256", kid: "ec1" }), claims(), { alg: "ES256", key: ec1.privateKey }),
  VALID_EDDSA: jws(hdr({ alg: "EdDSA", kid: "ed1" }), claims(), { alg: "EdDSA", key: ed1.privateKey }),
  VALID_K2: jws(hdr({ alg: "RS256", kid: "k2" }), claims(), { alg: "RS256", key: rsa2.privateKey }),
  WEAK_KEY_RS256: jws(hdr({ alg: "RS256", kid: "weak" }), claims(), { alg: "RS256", key: rsaWeak.privateKey }),

  ISS_TRAILING_SLASH: jws(RS_K1, claims({ iss: ISSUER + "/" }), RS1),
  ISS_UPPER_CASE: jws(RS_K1, claims({ iss: ISSUER.replace("idp.test.local", "IDP.test.local") }), RS1),
  ISS_HTTP: jws(RS_K1, claims({ iss: ISSUER.replace("https:", "http:") }), RS1),
  ISS_WRONG: jws(RS_K1, claims({ iss: "https://evil.test/realms/demo" }), RS1),
  ISS_MISSING: jws(RS_K1, claims({}, ["iss"]), RS1),
  AUD_MISSING: jws(RS_K1, claims({}, ["aud"]), RS1),
  AUD_WRONG: jws(RS_K1, claims({ aud: "other-client" }), RS1),
  AUD_EMPTY_ARRAY: jws(RS_K1, claims({ aud: [] }), RS1),
  AUD_WITH_UNTRUSTED: jws(RS_K1, claims({ aud: [CLIENT_ID, "untrusted"] }), RS1),
  AUD_MULTI_WITH_AZP: jws(RS_K1, claims({ aud: [CLIENT_ID, "untrusted"], azp: CLIENT_ID }), RS1),
  AUD_NUMBER: jws(RS_K1, claims({ aud: 5 }), RS1),
  AZP_MISMATCH: jws(RS_K1, claims({ azp: "other-client" }), RS1),
  EXP_PAST: jws(RS_K1, claims({ exp: NOW - 3600 }), RS1),
  EXP_MISSING: jws(RS_K1, claims({}, ["exp"]), RS1),
  EXP_STRING: jws(RS_K1, claims({ exp: String(NOW + 600) }), RS1),
  EXP_1E400: jws(RS_K1, claims({ exp: 0 }).replace('"exp":0', '"exp":1e400'), RS1),
  IAT_MISSING: jws(RS_K1, claims({}, ["iat"]), RS1),
  IAT_FUTURE: jws(RS_K1, claims({ iat: NOW + 3600 }), RS1),
  NBF_FUTURE: jws(RS_K1, claims({ nbf: NOW + 3600 }), RS1),
  NBF_STRING: jws(RS_K1, claims({ nbf: "0" }), RS1),
  SUB_MISSING: jws(RS_K1, claims({}, ["sub"]), RS1),
  SUB_EMPTY: jws(RS_K1, claims({ sub: "" }), RS1),
  SUB_OTHER: jws(RS_K1, claims({ sub: "user-2" }), RS1),
  NONCE_MISSING: jws(RS_K1, claims({}, ["nonce"]), RS1),
  NONCE_WRONG: jws(RS_K1, claims({ nonce: "an-earlier-flow-nonce" }), RS1),
  AT_HASH_WRONG: jws(RS_K1, claims({ at_hash: b64u(Buffer.alloc(16, 9)) }), RS1),
  LOGOUT_TOKEN_EVENTS: jws(RS_K1, claims({ events: { "http://schemas.openid.net/event/backchannel-logout": {} } }), RS1),
  DUPLICATE_ISS: jws(RS_K1, claims().replace("{", '{"iss":"https://evil.test/realms/demo",'), RS1),

  ALG_NONE: jws(hdr({ alg: "none" }), claims(), null),
  ALG_NONE_CAPITALIZED: jws(hdr({ alg: "None" }), claims(), null),
  ALG_NONE_UPPER: jws(hdr({ alg: "NONE" }), claims(), null),
  ALG_NONE_WITH_KID: jws(hdr({ alg: "none", kid: "k1" }), claims(), null),
  HS256_WITH_RSA_PEM: hs256(rsaPem, hdr({ alg: "HS256", kid: "k1" }), claims()),
  HS256_WITH_RSA_N: hs256(Buffer.from(k1.n as string, "base64url"), hdr({ alg: "HS256" }), claims()),
  ALG_MISSING: jws(hdr({ kid: "k1" }), claims(), RS1),
  CRIT_HEADER: jws(hdr({ alg: "RS256", kid: "k1", crit: ["exp"], exp: NOW + 600 }), claims(), RS1),
  TYP_AT_JWT: jws(hdr({ alg: "RS256", kid: "k1", typ: "at+jwt" }), claims(), RS1),
  TYP_LOGOUT_JWT: jws(hdr({ alg: "RS256", kid: "k1", typ: "logout+jwt" }), claims(), RS1),
  KID_UNKNOWN: jws(hdr({ alg: "RS256", kid: "k9" }), claims(), RS1),
  KID_TRAVERSAL: jws(hdr({ alg: "RS256", kid: "../x" }), claims(), RS1),
  KID_1000_CHARS: jws(hdr({ alg: "RS256", kid: "k".repeat(1000) }), claims(), RS1),
  KID_NUMBER: jws(hdr({ alg: "RS256", kid: 1 }), claims(), RS1),
  ALG_KTY_MISMATCH: jws(hdr({ alg: "ES256", kid: "k1" }), claims(), { alg: "ES256", key: ec1.privateKey }),
  ES256_ZERO_SIG: esZero,
  ES256_DER_SIG: jws(hdr({ alg: "ES256", kid: "ec1" }), claims(), { alg: "ES256-DER", key: ec1.privateKey }),
  JKU_ATTACKER: jws(hdr({ alg: "RS256", jku: "https://evil.test/jwks.json" }), claims(), { alg: "RS256", key: rsaEvil.privateKey }),
  JWK_EMBEDDED_ATTACKER: jws(hdr({ alg: "RS256", jwk: kEvil }), claims(), { alg: "RS256", key: rsaEvil.privateKey }),
  SIGNED_BY_ATTACKER_KID_K1: jws(RS_K1, claims(), { alg: "RS256", key: rsaEvil.privateKey }),
  DUPLICATE_ALG_HEADER: jws('{"alg":"none","alg":"RS256","kid":"k1"}', claims(), RS1),
  PAYLOAD_ARRAY: jws(RS_K1, "[1,2]", RS1),
};

const out: string[] = [];
out.push("// GENERATED by tests/unit/flow/make-fixtures.ts with node:crypto; do not edit by hand.");
out.push("//   node --import tsx tests/unit/flow/make-fixtures.ts > tests/unit/flow/jwt-fixtures.ts");
out.push("// Test-only keys, generated fresh and discarded by that run: nothing here is a real credential.");
out.push("");
out.push(`export const FX_ISSUER = ${JSON.stringify(ISSUER)};`);
out.push(`export const FX_CLIENT_ID = ${JSON.stringify(CLIENT_ID)};`);
out.push(`export const FX_NOW: i64 = ${NOW};`);
out.push(`/** The nonce CounterEntropy yields on its second call (see helpers.ts). */`);
out.push(`export const FX_NONCE = ${JSON.stringify(NONCE)};`);
out.push(`export const FX_ACCESS_TOKEN = ${JSON.stringify(ACCESS_TOKEN)};`);
out.push(`export const FX_AT_HASH = ${JSON.stringify(atHash)};`);
out.push("");
for (const [name, doc] of Object.entries(jwksDocs)) out.push(`export const ${name} = ${JSON.stringify(JSON.stringify(doc))};`);
out.push("");
for (const [name, t] of Object.entries(tokens)) out.push(`export const ${name} = ${JSON.stringify(t)};`);
process.stdout.write(out.join("\n") + "\n");
