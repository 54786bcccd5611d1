import { parseDurationSeconds, MAX_DURATION_SECONDS } from "../../../assembly/core/config/duration";

describe("parseDurationSeconds", () => {
  it("reads hours, minutes and seconds", () => {
    expect(parseDurationSeconds("168h")).toBe(604800);
    expect(parseDurationSeconds("45s")).toBe(45);
    expect(parseDurationSeconds("10m")).toBe(600);
  });
  it("reads combined units", () => {
    expect(parseDurationSeconds("1h30m")).toBe(5400);
    expect(parseDurationSeconds("1h30m15s")).toBe(5415);
    expect(parseDurationSeconds("2m3s")).toBe(123);
  });
  it("reads zero in every form", () => {
    expect(parseDurationSeconds("0")).toBe(0);
    expect(parseDurationSeconds("0s")).toBe(0);
    expect(parseDurationSeconds("0h0m")).toBe(0);
  });
  it("reads bare digits as whole seconds", () => {
    expect(parseDurationSeconds("3600")).toBe(3600);
    expect(parseDurationSeconds("007")).toBe(7);
  });
  it("refuses bare digits after a unit (1h30)", () => {
    expect(parseDurationSeconds("1h30")).toBe(-1);
  });
  it("refuses a unit without digits", () => {
    expect(parseDurationSeconds("h")).toBe(-1);
    expect(parseDurationSeconds("1hm")).toBe(-1);
  });
  it("refuses signs", () => {
    expect(parseDurationSeconds("-1")).toBe(-1);
    expect(parseDurationSeconds("+1")).toBe(-1);
    expect(parseDurationSeconds("-1h")).toBe(-1);
  });
  it("refuses fractions", () => {
    expect(parseDurationSeconds("1.5h")).toBe(-1);
    expect(parseDurationSeconds("1.0")).toBe(-1);
  });
  it("refuses unknown units and Go units it does not support", () => {
    expect(parseDurationSeconds("1d")).toBe(-1);
    expect(parseDurationSeconds("100ms")).toBe(-1);
    expect(parseDurationSeconds("1H")).toBe(-1);
    expect(parseDurationSeconds("5us")).toBe(-1);
  });
  it("refuses whitespace and empty input", () => {
    expect(parseDurationSeconds("")).toBe(-1);
    expect(parseDurationSeconds(" 1h")).toBe(-1);
    expect(parseDurationSeconds("1h ")).toBe(-1);
    expect(parseDurationSeconds("1 h")).toBe(-1);
  });
  it("accepts the maximum and refuses one second more", () => {
    expect(parseDurationSeconds(MAX_DURATION_SECONDS.toString())).toBe(MAX_DURATION_SECONDS);
    expect(parseDurationSeconds((MAX_DURATION_SECONDS + 1).toString())).toBe(-1);
    expect(parseDurationSeconds(MAX_DURATION_SECONDS.toString() + "s")).toBe(MAX_DURATION_SECONDS);
  });
  it("refuses overflow in any unit without wrapping", () => {
    expect(parseDurationSeconds("99999999999999999999")).toBe(-1);
    expect(parseDurationSeconds("9223372036854775807s")).toBe(-1);
    expect(parseDurationSeconds("100000h")).toBe(-1);
    expect(parseDurationSeconds("87000h87000h")).toBe(-1);
    expect(parseDurationSeconds("6000000m")).toBe(-1);
  });
  it("refuses strings longer than 32 characters", () => {
    expect(parseDurationSeconds("0".repeat(33))).toBe(-1);
    expect(parseDurationSeconds("0".repeat(32))).toBe(0);
  });
});
