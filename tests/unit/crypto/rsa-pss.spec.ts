// RSASSA-PSS verification (RFC 8017 §8.1.2, EMSA-PSS-VERIFY §9.1.2, MGF1 §B.2.1): known answers from
// node:crypto (OpenSSL) for SHA-256/384/512 with salt = hash length (JOSE PS*, RFC 7518 §3.5), a
// 2049-bit key where the encoded message is one byte shorter than the modulus, each step of
// EMSA-PSS-VERIFY failing on a real encoded message, and malformed inputs returning false.
import { rsaVerifyPss, emsaPssVerify, HashAlg } from "../../../assembly/core/crypto/rsa";
import { MSG, N_2048, PSS_A_SHA256, SIG_A_SHA256 as PKCS1_A_SHA256, h, keyA, keyB } from "./rsa-fixtures";

// node:crypto.sign with RSA_PKCS1_PSS_PADDING, MGF1 with the same hash, salt = hash length;
// PSS_A_SHA256 is in rsa-fixtures.ts.
const PSS_A_SHA384 =
  "12eaa6d6156ddb37b60071e01dd4da488d41b70a349833f0285a220f59c933841003f2471b37ca9e4312636d779928b1e0fba249d21cd32bff68f287f7e145fb" +
  "38e21e2e850f99fd2dfa13b291b9c6a829a263f71cf5db2de74a4977499defaa94a6db9d42460e5ae7fbaac80db5f229616a7d751677647d27c4a089779bb4f9" +
  "e59838ce1a9dd24d3197a1a0ba8037f69885666ea0effcb5e71c35974c0bc1e9f177c1beb3c81e940a206a4a4486e2f00571df75cdc729223b3cc9524ce1abd5" +
  "d8095fbe4af905b4e109a62bfffa955cbf85a2254c68e6500aa8996391913e97492c8f7f5ebd26f18f175fc9239fb9faac62dd8dee816ff1329d2f120ca73749";

const PSS_A_SHA512 =
  "3db8bd6c114d02cf42d297c9c98d6ccd22258735d7b925216659e567e92cfc6ccbdc87d5cc075ee27b020dd9afc5112e29de2fe6565ed647878a585551a344f5" +
  "f7c9cc2bb1a807ea05f21d60660a6655beb31abda555c5315b50588d355d129b13367f706f393324c76defff36069c2383b18123555abf8d88bb602a597b8a19" +
  "41eaa5fd730a3fe5a7abb79430e7b9c6fd42af3d2d2209cf701711778ce39ba542e78fc4f03f75317b7d34e92db5508e86db59207a2dcb0e9b2d8e51a4db1c69" +
  "72f9f9797fe347b5348122aa69c0d0bdb145747f592b943361a08b483cb0f3bafcd40647220310efc2ef3740bf2cf01a0bba4b1697ca721b1dbb0191d08e6d53";

const PSS_B_SHA256 =
  "00309e3e7ac3de334a73db56d649cc41bbd268fbf631d590e961b6091c9ccdc5d9f24de5b5a806357f803f8989ca93a262a0b5bfbacedf0499a9c14916db775b" +
  "0105d6fafa6a226aea5b4282a81137df4002c5cdf59ddfd5a2400f4f2f1b6ebaf247b526e3a6fc8f103deb89a42d705e93f7c3ceca632d4bda1f54f8eb040a32" +
  "26495794601333eba73bbd22730b8081da6b1c6fae9af49a37e0b92c973630108a71e30c00cd2c86b4e91c75d4c0a39acd0f12902be82f091a8d9bfffc8eaa68" +
  "911e7717fb8b38490977b90211b2df39bd7c3793ecab3a289dd63746e3a3a104a3f93d04c1a2832d55b6c2ec8b0defd3cc6b76b76627002b606aab856a4d8b1a" +
  "02";

const PSS_B_SHA384 =
  "007f4bfb483e0ab16ca4c63a36fc365401cb97653439339ecce077a35bf2247e3d138b7388702e1d2ad0d555031ef155c0f3cc980ce00c328cae828b9440f443" +
  "40508808fec45ff5c49993d49c6ee1961ee3a96c208d58d46645c28a06cfb5e8ad4f018bc40e9c617e8f1497a515bd26f7688b9a72bb10519a08fea43c212538" +
  "6dc58768509bb34c10aec97e361764e38afefc24c4317042819edea9f839c91aba2bc5156c3145b6b4a08c77e6aec061ec2e6743c88549543c10deed0a33bb85" +
  "c9551a8b3ce13625961999318c84f99315b0ec6a66381c5405de9531af63948fca22efe0f3b5f0dbddb2169d71a7f26fc6ba66b721e12407f388d31b333286f9" +
  "1e";

const PSS_B_SHA512 =
  "013d42188d5774eca41056ce4338d033a3ca08cf17efa56b89bb45df38c534ec12ce3fb44e60b4bc0e36644a66d8756e2965b22a6867f0a10405182dec204f10" +
  "00695e1bf55b5741f301344c5edfe5296426c3c937f81bf1f4e420ada7cda895809a9f1128d724aa43f241a64a2c6ce893a0571c8851bc9ea223a200ce3b3d27" +
  "0fe27f38c6be8e9d43b4ae2c661f067dd133e45df98ee1670ab020d85994b80b4a56b28ddde138bcd3fca6f089674f1b7e7dc636e4f0347fcddd5d7b0b09aa7b" +
  "4991d527e6f8cde9ac5d5a7c89dfa011649818a10e6ba920d81732169f2234be2ea2a636af2d61afa6641b67e02c9a579e5a7d90d01d7c8eb7a150ae28a87128" +
  "3d";

// SHA-256 with salt lengths 0 and 20.
const PSS_A_SHA256_SALT0 =
  "8bcfd2689fa7837b0329754b05a46edf24388935124bfeb7862aade6ac03c260585c7703ac4648738fe6d05eadec2bd518faccf6e4f2fe1896a9529583cfa796" +
  "551c74f7a8ccd3a50837f44fd6a0cb6e6c835383a1e39cf12d0bd54a786d8c8b0434eed1b34998d8c1166ca6e5e3ed4267991a2ca1994d4b0eb55f2cbfabb1ae" +
  "450ce146453f898e0cc4adf303011775d9c16e3854bfae8d57c48db9aa2ee21fd5781e7b84ce56d2944817b4188cc30166bc5d9d362b1f6d215433ec9413a227" +
  "387c77f08e3b7b475921120e595927000a05a4db4998b8e60a897c1b9782cdc1c4d1a553405ce4841a362c8c2df341e2e58109e90a423e135879fe877de3a377";

const PSS_A_SHA256_SALT20 =
  "58066ab804620b72ce931434b1d641962980ab60763218b3247d620120d44db4c968de2da601aae3612853e45d670fcd2f93b3201f1cc7585fe13dbd73d3ec7a" +
  "b5cdc9713792f38bfe2569bb8925b755c870f06e8053d63af2e1ba65b27f0457609b3330d980a77e125ef938344216475963e32d99134773b7977743b8973e23" +
  "ddf96ce047ddef62ea1e582d5afae037733c0314a9efec6ba2f3e00b51b86767f5162e779bf62b228d300d784142f0f47771483afffb01bfdffeaa3b298ab645" +
  "fef8ae6e55c9f21116a3ed99cdfb71a5b2e74e25ca9092add808b3887e60e1012cf0c8e4ff6deb8bb313594595d971cfdcf0eb87368f04da357a65296d2f4e5c";

// The encoded message inside PSS_A_SHA256 (s^e mod n), and SHA-256(MSG).
const EM_A_SHA256 =
  "1029bf503634b1a524e5a12ba087e04a00f6e1ea095d8966c951e77b1689314ab41d9def427597449b3c93d8f3634c6a4d4a7c3ec5a5a405aa3c65fae593b332" +
  "b1ac26dfabef3ffc53ef866190c6b2c39114a4ea2dfed6147a3f2bce95b78894d17c9aa11a2e0bfb9f9fa7f3d717eaa050d04d372700a73b136f81a19ce04e66" +
  "8e9bf83e3d75dbec9aa76807d00c224a0fb401849de56dedafd645626a6f39db9392765bfcba05f1accd5d281abe02cfd1a377725bb03e157738f025582d10e6" +
  "256e5cf48fbfc7c42d5a583c2179223ebe9a7368982e872a4bc5facd50b45633beff190186f7da9eca3c9efee4109d38f100c38258f121235ca38de5296e66bc";

const MHASH_SHA256 =
  "7799fdad7107eb0a405e06cd9bbd28a608fab5c5f29b153875aef36de7699104";

describe("EMSA-PSS-VERIFY", () => {
  it("accepts the encoded message of a node:crypto signature", () => {
    expect(emsaPssVerify(HashAlg.SHA256, h(MHASH_SHA256), h(EM_A_SHA256), 2047, 32)).toBe(true);
  });

  it("needs the exact salt length", () => {
    expect(emsaPssVerify(HashAlg.SHA256, h(MHASH_SHA256), h(EM_A_SHA256), 2047, 31)).toBe(false);
    expect(emsaPssVerify(HashAlg.SHA256, h(MHASH_SHA256), h(EM_A_SHA256), 2047, 33)).toBe(false);
    expect(emsaPssVerify(HashAlg.SHA256, h(MHASH_SHA256), h(EM_A_SHA256), 2047, 0)).toBe(false);
    expect(emsaPssVerify(HashAlg.SHA256, h(MHASH_SHA256), h(EM_A_SHA256), 2047, -1)).toBe(false);
    expect(emsaPssVerify(HashAlg.SHA256, h(MHASH_SHA256), h(EM_A_SHA256), 2047, i32.MAX_VALUE)).toBe(false);
    expect(emsaPssVerify(HashAlg.SHA256, h(MHASH_SHA256), h(EM_A_SHA256), 2047, 256 - 32 - 2)).toBe(false);
  });

  it("rejects a wrong trailer byte (step 4)", () => {
    const em = h(EM_A_SHA256);
    em[255] = 0xbd;
    expect(emsaPssVerify(HashAlg.SHA256, h(MHASH_SHA256), em, 2047, 32)).toBe(false);
  });

  it("rejects a set bit above emBits (step 6)", () => {
    const em = h(EM_A_SHA256);
    em[0] |= 0x80;
    expect(emsaPssVerify(HashAlg.SHA256, h(MHASH_SHA256), em, 2047, 32)).toBe(false);
  });

  it("rejects a changed H, masked DB, salt or message hash (steps 10 and 14)", () => {
    const positions: i32[] = [0, 1, 100, 200, 223, 224, 240, 254];
    for (let i = 0; i < positions.length; i++) {
      const em = h(EM_A_SHA256);
      em[positions[i]] ^= 0x01;
      expect(emsaPssVerify(HashAlg.SHA256, h(MHASH_SHA256), em, 2047, 32)).toBe(false);
    }
    const mHash = h(MHASH_SHA256);
    mHash[31] ^= 0x80;
    expect(emsaPssVerify(HashAlg.SHA256, mHash, h(EM_A_SHA256), 2047, 32)).toBe(false);
  });

  it("rejects inconsistent lengths without trapping", () => {
    const em = h(EM_A_SHA256);
    expect(emsaPssVerify(HashAlg.SHA256, h(MHASH_SHA256), em, 2049, 32)).toBe(false);
    expect(emsaPssVerify(HashAlg.SHA256, h(MHASH_SHA256), em, 0, 32)).toBe(false);
    expect(emsaPssVerify(HashAlg.SHA256, h(MHASH_SHA256), em, i32.MAX_VALUE, 32)).toBe(false);
    expect(emsaPssVerify(HashAlg.SHA256, h(MHASH_SHA256), em, -8, 32)).toBe(false);
    expect(emsaPssVerify(HashAlg.SHA256, h(MHASH_SHA256), new Uint8Array(0), 0, 0)).toBe(false);
    expect(emsaPssVerify(HashAlg.SHA256, h(MHASH_SHA256), em.subarray(0, 33), 264, 0)).toBe(false);
    expect(emsaPssVerify(HashAlg.SHA256, new Uint8Array(0), em, 2047, 32)).toBe(false);
    expect(emsaPssVerify(HashAlg.SHA512, h(MHASH_SHA256), em, 2047, 32)).toBe(false);
  });
});

describe("rsaVerifyPss", () => {
  it("accepts node:crypto PS256, PS384 and PS512 signatures", () => {
    expect(rsaVerifyPss(keyA(), HashAlg.SHA256, h(MSG), h(PSS_A_SHA256), 32)).toBe(true);
    expect(rsaVerifyPss(keyA(), HashAlg.SHA384, h(MSG), h(PSS_A_SHA384), 48)).toBe(true);
    expect(rsaVerifyPss(keyA(), HashAlg.SHA512, h(MSG), h(PSS_A_SHA512), 64)).toBe(true);
  });

  it("accepts signatures under a 2049-bit key, whose encoded message is one byte shorter", () => {
    expect(rsaVerifyPss(keyB(), HashAlg.SHA256, h(MSG), h(PSS_B_SHA256), 32)).toBe(true);
    expect(rsaVerifyPss(keyB(), HashAlg.SHA384, h(MSG), h(PSS_B_SHA384), 48)).toBe(true);
    expect(rsaVerifyPss(keyB(), HashAlg.SHA512, h(MSG), h(PSS_B_SHA512), 64)).toBe(true);
  });

  it("honours other salt lengths exactly", () => {
    expect(rsaVerifyPss(keyA(), HashAlg.SHA256, h(MSG), h(PSS_A_SHA256_SALT0), 0)).toBe(true);
    expect(rsaVerifyPss(keyA(), HashAlg.SHA256, h(MSG), h(PSS_A_SHA256_SALT0), 32)).toBe(false);
    expect(rsaVerifyPss(keyA(), HashAlg.SHA256, h(MSG), h(PSS_A_SHA256_SALT20), 20)).toBe(true);
    expect(rsaVerifyPss(keyA(), HashAlg.SHA256, h(MSG), h(PSS_A_SHA256_SALT20), 32)).toBe(false);
    expect(rsaVerifyPss(keyA(), HashAlg.SHA256, h(MSG), h(PSS_A_SHA256), 20)).toBe(false);
  });

  it("refuses a negative or absurd salt length", () => {
    expect(rsaVerifyPss(keyA(), HashAlg.SHA256, h(MSG), h(PSS_A_SHA256), -1)).toBe(false);
    expect(rsaVerifyPss(keyA(), HashAlg.SHA256, h(MSG), h(PSS_A_SHA256), i32.MIN_VALUE)).toBe(false);
    expect(rsaVerifyPss(keyA(), HashAlg.SHA256, h(MSG), h(PSS_A_SHA256), 100000)).toBe(false);
  });

  it("rejects the wrong hash, another message and a PKCS #1 v1.5 signature", () => {
    expect(rsaVerifyPss(keyA(), HashAlg.SHA384, h(MSG), h(PSS_A_SHA256), 32)).toBe(false);
    const other = h(MSG);
    other[other.length - 1] ^= 0x40;
    expect(rsaVerifyPss(keyA(), HashAlg.SHA256, other, h(PSS_A_SHA256), 32)).toBe(false);
    expect(rsaVerifyPss(keyA(), HashAlg.SHA256, h(MSG), h(PKCS1_A_SHA256), 32)).toBe(false);
  });

  it("rejects a signature whose value leaves a non-zero byte above emLen (2049-bit key)", () => {
    const sig = new Uint8Array(257);
    sig.fill(0x01); // below n; s^e mod n is spread over all 257 bytes
    expect(rsaVerifyPss(keyB(), HashAlg.SHA256, h(MSG), sig, 32)).toBe(false);
  });

  it("rejects wrong lengths, s >= n and trivial values without trapping", () => {
    const sig = h(PSS_A_SHA256);
    expect(rsaVerifyPss(keyA(), HashAlg.SHA256, h(MSG), sig.subarray(1), 32)).toBe(false);
    expect(rsaVerifyPss(keyA(), HashAlg.SHA256, h(MSG), h("00" + PSS_A_SHA256), 32)).toBe(false);
    expect(rsaVerifyPss(keyA(), HashAlg.SHA256, h(MSG), new Uint8Array(0), 32)).toBe(false);
    expect(rsaVerifyPss(keyA(), HashAlg.SHA256, h(MSG), h(N_2048), 32)).toBe(false);
    const ones = new Uint8Array(256);
    ones.fill(0xff);
    expect(rsaVerifyPss(keyA(), HashAlg.SHA256, h(MSG), ones, 32)).toBe(false);
    expect(rsaVerifyPss(keyA(), HashAlg.SHA256, h(MSG), new Uint8Array(256), 32)).toBe(false);
    for (let bit = 0; bit < 8; bit++) {
      const flipped = h(PSS_A_SHA256);
      flipped[128] ^= <u8>(<u32>1 << <u32>bit);
      expect(rsaVerifyPss(keyA(), HashAlg.SHA256, h(MSG), flipped, 32)).toBe(false);
    }
  });
});
