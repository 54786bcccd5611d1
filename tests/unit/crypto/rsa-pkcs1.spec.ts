// RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2): known answers from node:crypto (OpenSSL) for
// SHA-256/384/512, the exact EMSA-PKCS1-v1_5 encoding (§9.2 Note 1 DigestInfo prefixes), and
// signatures whose RSA arithmetic is right but whose encoding is not, which only a full comparison
// of the rebuilt encoding rejects. Plus every malformed input, which must return false, not trap.
import { rsaVerifyPkcs1v15, emsaPkcs1v15Encode, HashAlg } from "../../../assembly/core/crypto/rsa";
import { hexEncode } from "../../../assembly/core/encoding/hex";
import { MSG, N_2048, PSS_A_SHA256, SIG_A_SHA256, h, keyA, keyB } from "./rsa-fixtures";

// node:crypto.sign(hash, MSG, keyA/keyB), PKCS #1 v1.5 (deterministic); SIG_A_SHA256 is in rsa-fixtures.ts.
const SIG_A_SHA384 =
  "0de18701acae4d8287d3f17305b025a33d5687252c5fc881b0f2d7ffa1c28bc568985dfa3b409a5bf433edbab45322e3fe4ada490f4744d1b6882a3f5da3ea7d" +
  "086b9059bacc32f3ac957d7dca088aff6e5aab185cbc00c639151cd06ed83d380b3d2cac7dcd88404e9cfe59f757683cdc0bb9103e59fe0b38f4d3c55fb4217f" +
  "ee817d5b510318cd1f97f499815ee1fb55bfd268a65edf5d6299bf09467247dc9673d0530890da82c87c75fe035d4c7bba04720a3698d71ba199028795e2c002" +
  "a1eed4cb3cc6e26e5b9fd6cabdd79c709c5028d224ce42d7f4984126f40033dfe98ac3e5357c44b8450f71f8dd9b6cddf4d2b0f86266df6ccf9fe631d671afaa";

const SIG_A_SHA512 =
  "17d3582f003a49b6a52388e88acd07c672347fc3a4200afce6d39f9a8f57cef4b42d914418e6e9e800969611fba2281e33b593ffab82b6f48d54e628330987d5" +
  "065a77133a5c50708ec15b667a5daa899faea9ae79e2f318321893e4724fb4766fa2434963987535e7064f57991582462eaab80514b2cc8c00e9e8be868e993a" +
  "41bd606c56b77e117929984ea9f926e822689facfc4305f84121694b08b1b2543d6ea2871fb93f3c8e94c08b7a5687770102a46ab52ba1ac83cf5c845f23517d" +
  "c88fd6296516595468c9d5b7f55b339510511f02db5aeb4b593015e78a8e5cf095047d0a1fb7ac77f6a190e80a1aea1037f9516aff9414207b62ce66f2aed9bf";

const SIG_B_SHA256 =
  "005a8769b1499319ee0354c53660f1ac30c639abf954792e061da7f0ad6c7f0d8c28c0c8f2a5d7aa079a747fcce76909f8c1bf48be84cfa1ae85bb814f655ce8" +
  "bfbe73369c69f6594d65f198b6d05b44a68465cd06f11c451718c0da0b477d0443e9e1734e8ce4fedfec051ba0e68db487d428b23bad1f745edd58c3ba57f47d" +
  "aad0d7b27190d4a73e9b649cc49d042721ef1cf2bc09186905646910fae5b4577ef031461d91390d8550497b9c377478a28166e19d338509bcdcedf674c1bbdd" +
  "3d26c92cdab4c0aa7efcb10bfd2ee25acc37ff5a30b53860844d76c6eca057e0029a1d0452289b12f373ac7c105434bc7539b3092a1abffa88485b2ddf6ea9da" +
  "ec";

const SIG_B_SHA512 =
  "0164d2ae2b6ec573ababbf7611e8bfce266fd176d8338b5274e4da9846babc7777d715f76dbc32204e2681ccbac1eb7f090dbd94bd2f9ca40d58ecccf8e3cede" +
  "765babff91e813fa711a951ccdf98952824379a90fe49d6f7169f8b7ead466b4c6b4853a7b34b0a466d2ffdc318889cc5166434977530ff10d6e2909e1255c64" +
  "03bd11d347432901e04d2d819123ee85ff2c549287d72ab2e3b5443f03be914bbc26a8b7d4202db08a534a524eb5d7eba7981a5eeed2efe76644667ac2ffaad7" +
  "2e1e219487eb7fe881aad46b8c3bcd40a70ed0f2aaad6ee5d37a8b22a9749ebd864df9985da0594db3373faff583725fb928fa3e8af99adc311ac2b0c5969159" +
  "d9";

// Raw RSA (key A private, no padding) on hand-built encoded messages. The correct encoding:
const RAW_GOOD =
  "4721036107bd41bf708cbe5bc56da4686c426e8b3c8f22621f1ef5f64579220065f3819cf9447634bd9c58b217687e33e34f55ac16d8a4e08f1785dd1bf9b297" +
  "4309dc740c48635bacd51681a6d68366e8307441b1b9132349cc7111dc0c0d14aff5a34e872758215f7d32a70e045679db0e6b93f9ba9f89e34e808b908f8349" +
  "ca2eb59d1b8237df3f8a9a8f1a01e37cb24ec7104e202d6098dddc89858488faf45e73edea100ccad5acb406a45346c30860dbd8d1833a22a75c6db11ab5daac" +
  "0bf49f34dd5d40bf5bd74c2f94b8f3544822e68860961d7359e6125e21bb8840916c97af156599ffe13bbfcb163770481fd1ba6a44d18b8dbba38db2648b3cde";

// DigestInfo without the NULL parameter (legacy; Wycheproof "acceptable", refused here).
const RAW_MISSING_NULL =
  "62f7641e133bac9be0622a67ad95886bef4ff2fe22e89307665cbf0f67b8fccd249e40de698e55f16e5d170c8f425fe197655ae51b5200b7fff49f98a65198b5" +
  "e909548757b5ca966b1d400ab5614c60c552ff719fb00f213fd72915f4ee9b46bc14a88fef3b5d78714dbd2c322c31de0974569846fedcf51f93b9099dc0a41d" +
  "c14a51d6bd56e8d1632a8acbc41f1c9476f5f8355eaa61c1a56f75e7d08cb46a9f286b8b0cce4b90ce56579deaf685d3c56cbf96b24f3d83b734b7d77d47a37e" +
  "63dbf20ef0f7b087139c36f48d54f2f8fdbd9f8f742004683b36742e8ab2f499fb03db6e31299fe141d5e07cef59e0152469f5c5121d42fd0f5ccab4e9b6d047";

// Eight 0xff, then DigestInfo, then garbage to the end (the CVE-2006-4339 shape).
const RAW_TRAILING_GARBAGE =
  "4d4d8a6fb46411480ee267c8901932c8e34da46c26ef1cc8e4c60c33f054a9983723f7f160d2e7e839cef61d66eb16d9d545d5bb83ddc39083b866fdf416238e" +
  "2e90151b35bc59f8ffd95dbce2de3941d5e5a41561c5de71479f39f5d5e5066c42e71fe270089359ef4e15f860bbec31361f5198426e98f0a663099ffc0f4c9e" +
  "aea22928b5238cf73c1a1d0409b3d09288000d965a0b200b37a77a3d05c3e4d8292c503b35450eaf1a648a4ec884f23fb8529e607cfeafbe4cabd93819e68552" +
  "8adb3a3e7d5947da45e54acba386ecb107488d07454cdd3a11a534d5740a2a725ba4517387da04ad84a2027172ce7bd5aa95acb52e41645e70a761b475175a81";

// Block type 02 (the encryption padding) instead of 01.
const RAW_BLOCK_TYPE_2 =
  "3a21614cbeb219b3a4b1425d32dd5da6aef7412cfc21cf03b81ea20fb3265697e043d20b37ce225f1ad05cfedc46a5d0dca620d72417e91ce37476ed40114192" +
  "8e35804990a671116e69b695a170b6c77185fae8c0883ca673db0d2deb3aeb6e8e09d7d360a345008a465050ddd248ee97ecfc997e32e3f0d64d34f8d65b672c" +
  "de0fe14baa493926cd45677736db3a2ac09162cf9aefe3f2f7fce43447ecf11ba41717fbb45fe8af9c768039a2b59b412ec2fe6aa87c5756816a3f48190cc6d4" +
  "2a34db5bed4d733ee627f790efc066dd3622a7c6ff7f958d99a8158fb4e6ad1bf9f0cd389c1afd30b95dfc454f71c7820e29d4fb4d5361d0bce40b14d769eeec";

describe("EMSA-PKCS1-v1_5 encoding", () => {
  it("is 00 01 ff..ff 00 DigestInfo(SHA-256) with the NULL parameter", () => {
    const digest = new Uint8Array(32);
    digest.fill(0x11);
    const em = emsaPkcs1v15Encode(HashAlg.SHA256, digest, 64)!;
    expect(hexEncode(em)).toBe(
      "0001" + "ffffffffffffffffffff" + "00" + "3031300d060960864801650304020105000420" +
      "1111111111111111111111111111111111111111111111111111111111111111");
  });

  it("uses the SHA-384 and SHA-512 DigestInfo prefixes", () => {
    const em384 = emsaPkcs1v15Encode(HashAlg.SHA384, new Uint8Array(48), 256)!;
    expect(hexEncode(em384.subarray(256 - 48 - 19, 256 - 48))).toBe("3041300d060960864801650304020205000430");
    const em512 = emsaPkcs1v15Encode(HashAlg.SHA512, new Uint8Array(64), 256)!;
    expect(hexEncode(em512.subarray(256 - 64 - 19, 256 - 64))).toBe("3051300d060960864801650304020305000440");
  });

  it("needs at least eight 0xff bytes (RFC 8017 §9.2 step 3)", () => {
    expect(emsaPkcs1v15Encode(HashAlg.SHA256, new Uint8Array(32), 62)).not.toBeNull();
    expect(emsaPkcs1v15Encode(HashAlg.SHA256, new Uint8Array(32), 61)).toBeNull();
    expect(emsaPkcs1v15Encode(HashAlg.SHA256, new Uint8Array(32), 0)).toBeNull();
  });
});

describe("rsaVerifyPkcs1v15", () => {
  it("accepts node:crypto signatures with SHA-256, SHA-384 and SHA-512", () => {
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), h(SIG_A_SHA256))).toBe(true);
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA384, h(MSG), h(SIG_A_SHA384))).toBe(true);
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA512, h(MSG), h(SIG_A_SHA512))).toBe(true);
  });

  it("accepts signatures under a 2049-bit key (k = 257 bytes)", () => {
    expect(rsaVerifyPkcs1v15(keyB(), HashAlg.SHA256, h(MSG), h(SIG_B_SHA256))).toBe(true);
    expect(rsaVerifyPkcs1v15(keyB(), HashAlg.SHA512, h(MSG), h(SIG_B_SHA512))).toBe(true);
  });

  it("accepts the hand-built correct encoding", () => {
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), h(RAW_GOOD))).toBe(true);
  });

  it("rejects the wrong hash algorithm", () => {
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA384, h(MSG), h(SIG_A_SHA256))).toBe(false);
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), h(SIG_A_SHA512))).toBe(false);
  });

  it("rejects another message, and every single-bit change of the signature's last byte", () => {
    const other = h(MSG);
    other[0] ^= 1;
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, other, h(SIG_A_SHA256))).toBe(false);
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, new Uint8Array(0), h(SIG_A_SHA256))).toBe(false);
    for (let bit = 0; bit < 8; bit++) {
      const sig = h(SIG_A_SHA256);
      sig[255] ^= <u8>(<u32>1 << <u32>bit);
      expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), sig)).toBe(false);
    }
  });

  it("rejects a DigestInfo without the NULL parameter", () => {
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), h(RAW_MISSING_NULL))).toBe(false);
  });

  it("rejects a short padding followed by garbage after the digest", () => {
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), h(RAW_TRAILING_GARBAGE))).toBe(false);
  });

  it("rejects block type 02", () => {
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), h(RAW_BLOCK_TYPE_2))).toBe(false);
  });

  it("rejects a PSS signature of the same message", () => {
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), h(PSS_A_SHA256))).toBe(false);
  });

  it("rejects a signature one byte short, one byte long (leading zero), or empty", () => {
    const sig = h(SIG_A_SHA256);
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), sig.subarray(1))).toBe(false);
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), h("00" + SIG_A_SHA256))).toBe(false);
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), new Uint8Array(0))).toBe(false);
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), new Uint8Array(100000))).toBe(false);
  });

  it("rejects s = n, s = n + 1, s all ones, and s = 0 or 1", () => {
    const n = h(N_2048);
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), n)).toBe(false);
    n[255] += 1;
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), n)).toBe(false);
    const ones = new Uint8Array(256);
    ones.fill(0xff);
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), ones)).toBe(false);
    const zero = new Uint8Array(256);
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), zero)).toBe(false);
    zero[255] = 1;
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), zero)).toBe(false);
  });

  it("rejects a signature made with a different key", () => {
    expect(rsaVerifyPkcs1v15(keyB(), HashAlg.SHA256, h(MSG), h("00" + SIG_A_SHA256))).toBe(false);
    expect(rsaVerifyPkcs1v15(keyA(), HashAlg.SHA256, h(MSG), h(SIG_B_SHA256).subarray(1))).toBe(false);
  });
});
