// FIPS 180-4 example messages (NIST "Examples with Intermediate Values" for SHA-256/384/512: "abc",
// the 448-bit and 896-bit two-block messages) plus the empty string and one million 'a' characters.
import { sha256, sha384, sha512, Sha256, Sha512, Sha384, HashAlg, hashWith, hashLength, blockLength, Hasher } from "../../../assembly/core/crypto/sha2";
import { hexEncode } from "../../../assembly/core/encoding/hex";

function ascii(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

const M448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const M896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

function millionA(): Uint8Array {
  const b = new Uint8Array(1000000);
  b.fill(0x61);
  return b;
}

describe("SHA-256 (FIPS 180-4)", () => {
  it("hashes the empty string", () => {
    expect(hexEncode(sha256(new Uint8Array(0)))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
  it("hashes abc", () => {
    expect(hexEncode(sha256(ascii("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
  it("hashes the 448-bit two-block message", () => {
    expect(hexEncode(sha256(ascii(M448)))).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  });
  it("hashes the 896-bit message", () => {
    expect(hexEncode(sha256(ascii(M896)))).toBe("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  });
  it("hashes one million 'a'", () => {
    expect(hexEncode(sha256(millionA()))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });
  it("gives the same digest fed one byte at a time", () => {
    const m = ascii(M896);
    const h = new Sha256();
    for (let i = 0; i < m.length; i++) h.update(m.subarray(i, i + 1));
    expect(hexEncode(h.digest())).toBe("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  });
  it("leaves the hasher usable after digest", () => {
    const h = new Sha256();
    h.update(ascii("ab"));
    h.digest();
    h.update(ascii("c"));
    expect(hexEncode(h.digest())).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
  it("pads correctly at every length around the block boundary (55, 56, 63, 64 bytes)", () => {
    // The same message fed whole and split at each position must agree.
    for (let n = 50; n <= 130; n++) {
      const m = new Uint8Array(n);
      for (let i = 0; i < n; i++) m[i] = <u8>(i * 7 + 3);
      const whole = hexEncode(sha256(m));
      for (let cut = 0; cut <= n; cut += 13) {
        const h = new Sha256();
        h.update(m.subarray(0, cut));
        h.update(m.subarray(cut));
        expect(hexEncode(h.digest())).toBe(whole);
      }
    }
  });
});

describe("SHA-384 (FIPS 180-4)", () => {
  it("hashes the empty string", () => {
    expect(hexEncode(sha384(new Uint8Array(0)))).toBe("38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b");
  });
  it("hashes abc", () => {
    expect(hexEncode(sha384(ascii("abc")))).toBe("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
  });
  it("hashes the 896-bit message", () => {
    expect(hexEncode(sha384(ascii(M896)))).toBe("09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039");
  });
  it("hashes one million 'a'", () => {
    expect(hexEncode(sha384(millionA()))).toBe("9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985");
  });
  it("Sha384 and Sha512(true) agree with the one-shot", () => {
    const a = new Sha384();
    a.update(ascii("abc"));
    const b = new Sha512(true);
    b.update(ascii("abc"));
    expect(hexEncode(a.digest())).toBe(hexEncode(sha384(ascii("abc"))));
    expect(hexEncode(b.digest())).toBe(hexEncode(sha384(ascii("abc"))));
  });
});

describe("SHA-512 (FIPS 180-4)", () => {
  it("hashes the empty string", () => {
    expect(hexEncode(sha512(new Uint8Array(0)))).toBe("cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
  });
  it("hashes abc", () => {
    expect(hexEncode(sha512(ascii("abc")))).toBe("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  });
  it("hashes the 448-bit message", () => {
    expect(hexEncode(sha512(ascii(M448)))).toBe("204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445");
  });
  it("hashes the 896-bit message", () => {
    expect(hexEncode(sha512(ascii(M896)))).toBe("8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
  });
  it("hashes one million 'a'", () => {
    expect(hexEncode(sha512(millionA()))).toBe("e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
  });
  it("pads correctly around the 112/128-byte boundary", () => {
    for (let n = 100; n <= 260; n++) {
      const m = new Uint8Array(n);
      for (let i = 0; i < n; i++) m[i] = <u8>(i * 11 + 5);
      const whole = hexEncode(sha512(m));
      for (let cut = 0; cut <= n; cut += 29) {
        const h = new Sha512();
        h.update(m.subarray(0, cut));
        h.update(m.subarray(cut));
        expect(hexEncode(h.digest())).toBe(whole);
      }
    }
  });
});

describe("HashAlg dispatch", () => {
  it("reports lengths", () => {
    expect(hashLength(HashAlg.SHA256)).toBe(32);
    expect(hashLength(HashAlg.SHA384)).toBe(48);
    expect(hashLength(HashAlg.SHA512)).toBe(64);
    expect(blockLength(HashAlg.SHA256)).toBe(64);
    expect(blockLength(HashAlg.SHA384)).toBe(128);
    expect(blockLength(HashAlg.SHA512)).toBe(128);
  });
  it("hashWith and Hasher match the one-shot functions", () => {
    const m = ascii(M896);
    expect(hexEncode(hashWith(HashAlg.SHA256, m))).toBe(hexEncode(sha256(m)));
    expect(hexEncode(hashWith(HashAlg.SHA384, m))).toBe(hexEncode(sha384(m)));
    expect(hexEncode(hashWith(HashAlg.SHA512, m))).toBe(hexEncode(sha512(m)));
    const h = new Hasher(HashAlg.SHA384);
    h.update(m.subarray(0, 10));
    const c = h.copy();
    h.update(m.subarray(10));
    c.update(m.subarray(10));
    expect(hexEncode(h.digest())).toBe(hexEncode(sha384(m)));
    expect(hexEncode(c.finish())).toBe(hexEncode(sha384(m)));
  });
});
