// Test-only module: the cookie AEAD and its parts, exported for the differential test
// (tests/host/crypto/aead.test.ts) and the benchmark (bench/crypto/aead.ts). Compiled by
// `npm run build -- testing` with -O3, i.e. the code Envoy runs, not a debug build.
import * as aead from "../core/crypto/aead";
import * as chacha from "../core/crypto/chacha20";
import * as poly from "../core/crypto/poly1305";

export function chacha20Poly1305Seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array | null {
  return aead.chacha20Poly1305Seal(key, nonce, plaintext, aad);
}
export function chacha20Poly1305Open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
  return aead.chacha20Poly1305Open(key, nonce, sealed, aad);
}
export function xchacha20Poly1305Seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array | null {
  return aead.xchacha20Poly1305Seal(key, nonce, plaintext, aad);
}
export function xchacha20Poly1305Open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
  return aead.xchacha20Poly1305Open(key, nonce, sealed, aad);
}
export function hchacha20(key: Uint8Array, nonce: Uint8Array): Uint8Array {
  return aead.hchacha20(key, nonce);
}
export function chacha20Xor(key: Uint8Array, counter: u32, nonce: Uint8Array, input: Uint8Array): Uint8Array | null {
  return chacha.chacha20Xor(key, counter, nonce, input);
}
export function poly1305Mac(key: Uint8Array, message: Uint8Array): Uint8Array | null {
  return poly.poly1305Mac(key, message);
}

/**
 * Seals `rounds` times in one call and returns the last tag's first byte, so the benchmark can time the
 * AEAD itself without the JS↔Wasm copy of every argument.
 */
export function xchachaSealRepeated(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, rounds: i32): i32 {
  let last: i32 = 0;
  for (let i = 0; i < rounds; i++) {
    const sealed = aead.xchacha20Poly1305Seal(key, nonce, plaintext, aad);
    if (sealed !== null && sealed.length > 0) last = sealed[sealed.length - 1];
  }
  return last;
}

