// Differential tests of the built hash module (build/testing/hash.wasm, -O3) against node:crypto:
// SHA-256/384/512 (one-shot and fed in pieces), HMAC (with verify and single-bit corruptions) and
// HKDF, each over at least 10,000 random cases. The PRNG seed is printed; set HASH_SEED to replay.
//   npm run build -- testing && node --import tsx --test tests/host/crypto/hash.test.ts
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac, hkdfSync } from "node:crypto";
import { built, hex, numberFromEnv, randomFrom, seedFromEnv, sfc32 } from "../support/differential.ts";

const wasm = await built.hash();

const SEED = seedFromEnv("HASH_SEED");
console.log(`hash differential seed: HASH_SEED=${SEED}`);

const { random, int, bytes } = randomFrom(sfc32(SEED));

/** Message lengths: mostly uniform, often near a 64/128-byte block boundary where padding changes. */
function messageLength(max: number): number {
  if (random() < 0.3) {
    const block = random() < 0.5 ? 64 : 128;
    return Math.min(max, Math.max(0, block * int(0, 4) + int(-9, 9)));
  }
  return int(0, max);
}
/** A copy of b (not empty) with one bit flipped: a random byte, then a random bit of it (two draws). */
function flipBitOfRandomByte(b: Uint8Array): Uint8Array {
  const c = Uint8Array.from(b);
  c[int(0, c.length - 1)] ^= 1 << int(0, 7);
  return c;
}

const ALGS = [
  { id: 0, name: "sha256", len: 32 },
  { id: 1, name: "sha384", len: 48 },
  { id: 2, name: "sha512", len: 64 },
] as const;
const CASES = numberFromEnv("HASH_CASES", 10_000);

for (const alg of ALGS) {
  test(`${alg.name}: ${CASES} random messages (0..3000 bytes) match node:crypto`, () => {
    const oneShot = alg.id == 0 ? wasm.sha256 : alg.id == 1 ? wasm.sha384 : wasm.sha512;
    for (let i = 0; i < CASES; i++) {
      const m = bytes(messageLength(3000));
      const expected = createHash(alg.name).update(m).digest("hex");
      assert.equal(hex(oneShot(m)), expected, `case ${i}, length ${m.length}`);
      if (i % 10 == 0) {
        assert.equal(hex(wasm.hashInPieces(alg.id, m, int(1, 200))), expected, `pieces, case ${i}`);
      }
    }
  });
}

test("sha256 of large inputs (up to 1 MB) matches node:crypto", () => {
  for (let i = 0; i < 20; i++) {
    const m = bytes(int(100_000, 1_000_000));
    assert.equal(hex(wasm.sha256(m)), createHash("sha256").update(m).digest("hex"));
  }
});

for (const alg of ALGS) {
  test(`hmac-${alg.name}: ${CASES} random keys (0..200) and messages (0..3000); corruptions fail`, () => {
    for (let i = 0; i < CASES; i++) {
      const key = bytes(int(0, 200));
      const msg = bytes(messageLength(3000));
      const expected = createHmac(alg.name, key).update(msg).digest();
      const tag = wasm.hmac(alg.id, key, msg);
      assert.equal(hex(tag), expected.toString("hex"), `case ${i}, key ${key.length}, msg ${msg.length}`);
      assert.equal(wasm.hmacVerify(alg.id, key, msg, expected), true, `verify, case ${i}`);

      assert.equal(wasm.hmacVerify(alg.id, key, msg, flipBitOfRandomByte(expected)), false, `flipped tag bit, case ${i}`);
      if (msg.length > 0) {
        assert.equal(wasm.hmacVerify(alg.id, key, flipBitOfRandomByte(msg), expected), false, `flipped message bit, case ${i}`);
      }
      if (key.length > 0) {
        assert.equal(wasm.hmacVerify(alg.id, flipBitOfRandomByte(key), msg, expected), false, `flipped key bit, case ${i}`);
      }
      assert.equal(wasm.hmacVerify(alg.id, key, msg, expected.subarray(0, int(0, alg.len - 1))), false, `truncated tag, case ${i}`);
    }
  });
}

test(`hkdf: ${CASES} random cases over all three hashes match node:crypto, out-of-range lengths give null`, () => {
  let tooLong = 0;
  for (let i = 0; i < CASES; i++) {
    const alg = ALGS[int(0, 2)];
    const ikm = bytes(int(0, 100));
    const salt = random() < 0.2 ? new Uint8Array(0) : bytes(int(1, 150));
    const info = bytes(random() < 0.1 ? int(0, 1024) : int(0, 80));
    const max = 255 * alg.len;
    const r = random();
    const length = r < 0.05 ? max + int(1, 100) : r < 0.1 ? max - int(0, 3) : r < 0.12 ? -int(1, 5) : int(0, 200);
    const ours = wasm.hkdf(alg.id, ikm, salt, info, length);
    if (length < 0 || length > max) {
      assert.equal(ours, null, `length ${length} must be refused, case ${i}`);
      tooLong++;
      continue;
    }
    const expected = Buffer.from(hkdfSync(alg.name, ikm, salt, info, length));
    assert.ok(ours !== null, `case ${i}`);
    assert.equal(hex(ours), expected.toString("hex"), `case ${i}, ${alg.name}, length ${length}`);
    if (i % 10 == 0) {
      // Extract + Expand separately, as the session code uses them.
      const prk = wasm.hkdfExtract(alg.id, salt, ikm);
      assert.equal(hex(prk), createHmac(alg.name, salt.length ? salt : Buffer.alloc(alg.len)).update(ikm).digest("hex"));
      assert.equal(hex(wasm.hkdfExpand(alg.id, prk, info, length)!), expected.toString("hex"));
    }
  }
  assert.ok(tooLong > CASES / 20, "enough out-of-range lengths were tried");
});

test("constantTimeEqual agrees with Buffer.equals on random and near-equal inputs", () => {
  for (let i = 0; i < CASES; i++) {
    const a = bytes(int(0, 80));
    let b: Uint8Array;
    const r = random();
    if (r < 0.4) b = Uint8Array.from(a);
    else if (r < 0.8 && a.length > 0) b = flipBitOfRandomByte(a);
    else b = bytes(int(0, 80));
    assert.equal(wasm.constantTimeEqual(a, b), Buffer.from(a).equals(Buffer.from(b)), `case ${i}`);
  }
});
