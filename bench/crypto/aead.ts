// Cookie AEAD timings: our XChaCha20-Poly1305 (build/testing/aead.wasm, -O3) beside node:crypto's
// chacha20-poly1305 (OpenSSL, usually SIMD assembly) for the same 2 KB message. Node has no XChaCha, so
// its side skips the one HChaCha20 call (≈ one ChaCha block) ours pays; the case names say so.
// "via bindings" cases include the JS↔Wasm copy of every argument and result, as the other benches do;
// the "in Wasm" case loops inside the module, which is closer to what the filter pays in Envoy.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { BenchCase } from "../../scripts/bench-crypto.ts";

const SIZE = 2048;
const INNER = 100;

export async function cases(): Promise<BenchCase[]> {
  const wasm = await import("../../build/testing/aead.js");
  const key = randomBytes(32);
  const nonce24 = randomBytes(24);
  const nonce12 = randomBytes(12);
  const aad = Buffer.from("__Host-oidc-session");
  const plaintext = randomBytes(SIZE);

  const ourSealed = wasm.xchacha20Poly1305Seal(key, nonce24, plaintext, aad)!;
  const nodeSeal = (): Buffer => {
    const c = createCipheriv("chacha20-poly1305", key, nonce12, { authTagLength: 16 });
    c.setAAD(aad, { plaintextLength: plaintext.length });
    return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
  };
  const nodeSealed = nodeSeal();
  const nodeOpen = (): Buffer => {
    const d = createDecipheriv("chacha20-poly1305", key, nonce12, { authTagLength: 16 });
    d.setAAD(aad, { plaintextLength: SIZE });
    d.setAuthTag(nodeSealed.subarray(SIZE));
    return Buffer.concat([d.update(nodeSealed.subarray(0, SIZE)), d.final()]);
  };
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new Error(`bench/crypto/aead.ts: ${what}`);
  };
  check(ourSealed.length === SIZE + 16, "our seal has the wrong length");
  check(Buffer.from(wasm.xchacha20Poly1305Open(key, nonce24, ourSealed, aad)!).equals(plaintext), "our open does not round-trip");
  check(nodeOpen().equals(plaintext), "node open does not round-trip");

  return [
    {
      name: "AEAD seal 2 KB (ours XChaCha20-Poly1305 via bindings vs node chacha20-poly1305)",
      ours: () => void wasm.xchacha20Poly1305Seal(key, nonce24, plaintext, aad),
      node: () => void nodeSeal(),
    },
    {
      name: "AEAD open 2 KB (ours XChaCha20-Poly1305 via bindings vs node chacha20-poly1305)",
      ours: () => void wasm.xchacha20Poly1305Open(key, nonce24, ourSealed, aad),
      node: () => void nodeOpen(),
    },
    {
      name: `AEAD seal 2 KB ×${INNER} (ours XChaCha20-Poly1305 looping in Wasm vs node chacha20-poly1305)`,
      ours: () => void wasm.xchachaSealRepeated(key, nonce24, plaintext, aad, INNER),
      node: () => {
        for (let i = 0; i < INNER; i++) nodeSeal();
      },
    },
  ];
}
