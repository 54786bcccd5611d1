// The filter's cookie sealing, re-implemented in Node for the fuzzer: XChaCha20-Poly1305 under an
// HKDF-derived per-purpose key, AAD "purpose\ncontext", value base64url(version ‖ nonce ‖ ct ‖ tag).
// With it the fuzzer can seal records of its own choosing (absurd times, broken UTF-8, trailing
// bytes, wrong versions) and so reach the code behind the AEAD, which no mutation of a sealed
// cookie ever passes. Records follow assembly/core/session/{codec,session,login-state}.ts.
import { createCipheriv, hkdfSync } from "node:crypto";
import { COOKIE_SECRET } from "../flow/scripted-idp.ts";

const SEAL_VERSION = 1;
const HKDF_SALT = "envoy-oidc-sso cookie keys v1";

/** The cookie secret as the filter decodes it: base64 when that gives ≥ 32 bytes, else UTF-8. */
export function secretBytes(text: string): Buffer {
  return strictBase64(text) ?? Buffer.from(text, "utf8");
}

/** Either alphabet, optional padding, unused bits zero (RFC 4648 §3.5), as the filter decodes; null otherwise or when < 32 bytes. */
function strictBase64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  const plain = text.replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/");
  if (plain.length % 4 === 1) return null;
  const bytes = Buffer.from(plain, "base64");
  if (bytes.toString("base64").replace(/=+$/, "") !== plain) return null;
  return bytes.length >= 32 ? bytes : null;
}

export type Purpose = "session" | "login-state";

export function purposeKey(secret: string, purpose: Purpose): Buffer {
  return Buffer.from(hkdfSync("sha256", secretBytes(secret), Buffer.from(HKDF_SALT), Buffer.from(purpose), 32));
}

const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;

/** HChaCha20 (draft-irtf-cfrg-xchacha §2.2): a subkey from the key and the first 16 nonce bytes. */
function hchacha20(key: Buffer, nonce16: Buffer): Buffer {
  const s = new Uint32Array(16);
  s[0] = 0x61707865; s[1] = 0x3320646e; s[2] = 0x79622d32; s[3] = 0x6b206574;
  for (let i = 0; i < 8; i++) s[4 + i] = key.readUInt32LE(4 * i);
  for (let i = 0; i < 4; i++) s[12 + i] = nonce16.readUInt32LE(4 * i);
  const qr = (a: number, b: number, c: number, d: number): void => {
    s[a] += s[b]; s[d] = rotl(s[d] ^ s[a], 16);
    s[c] += s[d]; s[b] = rotl(s[b] ^ s[c], 12);
    s[a] += s[b]; s[d] = rotl(s[d] ^ s[a], 8);
    s[c] += s[d]; s[b] = rotl(s[b] ^ s[c], 7);
  };
  for (let i = 0; i < 10; i++) {
    qr(0, 4, 8, 12); qr(1, 5, 9, 13); qr(2, 6, 10, 14); qr(3, 7, 11, 15);
    qr(0, 5, 10, 15); qr(1, 6, 11, 12); qr(2, 7, 8, 13); qr(3, 4, 9, 14);
  }
  const out = Buffer.alloc(32);
  for (let i = 0; i < 4; i++) out.writeUInt32LE(s[i], 4 * i);
  for (let i = 0; i < 4; i++) out.writeUInt32LE(s[12 + i], 16 + 4 * i);
  return out;
}

/** Seals `plain` (bytes) for `purpose` bound to `context` with a 24-byte `nonce`. */
export function sealValue(key: Buffer, purpose: Purpose, context: string, plain: Uint8Array, nonce: Buffer): string {
  const sub = hchacha20(key, nonce.subarray(0, 16));
  const iv = Buffer.concat([Buffer.alloc(4), nonce.subarray(16, 24)]);
  const c = createCipheriv("chacha20-poly1305", sub, iv, { authTagLength: 16 });
  c.setAAD(Buffer.from(purpose + "\n" + context, "utf8"), { plaintextLength: plain.length });
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([Buffer.from([SEAL_VERSION]), nonce, ct, c.getAuthTag()]).toString("base64url");
}

// ------------------------------------------------------------------ records (codec.ts)

export type Field = { i64: bigint } | { u8: number } | { str: string } | { bytes: Uint8Array } | { rawLen: number; bytes: Uint8Array };

/** Encodes fields the way RecordWriter does (big-endian i64, u32 length + bytes); rawLen lies about a length. */
export function encodeRecord(fields: Field[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of fields) {
    if ("u8" in f) parts.push(Buffer.from([f.u8 & 0xff]));
    else if ("i64" in f) { const b = Buffer.alloc(8); b.writeBigInt64BE(BigInt.asIntN(64, f.i64)); parts.push(b); }
    else if ("str" in f) { const s = Buffer.from(f.str, "latin1"); parts.push(u32(s.length), s); }
    else if ("rawLen" in f) parts.push(u32(f.rawLen), Buffer.from(f.bytes));
    else parts.push(u32(f.bytes.length), Buffer.from(f.bytes));
  }
  return Buffer.concat(parts);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

export interface SessionRecord {
  version: number; createdAt: bigint; expiresAt: bigint; refreshAt: bigint; lastSeen: bigint; idTokenExp: bigint;
  /** Byte strings (latin1): put UTF-8 in them, or bytes that are not. */
  subject: string; idToken: string; refreshToken: string; accessToken: string;
}

export function sessionFields(s: SessionRecord): Field[] {
  return [{ u8: s.version }, { i64: s.createdAt }, { i64: s.expiresAt }, { i64: s.refreshAt }, { i64: s.lastSeen }, { i64: s.idTokenExp },
    { str: s.subject }, { str: s.idToken }, { str: s.refreshToken }, { str: s.accessToken }];
}

export interface LoginRecord { version: number; state: string; nonce: string; codeVerifier: string; returnTo: string; createdAt: bigint }

export function loginFields(l: LoginRecord): Field[] {
  return [{ u8: l.version }, { str: l.state }, { str: l.nonce }, { str: l.codeVerifier }, { str: l.returnTo }, { i64: l.createdAt }];
}

/** Characters of sealed data per cookie chunk, as session.ts writes them. */
export const CHUNK_CHARS = 3800;

/** The cookies that carry one sealed session: chunk 0 is "<count>.<data>", chunks 1.. are named base_<i>. */
export function sessionChunks(base: string, sealed: string): [string, string][] {
  const n = Math.max(1, Math.ceil(sealed.length / CHUNK_CHARS));
  const out: [string, string][] = [];
  for (let i = 0; i < n; i++) {
    const part = sealed.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS);
    out.push([i === 0 ? base : `${base}_${i}`, i === 0 ? `${n}.${part}` : part]);
  }
  return out;
}

export const SESSION_COOKIE = "__Host-oidc_session";
export const LOGIN_COOKIE_PREFIX = "__Host-oidc_login_";
const keyCache = new Map<Purpose, Buffer>();

/** The fuzz world's key for `purpose` (from the configured cookie_secret). */
export function worldKey(purpose: Purpose): Buffer {
  let k = keyCache.get(purpose);
  if (k === undefined) { k = purposeKey(COOKIE_SECRET, purpose); keyCache.set(purpose, k); }
  return k;
}

/** Session cookies holding `plain` sealed as the filter would (nonce: 24 bytes from the caller). */
export function sealedSessionCookies(plain: Uint8Array, nonce: Buffer): [string, string][] {
  return sessionChunks(SESSION_COOKIE, sealValue(worldKey("session"), "session", SESSION_COOKIE, plain, nonce));
}

/** A login-state cookie for `state` holding `plain`; the name comes from the state's first 16 chars. */
export function sealedLoginCookie(state: string, plain: Uint8Array, nonce: Buffer): [string, string] {
  const name = LOGIN_COOKIE_PREFIX + state.slice(0, 16);
  return [name, sealValue(worldKey("login-state"), "login-state", name, plain, nonce)];
}
