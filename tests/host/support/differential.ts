// What the differential tests over the built test modules share (tests/host/crypto/*.test.ts,
// tests/host/json*.test.ts): loading build/testing/<area>.js, seeded inputs, hex for messages.
// Every test file prints its seed and takes <AREA>_SEED from the environment, so a failure seen
// once replays exactly.
//
// Two generators, because seeds printed by past runs must keep replaying the same inputs: the AEAD,
// RSA and JSON tests have always drawn from mulberry32, the hash and encoding tests from sfc32. The
// helpers draw from either exactly as those files used to (one draw per int, pick, chance, byte and
// flipped bit), so the streams are unchanged.

/** The test-only modules of assembly/testing/<area>.ts, each with its generated typings. */
export const built = {
  aead: () => load("aead", import("../../../build/testing/aead.js")),
  ec: () => load("ec", import("../../../build/testing/ec.js")),
  hash: () => load("hash", import("../../../build/testing/hash.js")),
  json: () => load("json", import("../../../build/testing/json.js")),
  rsa: () => load("rsa", import("../../../build/testing/rsa.js")),
};

async function load<M>(area: string, module: Promise<M>): Promise<M> {
  try {
    return await module;
  } catch (e) {
    if ((e as { code?: string }).code !== "ERR_MODULE_NOT_FOUND") throw e;
    throw new Error(`build/testing/${area}.js is missing: run \`npm run build -- testing\` first`, { cause: e });
  }
}

/** The seed in the environment variable `name`, or a fresh random one; always an unsigned 32-bit value. */
export function seedFromEnv(name: string): number {
  return Number(process.env[name] ?? Math.floor(Math.random() * 2 ** 32)) >>> 0;
}

/** The number in the environment variable `name` (a case count, a scale), or `fallback`. */
export function numberFromEnv(name: string, fallback: number): number {
  return Number(process.env[name] ?? fallback);
}

/** mulberry32: small, fast, and good enough to pick test inputs reproducibly. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** sfc32 with fixed initial words and the seed as its counter, warmed up by 16 draws. */
export function sfc32(seed: number): () => number {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 2 ** 32;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

/** Test-input helpers over one generator; plain closures, so they can be destructured. */
export interface Random {
  /** A float in [0, 1). */
  random(): number;
  /** int(max): an integer in [0, max]; int(lo, hi): an integer in [lo, hi]. */
  int(loOrMax: number, hi?: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  bytes(n: number): Uint8Array;
  /** A copy of b (not empty) with one random bit flipped. */
  flipBit(b: Uint8Array): Uint8Array;
}

export function randomFrom(random: () => number): Random {
  const int = (loOrMax: number, hi?: number): number => {
    if (hi === undefined) return Math.floor(random() * (loOrMax + 1));
    return loOrMax + Math.floor(random() * (hi - loOrMax + 1));
  };
  return {
    random,
    int,
    chance: (p) => random() < p,
    pick: (xs) => xs[int(xs.length - 1)],
    bytes(n) {
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = int(255);
      return b;
    },
    flipBit(b) {
      const c = Uint8Array.from(b);
      const bit = int(b.length * 8 - 1);
      c[bit >> 3] ^= 1 << (bit & 7);
      return c;
    },
  };
}

/** Lower-case hex of b, for comparisons and failure messages; null stays null. */
export function hex(b: Uint8Array): string;
export function hex(b: Uint8Array | null): string | null;
export function hex(b: Uint8Array | null): string | null {
  return b === null ? null : Buffer.from(b).toString("hex");
}
