import { Result } from "../../assembly/core/result";

describe("Result", () => {
  it("carries a value when ok", () => {
    const r = Result.ok<string>("x");
    expect(r.ok).toBe(true);
    expect(r.unwrap()).toBe("x");
  });
  it("never reports an empty error as success", () => {
    const r = Result.err<string>("");
    expect(r.ok).toBe(false);
    expect(r.error).toBe("error");
  });
});
