// The AEADs against the documents — RFC 8439 §2.8.2 and Appendix A.5, draft-irtf-cfrg-xchacha-03
// Appendix A.3.1 — and the ways an opener must fail: a wrong tag, key, nonce or AAD, a truncated input,
// lengths nobody should pass. Hex transcribed from the RFC and draft texts.
import {
  AEAD_TAG_BYTES,
  XCHACHA_KEY_BYTES,
  XCHACHA_NONCE_BYTES,
  chacha20Poly1305Open,
  chacha20Poly1305Seal,
  xchacha20Poly1305Open,
  xchacha20Poly1305Seal,
} from "../../../assembly/core/crypto/aead";
import { chacha20Block, hchacha20 } from "../../../assembly/core/crypto/chacha20";
import { KEY_1C9240A5, KEY_80_TO_9F, SUNSCREEN_TEXT, hex, toHex } from "./rfc8439";

function pattern(n: i32, seed: i32): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = <u8>(i * 13 + seed * 101 + 5);
  return b;
}
function flip(b: Uint8Array, bit: i32): Uint8Array {
  const c = b.slice(0);
  c[bit >> 3] = c[bit >> 3] ^ <u8>(<i32>1 << (bit & 7));
  return c;
}

type Open = (key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array) => Uint8Array | null;

/** Flipping any one bit of the sealed value (ciphertext and tag), key, nonce or AAD must make open fail. */
function expectEveryBitFlipRefused(open: Open, key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): void {
  for (let bit = 0; bit < sealed.length * 8; bit++) expect(open(key, nonce, flip(sealed, bit), aad)).toBeNull();
  for (let bit = 0; bit < key.length * 8; bit++) expect(open(flip(key, bit), nonce, sealed, aad)).toBeNull();
  for (let bit = 0; bit < nonce.length * 8; bit++) expect(open(key, flip(nonce, bit), sealed, aad)).toBeNull();
  for (let bit = 0; bit < aad.length * 8; bit++) expect(open(key, nonce, sealed, flip(aad, bit))).toBeNull();
}

// RFC 8439 §2.8.2: the sunscreen text under the key 80..9f; the nonce is sender id 7 as the 32-bit
// fixed-common part, then the 64-bit IV.
const RFC_AAD = "50515253c0c1c2c3c4c5c6c7";
const RFC_NONCE = "070000004041424344454647";
const RFC_CIPHERTEXT = "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6" +
  "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36" +
  "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc" +
  "3ff4def08e4b7a9de576d26586cec64b6116";
const RFC_TAG = "1ae10b594f09e26a7e902ecbd0600691";

// draft-irtf-cfrg-xchacha-03 Appendix A.3.1: the same plaintext, AAD and key under a 192-bit nonce.
const X_NONCE = "404142434445464748494a4b4c4d4e4f5051525354555657";
const X_POLY_KEY = "7b191f80f361f099094f6f4b8fb97df847cc6873a8f2b190dd73807183f907d5";
const X_CIPHERTEXT = "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb" +
  "731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452" +
  "2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9" +
  "21f9664c97637da9768812f615c68b13b52e";
const X_TAG = "c0875924c1c7987947deafd8780acf49";

describe("AEAD_CHACHA20_POLY1305", () => {
  it("seals the RFC 8439 §2.8.2 example to its ciphertext and tag", () => {
    const sealed = chacha20Poly1305Seal(hex(KEY_80_TO_9F), hex(RFC_NONCE), hex(SUNSCREEN_TEXT), hex(RFC_AAD));
    expect(toHex(sealed)).toBe(RFC_CIPHERTEXT + RFC_TAG);
  });
  it("derives the RFC 8439 §2.8.2 one-time Poly1305 key", () => {
    expect(toHex(chacha20Block(hex(KEY_80_TO_9F), 0, hex(RFC_NONCE))!.subarray(0, 32))).toBe("7bac2b252db447af09b67a55a4e955840ae1d6731075d9eb2a9375783ed553ff");
  });
  it("opens the RFC 8439 §2.8.2 example", () => {
    const opened = chacha20Poly1305Open(hex(KEY_80_TO_9F), hex(RFC_NONCE), hex(RFC_CIPHERTEXT + RFC_TAG), hex(RFC_AAD));
    expect(toHex(opened)).toBe(SUNSCREEN_TEXT);
  });
  it("opens the RFC 8439 A.5 message", () => {
    const key = hex(KEY_1C9240A5);
    const sealed = hex(
      "64a0861575861af460f062c79be643bd5e805cfd345cf389f108670ac76c8cb2" +
      "4c6cfc18755d43eea09ee94e382d26b0bdb7b73c321b0100d4f03b7f355894cf" +
      "332f830e710b97ce98c8a84abd0b948114ad176e008d33bd60f982b1ff37c855" +
      "9797a06ef4f0ef61c186324e2b3506383606907b6a7c02b0f9f6157b53c867e4" +
      "b9166c767b804d46a59b5216cde7a4e99040c5a40433225ee282a1b0a06c523e" +
      "af4534d7f83fa1155b0047718cbc546a0d072b04b3564eea1b422273f548271a" +
      "0bb2316053fa76991955ebd63159434ecebb4e466dae5a1073a6727627097a10" +
      "49e617d91d361094fa68f0ff77987130305beaba2eda04df997b714d6c6f2c29" +
      "a6ad5cb4022b02709b" +
      "eead9d67890cbb22392336fea1851f38",
    );
    const opened = chacha20Poly1305Open(key, hex("000000000102030405060708"), sealed, hex("f33388860000000000004e91"));
    expect(toHex(opened)).toBe(
      "496e7465726e65742d4472616674732061726520647261667420646f63756d65" +
      "6e74732076616c696420666f722061206d6178696d756d206f6620736978206d" +
      "6f6e74687320616e64206d617920626520757064617465642c207265706c6163" +
      "65642c206f72206f62736f6c65746564206279206f7468657220646f63756d65" +
      "6e747320617420616e792074696d652e20497420697320696e617070726f7072" +
      "6961746520746f2075736520496e7465726e65742d4472616674732061732072" +
      "65666572656e6365206d6174657269616c206f7220746f206369746520746865" +
      "6d206f74686572207468616e206173202fe2809c776f726b20696e2070726f67" +
      "726573732e2fe2809d",
    );
  });
  it("rejects every single-bit flip of ciphertext, tag, key, nonce and AAD", () => {
    const sealed = hex(RFC_CIPHERTEXT + RFC_TAG);
    expectEveryBitFlipRefused(chacha20Poly1305Open, hex(KEY_80_TO_9F), hex(RFC_NONCE), sealed, hex(RFC_AAD));
  });
  it("rejects wrong key and nonce lengths with null on seal and open", () => {
    const good = chacha20Poly1305Seal(new Uint8Array(32), new Uint8Array(12), new Uint8Array(3), new Uint8Array(0))!;
    for (let n = 0; n < 40; n++) {
      if (n != 32) {
        expect(chacha20Poly1305Seal(new Uint8Array(n), new Uint8Array(12), new Uint8Array(3), new Uint8Array(0))).toBeNull();
        expect(chacha20Poly1305Open(new Uint8Array(n), new Uint8Array(12), good, new Uint8Array(0))).toBeNull();
      }
      if (n != 12) {
        expect(chacha20Poly1305Seal(new Uint8Array(32), new Uint8Array(n), new Uint8Array(3), new Uint8Array(0))).toBeNull();
        expect(chacha20Poly1305Open(new Uint8Array(32), new Uint8Array(n), good, new Uint8Array(0))).toBeNull();
      }
    }
  });
});

describe("AEAD_XChaCha20_Poly1305", () => {
  it("declares the draft's key, nonce and tag sizes", () => {
    expect(XCHACHA_KEY_BYTES).toBe(32);
    expect(XCHACHA_NONCE_BYTES).toBe(24);
    expect(AEAD_TAG_BYTES).toBe(16);
  });
  it("seals the draft-irtf-cfrg-xchacha-03 A.3.1 example to its ciphertext and tag", () => {
    const sealed = xchacha20Poly1305Seal(hex(KEY_80_TO_9F), hex(X_NONCE), hex(SUNSCREEN_TEXT), hex(RFC_AAD));
    expect(toHex(sealed)).toBe(X_CIPHERTEXT + X_TAG);
  });
  it("derives the A.3.1 one-time Poly1305 key from the HChaCha20 subkey and 0^32 ‖ nonce[16..24]", () => {
    const subkey = hchacha20(hex(KEY_80_TO_9F), hex(X_NONCE.slice(0, 32)));
    const block = chacha20Block(subkey, 0, hex("00000000" + X_NONCE.slice(32)));
    expect(toHex(block!.subarray(0, 32))).toBe(X_POLY_KEY);
  });
  it("opens the A.3.1 example", () => {
    const opened = xchacha20Poly1305Open(hex(KEY_80_TO_9F), hex(X_NONCE), hex(X_CIPHERTEXT + X_TAG), hex(RFC_AAD));
    expect(toHex(opened)).toBe(SUNSCREEN_TEXT);
  });
  it("rejects every single-bit flip of ciphertext, tag, key, nonce and AAD", () => {
    const sealed = hex(X_CIPHERTEXT + X_TAG);
    expectEveryBitFlipRefused(xchacha20Poly1305Open, hex(KEY_80_TO_9F), hex(X_NONCE), sealed, hex(RFC_AAD));
  });
  it("round-trips every plaintext length from 0 to 300 and AAD length from 0 to 40", () => {
    const key = pattern(32, 1), nonce = pattern(24, 2);
    for (let n = 0; n <= 300; n++) {
      const aad = pattern(n % 41, 3);
      const plaintext = pattern(n, 4);
      const sealed = xchacha20Poly1305Seal(key, nonce, plaintext, aad)!;
      expect(sealed.length).toBe(n + AEAD_TAG_BYTES);
      expect(toHex(xchacha20Poly1305Open(key, nonce, sealed, aad))).toBe(toHex(plaintext));
    }
  });
  it("answers null, never traps, for inputs shorter than a tag or of odd sizes", () => {
    const key = pattern(32, 1), nonce = pattern(24, 2);
    for (let n = 0; n < 70; n++) {
      expect(xchacha20Poly1305Open(key, nonce, pattern(n, 5), new Uint8Array(0))).toBeNull();
      expect(chacha20Poly1305Open(key, nonce.subarray(0, 12), pattern(n, 5), pattern(n, 6))).toBeNull();
    }
    for (let n = 0; n < 40; n++) {
      if (n != 32) {
        expect(xchacha20Poly1305Seal(new Uint8Array(n), nonce, new Uint8Array(3), new Uint8Array(0))).toBeNull();
        expect(xchacha20Poly1305Open(new Uint8Array(n), nonce, pattern(20, 7), new Uint8Array(0))).toBeNull();
      }
      if (n != 24) {
        expect(xchacha20Poly1305Seal(key, new Uint8Array(n), new Uint8Array(3), new Uint8Array(0))).toBeNull();
        expect(xchacha20Poly1305Open(key, new Uint8Array(n), pattern(20, 7), new Uint8Array(0))).toBeNull();
      }
    }
  });
  it("opens a sealed value that sits at an odd offset inside a larger buffer", () => {
    const key = pattern(32, 1), nonce = pattern(24, 2), aad = pattern(7, 3), plaintext = pattern(77, 4);
    const sealed = xchacha20Poly1305Seal(key, nonce, plaintext, aad)!;
    const buffer = new Uint8Array(sealed.length + 6);
    buffer.set(sealed, 3);
    const view = buffer.subarray(3, 3 + sealed.length);
    expect(toHex(xchacha20Poly1305Open(key, nonce.subarray(0), view, aad))).toBe(toHex(plaintext));
  });
});
