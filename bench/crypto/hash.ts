// Hash benchmarks: the built module (build/testing/hash.wasm, -O3) beside node:crypto (OpenSSL, which
// uses the CPU's SHA extensions where present). "ours" includes the JS↔wasm copies of the bindings,
// as any host call would; the "in-wasm" row hashes 100 times inside the module to show the kernel
// alone.
import { createHash, createHmac } from "node:crypto";
import type { BenchCase } from "../../scripts/bench-crypto.ts";

export async function cases(): Promise<BenchCase[]> {
  const wasm = await import("../../build/testing/hash.js");
  const msg2k = new Uint8Array(2048).map((_, i) => (i * 131 + 7) & 0xff);
  const msg64 = msg2k.subarray(0, 64);
  const key = new Uint8Array(32).map((_, i) => i);
  return [
    { name: "SHA-256 of 2 KB", ours: () => wasm.sha256(msg2k), node: () => createHash("sha256").update(msg2k).digest() },
    {
      name: "SHA-256 of 2 KB (in-wasm, ×100)",
      ours: () => wasm.sha256Repeat(msg2k, 100),
      node: () => {
        for (let i = 0; i < 100; i++) createHash("sha256").update(msg2k).digest();
      },
    },
    { name: "SHA-256 of 64 B", ours: () => wasm.sha256(msg64), node: () => createHash("sha256").update(msg64).digest() },
    { name: "SHA-384 of 2 KB", ours: () => wasm.sha384(msg2k), node: () => createHash("sha384").update(msg2k).digest() },
    { name: "SHA-512 of 2 KB", ours: () => wasm.sha512(msg2k), node: () => createHash("sha512").update(msg2k).digest() },
    { name: "HMAC-SHA256 of 2 KB", ours: () => wasm.hmac(0, key, msg2k), node: () => createHmac("sha256", key).update(msg2k).digest() },
    { name: "HMAC-SHA512 of 2 KB", ours: () => wasm.hmac(2, key, msg2k), node: () => createHmac("sha512", key).update(msg2k).digest() },
    {
      // Bytes in, as a JWS segment arrives: a string argument would time the bindings' string copy.
      name: "base64url decode of 4 KB",
      ours: () => wasm.base64UrlDecodeBytes(b64Bytes, 0, b64Bytes.length),
      node: () => Buffer.from(b64, "base64url"),
    },
  ];
}

const b64 = Buffer.from(new Uint8Array(3072).map((_, i) => (i * 97) & 0xff)).toString("base64url");
const b64Bytes = Buffer.from(b64, "latin1");
