// The cookie secret: raw text or base64/base64url, at least 32 bytes after decoding, and not an
// obvious placeholder. A short, empty or default secret makes the filter refuse to start
// (security.md D.33: a peer shipped a hard-coded fallback).

import { base64AnyDecode } from "../encoding/base64";
import { utf8Encode } from "../encoding/utf8";

/** 256 bits: the XChaCha20-Poly1305 key size, so HKDF never stretches a weaker secret. */
export const MIN_SECRET_BYTES: i32 = 32;
/** A random secret of 32 bytes has far more distinct byte values than this. */
const MIN_DISTINCT_BYTES: i32 = 8;

export class SecretResult {
  constructor(public bytes: Uint8Array | null, public error: string) {}
}

function distinctBytes(b: Uint8Array): i32 {
  const seen = new StaticArray<bool>(256);
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    const v = unchecked(b[i]) as i32;
    if (!unchecked(seen[v])) { unchecked((seen[v] = true)); n++; }
  }
  return n;
}

export function decodeCookieSecret(text: string): SecretResult {
  if (text.length == 0) return new SecretResult(null, "is empty");
  const lower = text.toLowerCase();
  if (lower.includes("changeme") || lower.includes("change-me") || lower.includes("replace") || lower.includes("example")) {
    return new SecretResult(null, "looks like a placeholder; generate one with `openssl rand -base64 32`");
  }
  let bytes: Uint8Array | null = base64AnyDecode(text);
  if (bytes === null || bytes.length < MIN_SECRET_BYTES) bytes = utf8Encode(text);
  if (bytes.length < MIN_SECRET_BYTES) {
    return new SecretResult(null, "must carry at least " + MIN_SECRET_BYTES.toString() + " bytes (raw or base64)");
  }
  if (distinctBytes(bytes) < MIN_DISTINCT_BYTES) {
    return new SecretResult(null, "has too little variety to be random; generate one with `openssl rand -base64 32`");
  }
  return new SecretResult(bytes, "");
}
