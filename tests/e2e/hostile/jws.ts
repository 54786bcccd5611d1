// Hand-assembled JWS for the cases jose will not produce: alg none, HMAC keyed with a public key,
// forged ECDSA signatures, raw payload text (duplicate members, 1e400).
import { createSign, createHmac, sign as cryptoSign } from "node:crypto";
import type { Key } from "./idp.ts";

const b64u = (b: Buffer | string) => Buffer.from(b).toString("base64url");

export function signingInput(header: Record<string, unknown>, payload: Record<string, unknown> | string): string {
  return `${b64u(JSON.stringify(header))}.${b64u(typeof payload === "string" ? payload : JSON.stringify(payload))}`;
}

/** RS256/RS384/RS512 with `key`, over any header and payload text. */
export function rsSigned(key: Key, header: Record<string, unknown>, payload: Record<string, unknown> | string, hash = "SHA256"): string {
  const input = signingInput(header, payload);
  return `${input}.${b64u(createSign(`RSA-${hash}`).update(input).sign(key.privateKey))}`;
}

/** ES256 over any header and payload, IEEE P1363 (r‖s) as JOSE wants, or DER when asked. */
export function esSigned(key: Key, header: Record<string, unknown>, payload: Record<string, unknown>, der = false): string {
  const input = signingInput(header, payload);
  const sig = cryptoSign("sha256", Buffer.from(input), { key: key.privateKey, dsaEncoding: der ? "der" : "ieee-p1363" });
  return `${input}.${b64u(sig)}`;
}

export function unsigned(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  return `${signingInput(header, payload)}.`;
}

/** HS256 keyed with the bytes of the IdP's public key (the classic alg-confusion attack, RFC 8725 §2.1). */
export function hmacWithPublicKey(publicPem: string, header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const input = signingInput(header, payload);
  return `${input}.${b64u(createHmac("sha256", publicPem).update(input).digest())}`;
}

export function withSignature(token: string, sig: Buffer): string {
  return `${token.slice(0, token.lastIndexOf("."))}.${b64u(sig)}`;
}
