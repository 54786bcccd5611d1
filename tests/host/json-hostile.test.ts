// Hostile-input tests of the JSON parser in the built module (build/testing/json.wasm, -O3): random
// mutations of valid documents, random byte strings, inputs of 1 MiB and 10^5 nested brackets must
// never trap and must agree with the strict reference (tests/host/json/reference.ts), where every
// refusal of text JSON.parse accepts must be one of our documented choices (duplicate names, lone
// surrogates, numbers beyond the largest double, limits on size, depth, members, values and string or
// number length), confirmed by an independent scan of the text.
// Inputs come from a seeded PRNG: JSON_SEED=<n> replays a run; JSON_SCALE=<k> multiplies the counts.
//   node --import tsx --test tests/host/json-hostile.test.ts   (after npm run build -- testing)
import { test } from "node:test";
import assert from "node:assert/strict";
import { built, numberFromEnv } from "./support/differential.ts";
import { DEFAULTS, checkAgainstReference, textStats } from "./json/reference.ts";
import { SEED, chance, flipBit, int, pick, randomDocument, utf8, ws } from "./json/generate.ts";

const wasm = await built.json();

const SCALE = numberFromEnv("JSON_SCALE", 1);
const MUTATIONS = 100_000 * SCALE;
const RANDOM_BYTES = 20_000 * SCALE;
console.log(`json hostile input: seed ${SEED} (JSON_SEED=${SEED} to replay), scale ${SCALE}`);

const ID_TOKEN_PAYLOAD = JSON.stringify({
  iss: "https://idp.example.com/realms/main", sub: "f0c3b2a1-9d8e-4c7b-a6f5-e4d3c2b1a098", aud: ["oidc-sso", "account"],
  exp: 1767225600, iat: 1767222000, auth_time: 1767221990, nonce: "n-0S6_WzA2Mj", azp: "oidc-sso",
  at_hash: "77QmUPtjPfzWtF2AnpK9RQ", email: "jane.doe@example.com", email_verified: true, name: "Jane Doe",
  given_name: "Jane", family_name: "Doe", preferred_username: "jane", locale: "de-CH", sid: "2f1e0d9c",
  realm_access: { roles: ["offline_access", "uma_authorization", "admin"] }, amr: ["pwd", "otp"], acr: "1",
});

const SPECIAL = utf8('"\\[]{},:0123456789eE.+- tfnul/*');
const INSERTS: Uint8Array[] = [
  utf8("\\uD800"), utf8("\\uDC00"), utf8("\\ud83d\\ude00"), utf8("\\u00"), utf8(","), utf8('"a":1,'), utf8("\uFEFF"),
  Uint8Array.of(0xc0, 0xaf), Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0xf4, 0x90, 0x80, 0x80), Uint8Array.of(0xe2, 0x82),
  Uint8Array.of(0xf0, 0x9f, 0x98, 0x80), Uint8Array.of(0xc3, 0xa9), Uint8Array.of(0x00), Uint8Array.of(0xff),
  utf8("1e400"), utf8("9007199254740993"), utf8("-0"), utf8("01"), utf8("/**/"), utf8("NaN"), utf8("'x'"),
];

function splice(b: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length - remove + insert.length);
  out.set(b.subarray(0, at));
  out.set(insert, at);
  out.set(b.subarray(at + remove), at + insert.length);
  return out;
}

function mutate(b: Uint8Array): Uint8Array {
  const at = int(b.length);
  switch (int(12)) {
    case 0: return b.length === 0 ? b : flipBit(b);
    case 1: return b.length === 0 ? b : splice(b, Math.min(at, b.length - 1), 1, Uint8Array.of(int(255)));
    case 2: return b.length === 0 ? b : splice(b, Math.min(at, b.length - 1), 1, Uint8Array.of(pick([...SPECIAL])));
    case 3: return b.length === 0 ? b : splice(b, Math.min(at, b.length - 1), 1, new Uint8Array(0));
    case 4: return splice(b, at, 0, Uint8Array.of(chance(0.5) ? int(255) : pick([...SPECIAL])));
    case 5: return b.subarray(0, at);
    case 6: { // duplicate a slice somewhere else: repeats members, keys and brackets
      const from = int(b.length), len = int(Math.min(40, b.length - from));
      return splice(b, int(b.length), 0, b.slice(from, from + len));
    }
    case 7: return splice(b, at, 0, pick(INSERTS));
    case 8: { // deep nesting, sometimes closed
      // 10^5 levels make a 500 KB document; rarer, as each costs the reference milliseconds.
      const depth = chance(0.1) ? 100_000 : pick([2, 31, 32, 33, 100, 1000, 5000]);
      const open = pick(["[", '{"a":', "[{\"k\":"]);
      const close = open === "[" ? "]" : open === '{"a":' ? "}" : "}]";
      const body = utf8(open.repeat(depth) + "0" + (chance(0.5) ? close.repeat(depth) : ""));
      return splice(b, at, 0, body);
    }
    case 9: { // swap two bytes
      if (b.length < 2) return b;
      const c = Uint8Array.from(b);
      const j = int(b.length - 1), k = int(b.length - 1);
      [c[j], c[k]] = [c[k], c[j]];
      return c;
    }
    case 10: return splice(b, at, 0, utf8(ws() || " "));
    case 11: { // repeat a member name just before itself: a duplicate in the same object
      if (b.length > 20_000) return b;
      const text = Buffer.from(b).toString("latin1");
      const names = [...text.matchAll(/"(?:[^"\\]|\\.)*"\s*:/g)];
      if (names.length === 0) return b;
      const m = pick(names);
      return splice(b, m.index!, 0, Buffer.from(m[0] + pick(["0", "null", '"x"', "{}"]) + ",", "latin1"));
    }
    default: return splice(b, at, 0, utf8(randomDocument(0, 2)));
  }
}

test(`${MUTATIONS} random mutations never trap and agree with the strict reference`, () => {
  const seeds: Uint8Array[] = [utf8(ID_TOKEN_PAYLOAD)];
  // Small seeds (at most 60 values): each mutation then costs microseconds, and errors land anywhere.
  for (let i = 0; i < 200; i++) seeds.push(utf8(randomDocument(0, 1 + int(4), { left: 60 })));
  // The payload nested to exactly the depth limit and one beyond, so both sides of it are mutated.
  const own = textStats(ID_TOKEN_PAYLOAD).depth;
  for (const total of [32, 33]) seeds.push(utf8("[".repeat(total - own) + ID_TOKEN_PAYLOAD + "]".repeat(total - own)));
  const tally: Record<string, number> = {};
  const started = Date.now();
  for (let i = 0; i < MUTATIONS; i++) {
    let b = pick(seeds);
    const rounds = 1 + int(3);
    for (let r = 0; r < rounds; r++) b = mutate(b);
    if (b.length > DEFAULTS.input) b = b.subarray(0, DEFAULTS.input);
    const ours = wasm.parseSorted(b); // a trap would throw here and fail the test
    const category = checkAgainstReference(b, ours, `mutation ${i}`);
    tally[category] = (tally[category] ?? 0) + 1;
  }
  console.log(`mutations: ${MUTATIONS} in ${Date.now() - started} ms: ${JSON.stringify(tally)}`);
});

test(`${RANDOM_BYTES} random byte strings and a few of 1 MiB never trap and agree with the reference`, () => {
  const tally: Record<string, number> = {};
  for (let i = 0; i < RANDOM_BYTES; i++) {
    const n = int(chance(0.1) ? 2000 : 40);
    const b = new Uint8Array(n);
    const alphabet = chance(0.5) ? null : SPECIAL;
    for (let j = 0; j < n; j++) b[j] = alphabet === null ? int(255) : alphabet[int(alphabet.length - 1)];
    const category = checkAgainstReference(b, wasm.parseSorted(b), `random bytes ${i}`);
    tally[category] = (tally[category] ?? 0) + 1;
  }
  const big: [string, Uint8Array][] = [
    ["1 MiB of '['", new Uint8Array(1 << 20).fill(0x5b)],
    ["1 MiB of '{\"a\":'", utf8('{"a":'.repeat((1 << 20) / 5))],
    ["1 MiB string", utf8('"' + "a".repeat((1 << 20) - 2) + '"')],
    ["1 MiB of digits", utf8("1".repeat(1 << 20))],
    ["1 MiB of '0.' digits", utf8("0." + "1".repeat((1 << 20) - 2))],
    ["1 MiB of random bytes", Uint8Array.from({ length: 1 << 20 }, () => int(255))],
    ["1 MiB array of zeros", utf8("[" + "0,".repeat((1 << 19) - 2) + "0]")],
    ["1 MiB + 1", new Uint8Array((1 << 20) + 1).fill(0x20)],
  ];
  for (const [name, b] of big) {
    const t = process.hrtime.bigint();
    const ours = wasm.parseSorted(b);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const category = checkAgainstReference(b, ours, name);
    console.log(`  ${name}: ${category === "both accept" ? "accepted" : ours.slice(0, 60)} in ${ms.toFixed(1)} ms`);
    assert.ok(ms < 1000, `${name} took ${ms} ms`);
  }
  console.log(`random byte strings: ${JSON.stringify(tally)}`);
});

test("10^5 nested '[' fail at the 33rd, in well under a millisecond of parsing", () => {
  const b = new Uint8Array(100_000).fill(0x5b);
  assert.equal(wasm.verdict(b), "ERR:32:nesting too deep");
  const t = process.hrtime.bigint();
  for (let i = 0; i < 100; i++) wasm.verdict(b);
  const us = Number(process.hrtime.bigint() - t) / 1e3 / 100;
  console.log(`10^5 '[': ${us.toFixed(1)} µs per call, most of it copying the input into the module`);
  assert.equal(wasm.verdict(utf8("[".repeat(32) + "]".repeat(32))), "OK");
});
