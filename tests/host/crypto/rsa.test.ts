// Differential test of RSA verification in the built module (build/testing/rsa.wasm, -O3) against
// signatures made by node:crypto (OpenSSL): RSASSA-PKCS1-v1_5 and RSASSA-PSS (salt = hash length, as
// JOSE PS* uses) with SHA-256/384/512 on random messages of 0..3000 bytes. Every case is verified as
// signed (must pass) and with one flipped bit in the signature or the message (must fail). Garbage
// signatures of random lengths must return false without trapping, and the bare bignum is checked
// against BigInt.
//
// Why a key pool: generating an RSA key means finding two large primes, 0.1 s to several seconds per
// key (4096 bits), so a fresh key per case would take hours. Each run generates a fresh pool instead
// (2048, 3072 and 4096 bits; odd sizes 2056 and 3000; 2049 and 3073 bits, where the PSS encoded
// message is one byte shorter than the modulus; one e = 3 key), and the seeded PRNG picks key, hash,
// message and corruption per case. RSA_SEED=<n> replays those picks; keys differ per run, so a failure
// prints the key's modulus and the inputs in full. RSA_CASES sets the cases per scheme.
//   npm run build -- testing && node --import tsx --test tests/host/crypto/rsa.test.ts
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto, { type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { built, hex, mulberry32, numberFromEnv, randomFrom, seedFromEnv } from "../support/differential.ts";

const wasm = await built.rsa();

const CASES = numberFromEnv("RSA_CASES", 10_000);
const SEED = seedFromEnv("RSA_SEED");
console.log(`rsa differential: seed ${SEED} (RSA_SEED=${SEED} to replay the picks), ${CASES} cases per scheme`);

const { int, bytes, flipBit } = randomFrom(mulberry32(SEED));

const toBig = (b: Uint8Array): bigint => (b.length === 0 ? 0n : BigInt("0x" + hex(b)));
function toBytes(x: bigint, len: number): Uint8Array {
  return Uint8Array.from(Buffer.from(x.toString(16).padStart(len * 2, "0"), "hex"));
}

const HASHES = [
  { alg: 0, name: "sha256", length: 32 },
  { alg: 1, name: "sha384", length: 48 },
  { alg: 2, name: "sha512", length: 64 },
];

interface PoolKey { bits: number; handle: number; privateKey: KeyObject; n: Uint8Array; e: number }

const b64u = (x: bigint): string => Buffer.from(toBytes(x, Math.ceil(x.toString(16).length / 2))).toString("base64url");
function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/** A key whose modulus has exactly `bits` bits; OpenSSL rounds odd sizes down, so build it from primes. */
async function keyFromPrimes(bits: number): Promise<KeyObject> {
  const prime = promisify(crypto.generatePrime) as (size: number, o: { bigint: true }) => Promise<bigint>;
  for (;;) {
    const [p, q] = await Promise.all([prime(Math.ceil(bits / 2), { bigint: true }), prime(Math.floor(bits / 2), { bigint: true })]);
    const n = p * q;
    const e = 65537n;
    if (p === q || n.toString(2).length !== bits || (p - 1n) % e === 0n || (q - 1n) % e === 0n) continue;
    const d = inverse(e, (p - 1n) * (q - 1n));
    const jwk = { kty: "RSA", n: b64u(n), e: b64u(e), d: b64u(d), p: b64u(p), q: b64u(q), dp: b64u(d % (p - 1n)), dq: b64u(d % (q - 1n)), qi: b64u(inverse(q, p)) };
    return crypto.createPrivateKey({ key: jwk, format: "jwk" });
  }
}

async function opensslKey(bits: number, e = 65537): Promise<KeyObject> {
  const { privateKey } = await promisify(crypto.generateKeyPair)("rsa", { modulusLength: bits, publicExponent: e });
  return privateKey;
}

/** [bits, weight]: most cases use ~2048-bit keys (cheap to sign with, and the common size). */
const POOL_SPEC: Array<[() => Promise<KeyObject>, number]> = [
  [() => opensslKey(2048), 4], [() => opensslKey(2048), 4], [() => opensslKey(2048, 3), 2],
  [() => keyFromPrimes(2049), 2], [() => opensslKey(2056), 2],
  [() => opensslKey(3000), 1], [() => opensslKey(3072), 1], [() => keyFromPrimes(3073), 1],
  [() => opensslKey(4096), 1],
];

let pool: PoolKey[] = [];
let weights: number[] = [];
async function loadPool(): Promise<void> {
  wasm.clearKeys();
  const keys = await Promise.all(POOL_SPEC.map(([make]) => make()));
  pool = keys.map((privateKey) => {
    const jwk = crypto.createPublicKey(privateKey).export({ format: "jwk" });
    const n = Uint8Array.from(Buffer.from(jwk.n!, "base64url"));
    const e = Uint8Array.from(Buffer.from(jwk.e!, "base64url"));
    const handle = wasm.loadKey(n, e);
    assert.ok(handle >= 0, `key with n=${hex(n)} refused`);
    return { bits: wasm.keyBits(handle), handle, privateKey, n, e: Number(toBig(e)) };
  });
  weights = POOL_SPEC.map(([, w]) => w);
  console.log(`rsa differential: key pool ${pool.map((k) => `${k.bits}${k.e === 3 ? "/e=3" : ""}`).join(", ")}`);
}
function pickKey(): PoolKey {
  let r = int(weights.reduce((a, b) => a + b) - 1);
  for (let i = 0; i < pool.length; i++) if ((r -= weights[i]) < 0) return pool[i];
  return pool[0];
}

const signAsync = promisify(crypto.sign) as (alg: string, data: Uint8Array, key: crypto.SignKeyObjectInput | KeyObject) => Promise<Buffer>;

interface Case { key: PoolKey; hash: (typeof HASHES)[number]; message: Uint8Array; corruptSignature: boolean }

/**
 * Signs CASES messages through the libuv thread pool (so OpenSSL's private-key work runs beside the
 * verifications on the main thread) and checks each one as it arrives. Picks are drawn up front in
 * order, so a seed replays them whatever order signatures complete in.
 */
async function runScheme(pss: boolean): Promise<void> {
  const verify = (c: Case, message: Uint8Array, signature: Uint8Array): boolean =>
    pss ? wasm.verifyPss(c.key.handle, c.hash.alg, message, signature, c.hash.length) : wasm.verifyPkcs1(c.key.handle, c.hash.alg, message, signature);
  const describe = (i: number, c: Case, message: Uint8Array, signature: Uint8Array): string =>
    `case ${i}: ${c.key.bits}-bit n=${hex(c.key.n)} e=${c.key.e} ${c.hash.name}\n message=${hex(message)}\n signature=${hex(signature)}`;
  const cases: Case[] = [];
  for (let i = 0; i < CASES; i++) {
    cases.push({ key: pickKey(), hash: HASHES[int(2)], message: bytes(int(3000)), corruptSignature: int(1) === 1 });
  }
  const corruptions = cases.map((c) => (c.corruptSignature || c.message.length === 0 ? null : flipBit(c.message)));
  let failures = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i];
      const signature = new Uint8Array(
        await signAsync(c.hash.name, c.message, pss
          ? { key: c.key.privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST }
          : c.key.privateKey),
      );
      if (!verify(c, c.message, signature)) {
        if (failures++ < 3) console.log(`rejected a valid signature, ${describe(i, c, c.message, signature)}`);
      }
      const badMessage = corruptions[i];
      const [m, s] = badMessage === null ? [c.message, flipBit(signature)] : [badMessage, signature];
      if (verify(c, m, s)) {
        if (failures++ < 3) console.log(`accepted a corrupted case, ${describe(i, c, m, s)}`);
      }
      // The other scheme's verifier must refuse this signature too (cheap cross-check, 1 in 8).
      if ((i & 7) === 0) {
        const other = pss ? wasm.verifyPkcs1(c.key.handle, c.hash.alg, c.message, signature) : wasm.verifyPss(c.key.handle, c.hash.alg, c.message, signature, c.hash.length);
        if (other && failures++ < 3) console.log(`accepted under the other scheme, ${describe(i, c, c.message, signature)}`);
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  assert.equal(failures, 0, `${failures} of ${CASES} ${pss ? "PSS" : "PKCS#1 v1.5"} cases disagreed (seed ${SEED})`);
}

test("key pool: fresh keys of 2048..4096 bits load", async () => {
  await loadPool();
  assert.ok(pool.length === POOL_SPEC.length);
});

test(`RSASSA-PKCS1-v1_5: ${CASES} node:crypto signatures verify, a flipped bit of signature or message fails`, async () => {
  await runScheme(false);
});

test(`RSASSA-PSS (salt = hash length): ${CASES} node:crypto signatures verify, a flipped bit fails`, async () => {
  await runScheme(true);
});

test("garbage signatures of random lengths return false without trapping", () => {
  const GARBAGE = Math.max(1000, CASES / 5);
  for (let i = 0; i < GARBAGE; i++) {
    const key = pickKey();
    const k = (key.bits + 7) >> 3;
    const choice = int(5);
    // Random lengths, lengths next to k, and values next to n (n - 1 is in range, n and above are not).
    const length = choice === 0 ? int(1100) : choice === 1 ? k - 1 + int(2) : k;
    let signature = bytes(length);
    if (choice === 3) signature = toBytes(toBig(key.n) - BigInt(int(3)), k);
    if (choice === 4) signature = toBytes(toBig(key.n) + BigInt(int(3)), k);
    const hash = HASHES[int(2)];
    const message = bytes(int(64));
    const saltLength = [hash.length, -1, 0, int(1 << 20), -int(1 << 30)][int(4)];
    assert.equal(wasm.verifyPkcs1(key.handle, hash.alg, message, signature), false, `PKCS#1 accepted garbage ${hex(signature)}`);
    assert.equal(wasm.verifyPss(key.handle, hash.alg, message, signature, saltLength), false, `PSS accepted garbage ${hex(signature)}`);
  }
});

test("bignum: base^e mod n and a·b mod n agree with BigInt for random odd moduli of 2..4096 bits", () => {
  const modpow = (b: bigint, e: bigint, n: bigint): bigint => {
    let r = 1n;
    for (b %= n; e > 0n; e >>= 1n, b = (b * b) % n) if (e & 1n) r = (r * b) % n;
    return r;
  };
  const ROUNDS = Math.max(500, CASES / 10);
  for (let i = 0; i < ROUNDS; i++) {
    const bits = int(3) === 0 ? 2 + int(200) : 2 + int(4094);
    const len = (bits + 7) >> 3;
    let n = toBig(bytes(len)) & ((1n << BigInt(bits)) - 1n);
    n |= (1n << BigInt(bits - 1)) | 1n;
    const a = toBig(bytes(len + 1)) % n;
    const b = toBig(bytes(len + 1)) % n;
    const e = [3, 17, 65537, 0xffffffff, (int(0xffff) << 1) | 1][int(4)];
    const nb = toBytes(n, len);
    assert.equal(hex(wasm.modPow(nb, toBytes(a, len), e)), hex(toBytes(modpow(a, BigInt(e), n), len)), `${a}^${e} mod ${n}`);
    assert.equal(hex(wasm.mulMod(nb, toBytes(a, len), toBytes(b, len))), hex(toBytes((a * b) % n, len)), `${a}*${b} mod ${n}`);
  }
});
