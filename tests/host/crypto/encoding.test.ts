// Differential tests of the built module's encoders (build/testing/hash.wasm) against Buffer,
// TextDecoder and strict references written here: base64 / base64url / "any" base64, hex and
// UTF-8. Decoders get valid input (must agree with Buffer) and garbage, mostly near-misses made by
// mutating valid encodings (must never trap and must agree with the strict reference).
// The PRNG seed is printed; set ENCODING_SEED to replay.
//   npm run build -- testing && node --import tsx --test tests/host/crypto/encoding.test.ts
import { test } from "node:test";
import assert from "node:assert/strict";
import { built, hex, numberFromEnv, randomFrom, seedFromEnv, sfc32 } from "../support/differential.ts";

const wasm = await built.hash();

const SEED = seedFromEnv("ENCODING_SEED");
console.log(`encoding differential seed: ENCODING_SEED=${SEED}`);

const { random, int, pick, bytes } = randomFrom(sfc32(SEED));
const CASES = numberFromEnv("ENCODING_CASES", 10_000);

// ---- strict references -------------------------------------------------------------------------
// Canonical means: only the alphabet's characters, and re-encoding the decoded bytes gives back the
// very same text (this rules out bad lengths, bad padding and non-zero unused bits at once).

function refStandard(s: string): string | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 != 0) return null;
  const b = Buffer.from(s, "base64");
  return b.toString("base64") === s ? b.toString("hex") : null;
}
function refUrl(s: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  const b = Buffer.from(s, "base64url");
  return b.toString("base64url") === s ? b.toString("hex") : null;
}
/** Either alphabet (never both), padding absent or complete. */
function refAny(s: string): string | null {
  const body = s.replace(/=+$/, "");
  const pads = s.length - body.length;
  if (pads > 0 && (s.length % 4 != 0 || pads > 2)) return null;
  const standard = /^[A-Za-z0-9+/]*$/.test(body);
  const url = /^[A-Za-z0-9_-]*$/.test(body);
  if (!standard && !url) return null;
  const b = Buffer.from(body, url ? "base64url" : "base64");
  const again = b.toString("base64url");
  const canonical = url ? again : again.replace(/-/g, "+").replace(/_/g, "/");
  return canonical === body ? b.toString("hex") : null;
}
function refHex(s: string): string | null {
  return /^([0-9a-fA-F]{2})*$/.test(s) ? s.toLowerCase() : null;
}
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
function refUtf8(b: Uint8Array): string | null {
  try {
    return strictUtf8.decode(b);
  } catch {
    return null;
  }
}

// ---- near-miss generators ----------------------------------------------------------------------

const NOISE = ["=", "==", "+", "/", "-", "_", " ", "\n", "\t", ".", "%", "\0", "é", "\u0141", "\uD800", "😀", "A", "Q", "g", "w", "0", "9"];

/** A valid encoding with one to three random edits: most stay near the edge of validity. */
function mutate(s: string): string {
  let out = s;
  for (let k = int(1, 3); k > 0; k--) {
    const at = int(0, out.length);
    switch (int(0, 5)) {
      case 0: out = out.slice(0, at) + pick(NOISE) + out.slice(at); break; // insert
      case 1: out = out.slice(0, at) + out.slice(at + 1); break; // delete
      case 2: out = out.slice(0, at) + pick(NOISE) + out.slice(at + 1); break; // replace
      case 3: out = out + pick(NOISE); break; // append
      case 4: out = out.slice(0, Math.max(0, out.length - int(1, 3))); break; // truncate
      default: { // change the last data character, which is where unused bits live
        const body = out.replace(/=+$/, "");
        if (body.length > 0) out = body.slice(0, -1) + pick([..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_"]) + out.slice(body.length);
      }
    }
  }
  return out;
}
function randomText(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_=";
  let s = "";
  for (let n = int(0, 24); n > 0; n--) s += random() < 0.9 ? alphabet[int(0, alphabet.length - 1)] : pick(NOISE);
  return s;
}

// ---- tests -------------------------------------------------------------------------------------

test(`base64 and base64url: ${CASES} random byte strings encode like Buffer and round-trip`, () => {
  for (let i = 0; i < CASES; i++) {
    const b = bytes(random() < 0.8 ? int(0, 64) : int(0, 3000));
    const std = Buffer.from(b).toString("base64");
    const url = Buffer.from(b).toString("base64url");
    assert.equal(wasm.base64Encode(b), std, `case ${i}`);
    assert.equal(wasm.base64UrlEncode(b), url, `case ${i}`);
    assert.equal(Buffer.from(wasm.base64UrlEncodeToBytes(b)).toString("latin1"), url, `case ${i}`);
    const h = Buffer.from(b).toString("hex");
    assert.equal(hex(wasm.base64Decode(std)), h, `decode standard, case ${i}`);
    assert.equal(hex(wasm.base64UrlDecode(url)), h, `decode url, case ${i}`);
    assert.equal(hex(wasm.base64AnyDecode(std)), h, `any ← standard, case ${i}`);
    assert.equal(hex(wasm.base64AnyDecode(url)), h, `any ← url, case ${i}`);
    assert.equal(hex(wasm.base64AnyDecode(std.replace(/=+$/, ""))), h, `any ← unpadded standard, case ${i}`);
  }
});

test(`base64 decoders: ${3 * CASES} near-miss and random strings never trap and match the strict reference`, () => {
  let accepted = 0;
  for (let i = 0; i < 3 * CASES; i++) {
    const b = bytes(int(0, 20));
    const r = random();
    const s = r < 0.4 ? mutate(Buffer.from(b).toString("base64")) : r < 0.8 ? mutate(Buffer.from(b).toString("base64url")) : randomText();
    const std = hex(wasm.base64Decode(s));
    const url = hex(wasm.base64UrlDecode(s));
    const any = hex(wasm.base64AnyDecode(s));
    assert.equal(std, refStandard(s), `base64Decode(${JSON.stringify(s)})`);
    assert.equal(url, refUrl(s), `base64UrlDecode(${JSON.stringify(s)})`);
    assert.equal(any, refAny(s), `base64AnyDecode(${JSON.stringify(s)})`);
    if (std !== null || url !== null) accepted++;
  }
  // The mutations must not all be rejected for trivial reasons: some land on valid text.
  assert.ok(accepted > CASES / 20, `only ${accepted} mutated strings were valid`);
});

test(`base64UrlDecodeBytes: ${CASES} random ranges (some out of bounds) never trap and match the reference`, () => {
  for (let i = 0; i < CASES; i++) {
    const segment = random() < 0.7 ? Buffer.from(bytes(int(0, 30))).toString("base64url") : mutate(Buffer.from(bytes(int(0, 30))).toString("base64url"));
    const raw = Buffer.from(`${"x".repeat(int(0, 5))}.${segment}.${"y".repeat(int(0, 5))}`, "utf8");
    const start = raw.indexOf(".") + 1;
    const end = raw.lastIndexOf(".");
    const inRange = random() < 0.8;
    const s = inRange ? start : int(-3, raw.length + 3);
    const e = inRange ? end : int(-3, raw.length + 3);
    const ours = hex(wasm.base64UrlDecodeBytes(raw, s, e));
    const expected = s < 0 || e < s || e > raw.length ? null : refUrl(raw.subarray(s, e).toString("latin1"));
    // A raw byte ≥ 0x80 shows up as a latin1 character outside the alphabet, so the reference rejects it.
    assert.equal(ours, expected, `range [${s}, ${e}) of ${JSON.stringify(raw.toString("latin1"))}`);
  }
});

test(`hex: ${CASES} round trips and ${CASES} near-misses match the reference`, () => {
  for (let i = 0; i < CASES; i++) {
    const b = bytes(int(0, 64));
    const h = Buffer.from(b).toString("hex");
    assert.equal(wasm.hexEncode(b), h);
    const mixed = [...h].map((c) => (random() < 0.5 ? c.toUpperCase() : c)).join("");
    assert.equal(hex(wasm.hexDecode(mixed)), h);
    const bad = mutate(mixed);
    assert.equal(hex(wasm.hexDecode(bad)), refHex(bad), `hexDecode(${JSON.stringify(bad)})`);
  }
});

/** Byte strings near UTF-8: encoded random code points (all lengths), then sometimes corrupted. */
function utf8Candidate(): Uint8Array {
  const parts: number[] = [];
  for (let n = int(0, 12); n > 0; n--) {
    const r = random();
    const cp = r < 0.4 ? int(0, 0x7f) : r < 0.6 ? int(0x80, 0x7ff) : r < 0.8 ? int(0x800, 0xffff) : int(0x10000, 0x10ffff);
    if (cp >= 0xd800 && cp <= 0xdfff) {
      // Encode the surrogate the way CESU/WTF-8 would: three bytes that UTF-8 forbids.
      parts.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    } else {
      parts.push(...Buffer.from(String.fromCodePoint(cp), "utf8"));
    }
  }
  const b = Uint8Array.from(parts);
  const r = random();
  if (r < 0.3 || b.length == 0) return b;
  const c = Uint8Array.from(b);
  if (r < 0.5) c[int(0, c.length - 1)] = int(0, 255);
  else if (r < 0.7) return c.subarray(0, int(0, c.length - 1)); // truncation
  else if (r < 0.85) c[int(0, c.length - 1)] = pick([0x80, 0xbf, 0xc0, 0xc1, 0xe0, 0xed, 0xf0, 0xf4, 0xf5, 0xff]);
  else {
    // Overlong form of a random ASCII or two-byte character.
    const cp = int(0, 0x7ff);
    return Uint8Array.from([...c, 0xe0, 0x80 | (cp >> 6), 0x80 | (cp & 0x3f)]);
  }
  return c;
}

test(`utf8: ${3 * CASES} near-valid byte strings validate and decode exactly as fatal TextDecoder`, () => {
  let invalid = 0;
  for (let i = 0; i < 3 * CASES; i++) {
    const b = utf8Candidate();
    const expected = refUtf8(b);
    assert.equal(wasm.isValidUtf8(b), expected !== null, `isValidUtf8(${hex(b)})`);
    assert.equal(wasm.utf8Decode(b), expected, `utf8Decode(${hex(b)})`);
    if (expected === null) invalid++;
  }
  assert.ok(invalid > CASES / 10 && invalid < 2.5 * CASES, `${invalid} invalid: both outcomes must be exercised`);
});

test(`utf8Encode: ${CASES} random strings (lone surrogates included) encode like Buffer`, () => {
  for (let i = 0; i < CASES; i++) {
    let s = "";
    for (let n = int(0, 12); n > 0; n--) {
      const r = random();
      s += r < 0.1 ? String.fromCharCode(int(0xd800, 0xdfff)) : String.fromCodePoint(r < 0.5 ? int(0, 0x7f) : r < 0.8 ? int(0x80, 0xd7ff) : int(0x10000, 0x10ffff));
    }
    assert.equal(hex(wasm.utf8Encode(s)), Buffer.from(s, "utf8").toString("hex"), `utf8Encode(${JSON.stringify(s)})`);
  }
});
