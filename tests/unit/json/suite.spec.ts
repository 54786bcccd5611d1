// RFC 8259 conformance table in the style of JSONTestSuite (cases written for this project):
//   y_  must be accepted,  n_  must be rejected,
//   i_  implementation-defined by RFC 8259; the suffix states our choice, and why is given here:
//     - duplicate member names: rejected (RFC 8259 §4 leaves it open; RFC 7515 §5.2, RFC 7519 §4 and
//       security.md item 11 require it for JOSE: two "iss" must not be resolved by "last one wins").
//     - \u escapes of lone or reversed surrogates: rejected (RFC 8259 §8.2 calls the result
//       unpredictable; a string that is not Unicode must never reach a claim comparison).
//     - a byte order mark: rejected (RFC 8259 §8.1: "MUST NOT add", parsers "MAY ignore"; IdPs never send one).
//     - numbers beyond the largest double (1e400): rejected (RFC 8259 §6 permits range limits; there is
//       no finite value to compare against). Underflow to zero and integers beyond 2^53 are accepted;
//       the latter are flagged "big" (see number.spec.ts) so exp/iat readers refuse them.
//     - nesting deeper than JsonLimits.maxDepth (32 by default), strings or number literals longer than
//       maxStringBytes (64 KiB), more than maxMembers (10,000) in one container or maxValues (100,000)
//       in all, input over maxInputBytes (1 MiB): rejected (RFC 8259 §9 permits all of these limits).
//     - Unicode noncharacters (U+FFFE, U+FDD0, U+10FFFF): accepted, they are well-formed UTF-8.
//   The y_ rows are in suite-accepted.ts, the n_ rows in suite-rejected.ts, the i_ rows below.
import { parseJson } from "../../../assembly/core/json/parser";
import { ACCEPTED_CASES } from "./suite-accepted";
import { REJECTED_CASES } from "./suite-rejected";

/** Bytes of a case: "hex:…" for byte sequences no string literal can hold, else UTF-8 of the text. */
function caseBytes(input: string): Uint8Array | null {
  if (!input.startsWith("hex:")) return Uint8Array.wrap(String.UTF8.encode(input));
  const hex = input.substring(4);
  if (hex.length % 2 != 0) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const v = I32.parseInt(hex.substr(i * 2, 2), 16);
    if (isNaN(<f64>v) || v < 0 || v > 255) return null;
    out[i] = <u8>v;
  }
  return out;
}

const CHOICE_CASES: string[][] = [
  ["i_object_duplicate_key_rejected", "n", "{\"a\":1,\"a\":2}"],
  ["i_object_duplicate_key_same_value_rejected", "n", "{\"a\":1,\"a\":1}"],
  ["i_object_duplicate_key_escaped_rejected", "n", "{\"a\":1,\"\\u0061\":2}"],
  ["i_object_duplicate_key_nested_rejected", "n", "{\"x\":{\"iss\":\"a\",\"iss\":\"b\"}}"],
  ["i_object_duplicate_key_different_types_rejected", "n", "{\"iss\":\"a\",\"iss\":null}"],
  ["i_object_duplicate_empty_key_rejected", "n", "{\"\":1,\"\":2}"],
  ["i_string_lone_high_surrogate_rejected", "n", "[\"\\uD800\"]"],
  ["i_string_lone_low_surrogate_rejected", "n", "[\"\\uDC00\"]"],
  ["i_string_high_then_high_rejected", "n", "[\"\\uD800\\uD800\"]"],
  ["i_string_high_then_ascii_rejected", "n", "[\"\\uD800abc\"]"],
  ["i_string_high_then_escape_n_rejected", "n", "[\"\\uD800\\n\"]"],
  ["i_string_reversed_pair_rejected", "n", "[\"\\uDC00\\uD800\"]"],
  ["i_string_high_surrogate_at_end_rejected", "n", "\"\\uDBFF\""],
  ["i_string_high_then_raw_low_rejected", "n", "hex:225c7544383030edb08022"],
  ["i_structure_UTF8_BOM_rejected", "n", "hex:efbbbf7b7d"],
  ["i_structure_UTF16_BOM_rejected", "n", "hex:feff7b7d"],
  ["i_number_huge_exponent_rejected", "n", "[1e400]"],
  ["i_number_negative_huge_exponent_rejected", "n", "[-1e400]"],
  ["i_number_huge_exponent_fraction_rejected", "n", "[1.5e+9999]"],
  ["i_number_just_above_max_double_rejected", "n", "[1.7976931348623159e308]"],
  ["i_number_tiny_underflows_to_zero_accepted", "y", "[1e-400]"],
  ["i_number_real_underflow_accepted", "y", "[123e-10000000]"],
  ["i_number_huge_negative_exponent_accepted", "y", "[123.456e-789]"],
  ["i_number_very_big_negative_int_accepted", "y", "[-237462374673276894279832749832423479823246327846]"],
  ["i_number_too_big_positive_int_accepted", "y", "[100000000000000000000]"],
  ["i_number_zero_with_huge_exponent_accepted", "y", "[0e99999999999999999999]"],
  ["i_number_beyond_safe_integer_accepted", "y", "[9007199254740993]"],
  ["i_string_raw_noncharacter_FFFE_accepted", "y", "hex:22efbfbe22"],
  ["i_string_escaped_noncharacter_FFFE_accepted", "y", "\"\\uFFFE\""],
  ["i_structure_depth_33_rejected", "n", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"],
  ["i_structure_depth_32_accepted", "y", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"],
  ["i_structure_object_depth_33_rejected", "n", "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}"]
];

const CASES: string[][] = ACCEPTED_CASES.concat(REJECTED_CASES).concat(CHOICE_CASES);

let next = 0;

function runCase(): void {
  const row = CASES[next++];
  const bytes = caseBytes(row[2]);
  expect(bytes).not.toBeNull("malformed hex in the case table");
  if (bytes == null) return;
  const r = parseJson(bytes);
  if (row[1] == "y") {
    expect(r.error).toBe("", row[0]);
    expect(r.ok).toBe(true, row[0]);
    expect(r.offset).toBe(-1);
  } else {
    expect(r.ok).toBe(false, row[0]);
    expect(r.value).toBeNull();
    expect(r.error.length).toBeGreaterThan(0);
    expect(r.offset).toBeGreaterThanOrEqual(0);
    expect(r.offset).toBeLessThanOrEqual(bytes.length);
  }
}

describe("RFC 8259 conformance table", () => {
  it("has at least 150 named cases, each with a verdict", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
    for (let i = 0; i < CASES.length; i++) {
      expect(CASES[i].length).toBe(3);
      const v = CASES[i][1];
      expect(v == "y" || v == "n").toBe(true, CASES[i][0]);
    }
  });
  for (let i = 0; i < CASES.length; i++) {
    it(CASES[i][0], runCase);
  }
});
