// Numbers keep their source text, and no value is rounded silently: a number is a safe integer only
// when its exact decimal value is whole and within ±(2^53−1); larger whole numbers are flagged big.
import { parseJsonString } from "../../../assembly/core/json/parser";
import { JsonStatus, JsonValue } from "../../../assembly/core/json/value";

function num(text: string): JsonValue {
  const r = parseJsonString(text);
  expect(r.ok).toBe(true, text + ": " + r.error);
  const v = r.value!;
  expect(v.isNumber()).toBe(true);
  expect(v.numberText()).toBe(text);
  return v;
}

function safe(text: string, want: i64): void {
  const v = num(text);
  expect(v.isSafeInteger()).toBe(true, text);
  expect(v.isIntegral()).toBe(true, text);
  expect(v.isBigInteger()).toBe(false, text);
  const f = v.asSafeInteger();
  expect(f.status).toBe(JsonStatus.Ok, text);
  expect(f.value).toBe(want, text);
  expect(v.asNumber().value).toBe(<f64>want, text);
}

function big(text: string, nearest: f64): void {
  const v = num(text);
  expect(v.isSafeInteger()).toBe(false, text);
  expect(v.isBigInteger()).toBe(true, text);
  expect(v.asSafeInteger().status).toBe(JsonStatus.NotSafeInteger, text);
  expect(v.asNumber().value).toBe(nearest, text);
}

function fraction(text: string, want: f64): void {
  const v = num(text);
  expect(v.isSafeInteger()).toBe(false, text);
  expect(v.isIntegral()).toBe(false, text);
  expect(v.isBigInteger()).toBe(false, text);
  expect(v.asSafeInteger().status).toBe(JsonStatus.NotSafeInteger, text);
  expect(v.asNumber().value).toBe(want, text);
}

function bits(text: string): u64 {
  return reinterpret<u64>(num(text).asNumber().value);
}

function refused(text: string): void {
  const r = parseJsonString(text);
  expect(r.ok).toBe(false, text);
  expect(r.error).toBe("number out of range", text);
  expect(r.offset).toBe(0);
}

describe("safe integers", () => {
  it("integers within ±(2^53−1) are exact in both forms", () => {
    safe("0", 0);
    safe("-0", 0);
    safe("7", 7);
    safe("-7", -7);
    safe("1311281970", 1311281970);
    safe("9007199254740991", 9007199254740991);
    safe("-9007199254740991", -9007199254740991);
    safe("999999999999999", 999999999999999);
    safe("1000000000000000", 1000000000000000);
  });

  it("whole values spelled with a fraction or an exponent are safe integers too", () => {
    safe("1.0", 1);
    safe("1.5e9", 1500000000);
    safe("1311281970.000", 1311281970);
    safe("13112819.70e2", 1311281970);
    safe("1E3", 1000);
    safe("0.0", 0);
    safe("0e5", 0);
    safe("-0.0e-7", 0);
    safe("900719925474099.1e1", 9007199254740991);
    safe("9.007199254740991e15", 9007199254740991);
    safe("90071992547409910e-1", 9007199254740991);
    safe("0.00000000000000000000000000000000000000000001e44", 1);
    const v = num("1.5e9");
    expect(v.hasIntegerSyntax()).toBe(false);
    expect(num("15").hasIntegerSyntax()).toBe(true);
  });

  it("keeps -0 as a double but 0 as an integer", () => {
    const v = num("-0");
    expect(reinterpret<u64>(v.asNumber().value)).toBe(0x8000000000000000);
    expect(v.asSafeInteger().value).toBe(0);
  });
});

describe("big integers are flagged, never rounded silently", () => {
  it("just beyond 2^53−1", () => {
    big("9007199254740992", 9007199254740992.0);
    big("9007199254740993", 9007199254740992.0);
    big("-9007199254740993", -9007199254740992.0);
    big("9007199254740992.0", 9007199254740992.0);
    big("9.007199254740993e15", 9007199254740992.0);
  });

  it("far beyond, up to the largest double", () => {
    big("18446744073709551616", 18446744073709551616.0);
    big("100000000000000000000", 1e20);
    big("1e300", 1e300);
    big("-237462374673276894279832749832423479823246327846", -2.374623746732769e47);
    big("1.7976931348623157e308", 1.7976931348623157e308);
    let digits = "1";
    for (let i = 0; i < 300; i++) digits += "0";
    big(digits, 1e300);
  });

  it("an exp of 1e400 or a 400-digit integer is refused outright", () => {
    refused("1e400");
    refused("-1e400");
    refused("1.8e308");
    refused("17976931348623159e292"); // the halfway point up from the largest double rounds to infinity
    let digits = "1";
    for (let i = 0; i < 400; i++) digits += "0";
    refused(digits);
    refused("1e99999999999999999999999");
  });
});

describe("fractions", () => {
  it("are correctly rounded", () => {
    fraction("0.1", 0.1);
    fraction("-122.3959", -122.3959);
    fraction("2.5", 2.5);
    fraction("1e-7", 1e-7);
    fraction("3.141592653589793", 3.141592653589793);
    fraction("1.0000000000000000001", 1.0);
    fraction("9007199254740991.5", 9007199254740992.0);
    fraction("5e-324", 5e-324);
    fraction("2.2250738585072014e-308", 2.2250738585072014e-308);
    fraction("1e-400", 0.0);
    fraction("123e-10000000", 0.0);
  });

  it("round halfway cases to even, using every digit", () => {
    // 2^53 + 1 lies exactly between two doubles: ties go to the even mantissa.
    expect(bits("9007199254740993.0")).toBe(0x4340000000000000);
    // One more digit past the tie breaks it upwards.
    expect(bits("9007199254740993.00000000000000000000000000001")).toBe(0x4340000000000001);
    // Halfway between 1 and the next double (1 + 2^-53), then just above it.
    expect(bits("1.00000000000000011102230246251565404236316680908203125")).toBe(0x3ff0000000000000);
    expect(bits("1.00000000000000011102230246251565404236316680908203126")).toBe(0x3ff0000000000001);
    // The smallest subnormal, its half (ties to even: 0) and a hair above half.
    expect(bits("4.9406564584124654e-324")).toBe(1);
    expect(bits("2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324")).toBe(0);
    expect(bits("2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328126e-324")).toBe(1);
    // The largest subnormal and the smallest normal.
    expect(bits("2.2250738585072009e-308")).toBe(0x000fffffffffffff);
    expect(bits("2.2250738585072014e-308")).toBe(0x0010000000000000);
  });

  it("handle long mantissas and far exponents", () => {
    let ones = "0.";
    for (let i = 0; i < 2000; i++) ones += "1";
    expect(num(ones).asNumber().value).toBe(0.1111111111111111);
    let zeros = "0.";
    for (let i = 0; i < 320; i++) zeros += "0";
    expect(num(zeros + "1e10").asNumber().value).toBe(1e-311);
    expect(bits(zeros + "1e-10")).toBe(0);
    expect(num("1" + zeros.substring(2) + "e-320").asNumber().value).toBe(1.0);
  });
});

describe("number grammar", () => {
  it("refuses what RFC 8259 §6 does not allow, at the offending byte", () => {
    const bad: string[] = ["01", "-01", "+1", ".5", "1.", "1.e5", "1e", "1e+", "-", "--1", "0x10", "1_000", "Infinity", "NaN", "-Infinity"];
    const at: i32[] = [1, 2, 0, 0, 2, 2, 2, 3, 1, 1, 1, 1, 0, 0, 1];
    for (let i = 0; i < bad.length; i++) {
      const r = parseJsonString(bad[i]);
      expect(r.ok).toBe(false, bad[i]);
      expect(r.offset).toBe(at[i], bad[i]);
    }
  });
});
