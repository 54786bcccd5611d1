// ChaCha20 and HChaCha20 against the documents: RFC 8439 §2.3.2, §2.4.2, §2.6.2 and Appendices A.1,
// A.2, A.4; draft-irtf-cfrg-xchacha-03 §2.2.1. Hex transcribed from the RFC text.
import { CHACHA20_MAX_INPUT_BYTES, chacha20Block, chacha20Xor, hchacha20 } from "../../../assembly/core/crypto/chacha20";
import { IETF_CONTRIBUTION_TEXT, JABBERWOCKY_TEXT, KEY_1C9240A5, KEY_80_TO_9F, SUNSCREEN_TEXT, hex, toHex } from "./rfc8439";

function blockCase(key: string, counter: u32, nonce: string, expected: string): void {
  expect(toHex(chacha20Block(hex(key), counter, hex(nonce)))).toBe(expected);
}
function xorCase(key: string, counter: u32, nonce: string, plaintext: string, ciphertext: string): void {
  expect(toHex(chacha20Xor(hex(key), counter, hex(nonce), hex(plaintext)))).toBe(ciphertext);
  // The same keystream decrypts.
  expect(toHex(chacha20Xor(hex(key), counter, hex(nonce), hex(ciphertext)))).toBe(plaintext);
}
/** RFC 8439 §2.6: the one-time Poly1305 key is the first 32 bytes of block 0. */
function keygenCase(key: string, nonce: string, expected: string): void {
  expect(toHex(chacha20Block(hex(key), 0, hex(nonce))!.subarray(0, 32))).toBe(expected);
}

describe("ChaCha20 block function", () => {
  it("RFC 8439 §2.3.2 test vector", () => {
    blockCase("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 1, "000000090000004a00000000",
      "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e" +
      "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");
  });
  it("RFC 8439 A.1 test vectors #1-#5", () => {
    blockCase("0000000000000000000000000000000000000000000000000000000000000000", 0, "000000000000000000000000",
      "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7" +
      "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586");
    blockCase("0000000000000000000000000000000000000000000000000000000000000000", 1, "000000000000000000000000",
      "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed" +
      "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f");
    blockCase("0000000000000000000000000000000000000000000000000000000000000001", 1, "000000000000000000000000",
      "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a" +
      "8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0");
    blockCase("00ff000000000000000000000000000000000000000000000000000000000000", 2, "000000000000000000000000",
      "72d54dfbf12ec44b362692df94137f328fea8da73990265ec1bbbea1ae9af0ca" +
      "13b25aa26cb4a648cb9b9d1be65b2c0924a66c54d545ec1b7374f4872e99f096");
    blockCase("0000000000000000000000000000000000000000000000000000000000000000", 0, "000000000000000000000002",
      "c2c64d378cd536374ae204b9ef933fcd1a8b2288b3dfa49672ab765b54ee27c7" +
      "8a970e0e955c14f3a88e741b97c286f75f8fc299e8148362fa198a39531bed6d");
  });
});

describe("ChaCha20 encryption", () => {
  it("RFC 8439 §2.4.2 sunscreen example", () => {
    xorCase("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 1, "000000000000004a00000000",
      SUNSCREEN_TEXT,
      "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b" +
      "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8" +
      "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736" +
      "5af90bbf74a35be6b40b8eedf2785e42874d");
  });
  it("RFC 8439 A.2 test vector #1", () => {
    xorCase("0000000000000000000000000000000000000000000000000000000000000000", 0, "000000000000000000000000",
      "0000000000000000000000000000000000000000000000000000000000000000" +
      "0000000000000000000000000000000000000000000000000000000000000000",
      "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7" +
      "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586");
  });
  it("RFC 8439 A.2 test vector #2", () => {
    xorCase("0000000000000000000000000000000000000000000000000000000000000001", 1, "000000000000000000000002",
      IETF_CONTRIBUTION_TEXT,
      "a3fbf07df3fa2fde4f376ca23e82737041605d9f4f4f57bd8cff2c1d4b7955ec" +
      "2a97948bd3722915c8f3d337f7d370050e9e96d647b7c39f56e031ca5eb6250d" +
      "4042e02785ececfa4b4bb5e8ead0440e20b6e8db09d881a7c6132f420e527950" +
      "42bdfa7773d8a9051447b3291ce1411c680465552aa6c405b7764d5e87bea85a" +
      "d00f8449ed8f72d0d662ab052691ca66424bc86d2df80ea41f43abf937d3259d" +
      "c4b2d0dfb48a6c9139ddd7f76966e928e635553ba76c5c879d7b35d49eb2e62b" +
      "0871cdac638939e25e8a1e0ef9d5280fa8ca328b351c3c765989cbcf3daa8b6c" +
      "cc3aaf9f3979c92b3720fc88dc95ed84a1be059c6499b9fda236e7e818b04b0b" +
      "c39c1e876b193bfe5569753f88128cc08aaa9b63d1a16f80ef2554d7189c411f" +
      "5869ca52c5b83fa36ff216b9c1d30062bebcfd2dc5bce0911934fda79a86f6e6" +
      "98ced759c3ff9b6477338f3da4f9cd8514ea9982ccafb341b2384dd902f3d1ab" +
      "7ac61dd29c6f21ba5b862f3730e37cfdc4fd806c22f221");
  });
  it("RFC 8439 A.2 test vector #3", () => {
    xorCase(KEY_1C9240A5, 42, "000000000000000000000002",
      JABBERWOCKY_TEXT,
      "62e6347f95ed87a45ffae7426f27a1df5fb69110044c0d73118effa95b01e5cf" +
      "166d3df2d721caf9b21e5fb14c616871fd84c54f9d65b283196c7fe4f60553eb" +
      "f39c6402c42234e32a356b3e764312a61a5532055716ead6962568f87d3f3f77" +
      "04c6a8d1bcd1bf4d50d6154b6da731b187b58dfd728afa36757a797ac188d1");
  });
  it("encrypts every length from 0 to 200 as a prefix of the same keystream", () => {
    const key = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    const nonce = hex("000000000000004a00000000");
    const full = chacha20Xor(key, 1, nonce, new Uint8Array(200))!;
    for (let n = 0; n <= 200; n++) {
      expect(toHex(chacha20Xor(key, 1, nonce, new Uint8Array(n)))).toBe(toHex(full.subarray(0, n)));
    }
  });
});

describe("Poly1305 key generation with ChaCha20", () => {
  it("RFC 8439 §2.6.2 test vector", () => {
    keygenCase(KEY_80_TO_9F, "000000000001020304050607",
      "8ad5a08b905f81cc815040274ab29471a833b637e3fd0da508dbb8e2fdd1a646");
  });
  it("RFC 8439 A.4 test vectors #1-#3", () => {
    keygenCase("0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000",
      "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7");
    keygenCase("0000000000000000000000000000000000000000000000000000000000000001", "000000000000000000000002",
      "ecfa254f845f647473d3cb140da9e87606cb33066c447b87bc2666dde3fbb739");
    keygenCase(KEY_1C9240A5, "000000000000000000000002",
      "965e3bc6f9ec7ed9560808f4d229f94b137ff275ca9b3fcbdd59deaad23310ae");
  });
});

describe("HChaCha20", () => {
  it("draft-irtf-cfrg-xchacha-03 §2.2.1 test vector", () => {
    expect(toHex(hchacha20(hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), hex("000000090000004a0000000031415927")))).toBe(
      "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc",
    );
  });
  it("returns an empty subkey for a key or nonce of the wrong length", () => {
    expect(hchacha20(new Uint8Array(31), new Uint8Array(16)).length).toBe(0);
    expect(hchacha20(new Uint8Array(32), new Uint8Array(15)).length).toBe(0);
    expect(hchacha20(new Uint8Array(0), new Uint8Array(0)).length).toBe(0);
  });
});

describe("ChaCha20 input checks", () => {
  it("rejects keys and nonces of the wrong length with null", () => {
    for (let n = 0; n < 40; n++) {
      if (n != 32) expect(chacha20Xor(new Uint8Array(n), 0, new Uint8Array(12), new Uint8Array(5))).toBeNull();
      if (n != 12) expect(chacha20Xor(new Uint8Array(32), 0, new Uint8Array(n), new Uint8Array(5))).toBeNull();
      if (n != 32) expect(chacha20Block(new Uint8Array(n), 0, new Uint8Array(12))).toBeNull();
      if (n != 12) expect(chacha20Block(new Uint8Array(32), 0, new Uint8Array(n))).toBeNull();
    }
  });
  it("refuses to run the 32-bit block counter past 2^32 - 1 (RFC 8439 §2.3)", () => {
    const key = new Uint8Array(32);
    const nonce = new Uint8Array(12);
    expect(chacha20Xor(key, 0xffffffff, nonce, new Uint8Array(64))).not.toBeNull();
    expect(chacha20Xor(key, 0xffffffff, nonce, new Uint8Array(65))).toBeNull();
    expect(chacha20Xor(key, 0xfffffffe, nonce, new Uint8Array(128))).not.toBeNull();
    expect(chacha20Xor(key, 0xffffffff, nonce, new Uint8Array(0))).not.toBeNull();
  });
  it("refuses an input over CHACHA20_MAX_INPUT_BYTES rather than allocate its output", () => {
    const key = new Uint8Array(32);
    const nonce = new Uint8Array(12);
    expect(chacha20Xor(key, 0, nonce, new Uint8Array(CHACHA20_MAX_INPUT_BYTES + 1))).toBeNull();
  });
});
