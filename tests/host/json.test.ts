// Differential tests of the JSON parser in the built module (build/testing/json.wasm, -O3) against
// a strict reference (tests/host/json/reference.ts: fatal UTF-8 decoding, then V8's JSON.parse) on
// valid input: random documents, number literals, documents under small limits, duplicate names.
// Hostile input (mutations, random bytes, deep nesting) is in json-hostile.test.ts.
// Inputs come from a seeded PRNG: JSON_SEED=<n> replays a run; JSON_SCALE=<k> multiplies the counts.
//   node --import tsx --test tests/host/json.test.ts   (after npm run build -- testing)
import { test } from "node:test";
import assert from "node:assert/strict";
import { built, numberFromEnv } from "./support/differential.ts";
import { canonical, documentedReasons, errorMessage, numberBits, textStats, type Limits } from "./json/reference.ts";
import { SEED, chance, digits, int, randomDocument, randomNumberText, utf8, ws } from "./json/generate.ts";

const wasm = await built.json();

const SCALE = numberFromEnv("JSON_SCALE", 1);
const VALID_DOCS = 10_000 * SCALE;
const NUMBERS = 20_000 * SCALE;
const LIMIT_DOCS = 5_000 * SCALE;
console.log(`json differential: seed ${SEED} (JSON_SEED=${SEED} to replay), scale ${SCALE}`);

test(`${VALID_DOCS} random valid documents re-serialize exactly as JSON.parse reads them`, () => {
  let bytesTotal = 0;
  for (let i = 0; i < VALID_DOCS; i++) {
    const text = ws() + randomDocument(0, chance(0.02) ? 32 : 1 + int(5)) + ws();
    const bytes = utf8(text);
    bytesTotal += bytes.length;
    const expected = canonical(JSON.parse(text), false);
    assert.equal(wasm.parse(bytes), expected, `document ${i}: ${text.slice(0, 300)}`);
  }
  console.log(`valid documents: ${VALID_DOCS}, ${(bytesTotal / 1024).toFixed(0)} KiB in all, all equal`);
});

/** Exact classification of a number literal with BigInt: safe integer, big integer or fraction. */
function classify(text: string): { kind: string; integer?: bigint } {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text)!;
  const mantissa = BigInt(m[2] + (m[3] ?? ""));
  const exponent = Number(m[4] ?? 0) - (m[3] ?? "").length;
  let value: bigint;
  if (mantissa === 0n) value = 0n;
  else if (exponent >= 0) {
    if (exponent > 400) return { kind: "big" }; // beyond 2^53 for any nonzero mantissa
    value = mantissa * 10n ** BigInt(exponent);
  } else {
    if (-exponent > 2000) return { kind: "fraction" };
    const scale = 10n ** BigInt(-exponent);
    if (mantissa % scale !== 0n) return { kind: "fraction" };
    value = mantissa / scale;
  }
  if (m[1] === "-") value = -value;
  const max = 2n ** 53n - 1n;
  return value <= max && value >= -max ? { kind: "safe", integer: value } : { kind: "big" };
}

test(`${NUMBERS} random number literals: exact double and exact safe-integer classification`, () => {
  const tally: Record<string, number> = { safe: 0, big: 0, fraction: 0, overflow: 0 };
  for (let i = 0; i < NUMBERS; i++) {
    let text = randomNumberText();
    if (chance(0.03)) text = digits(1 + int(3), true) + "e" + (300 + int(200)); // may overflow
    if (chance(0.03)) text = digits(300 + int(100), true);
    const ours = wasm.numberInfo(utf8(text));
    const x = Number(text);
    if (!Number.isFinite(x)) {
      tally.overflow++;
      assert.equal(ours, "ERR:0:number out of range", text);
      continue;
    }
    const c = classify(text);
    tally[c.kind]++;
    const bits = numberBits(x);
    if (c.kind === "safe") assert.equal(ours, `safe:${c.integer}:${bits}`, text);
    else assert.equal(ours, `${c.kind}:${bits}`, text);
  }
  console.log(`number literals: ${JSON.stringify(tally)}`);
});

test(`${LIMIT_DOCS} random documents under random small limits: refused exactly when a limit is exceeded`, () => {
  const tally: Record<string, number> = {};
  for (let i = 0; i < LIMIT_DOCS; i++) {
    const text = randomDocument(0, 1 + int(5));
    const b = utf8(text);
    const l: Limits = { input: b.length + int(4) - 2, depth: int(5), string: int(30), members: int(12), values: 1 + int(60) };
    const s = textStats(text);
    const reasons = documentedReasons(b, s, l);
    const ours = wasm.parseWithLimits(b, l.input, l.depth, l.string, l.members, l.values);
    if (reasons.size === 0) {
      assert.equal(ours, canonical(JSON.parse(text), true), `document ${i} within ${JSON.stringify(l)}: ${text.slice(0, 200)}`);
      tally.accepted = (tally.accepted ?? 0) + 1;
    } else {
      assert.ok(ours.startsWith("ERR:") && reasons.has(errorMessage(ours)), `document ${i}: ${ours} but exceeded ${[...reasons].join(", ")} under ${JSON.stringify(l)}`);
      tally[errorMessage(ours)] = (tally[errorMessage(ours)] ?? 0) + 1;
    }
  }
  console.log(`limits: ${JSON.stringify(tally)}`);
});

test("duplicate names are refused wherever JSON.parse would silently keep the last", () => {
  const cases = [
    '{"iss":"https://a","iss":"https://b"}',
    '{"iss":"a","sub":"x","\\u0069ss":"b"}',
    '{"keys":[{"kid":"1","kty":"RSA","kid":"2"}]}',
    "{" + Array.from({ length: 300 }, (_, i) => `"k${i}":${i}`).join(",") + ',"k150":0}',
  ];
  for (const text of cases) {
    assert.doesNotThrow(() => JSON.parse(text));
    assert.match(wasm.verdict(utf8(text)), /^ERR:\d+:duplicate key$/, text.slice(0, 80));
  }
});
