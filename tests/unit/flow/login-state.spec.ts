import { LoginState, loginCookieName, sealLoginState, openLoginState, LOGIN_STATE_MAX_AGE_SECONDS } from "../../../assembly/core/session/login-state";
import { Config } from "../../../assembly/core/config/config";
import { ConfigBuilder, CounterEntropy } from "./helpers";

const T0: i64 = 1700000000;
const STATE = "AbCdEfGhIjKlMnOp_-rest-of-the-state";

function config(): Config { return new ConfigBuilder().build(); }

function sealed(cfg: Config, name: string, createdAt: i64): string {
  return sealLoginState(cfg.keys.loginState, name, new LoginState(STATE, "nonce", "verifier", "/back", createdAt), new CounterEntropy())!;
}

describe("loginCookieName", () => {
  it("is the prefix plus the first 16 characters of the state", () => {
    expect(loginCookieName("__Host-oidc_login_", STATE)).toBe("__Host-oidc_login_AbCdEfGhIjKlMnOp");
  });
  it("is null for a state shorter than 16 characters", () => {
    expect(loginCookieName("p_", "short")).toBeNull();
    expect(loginCookieName("p_", "")).toBeNull();
    expect(loginCookieName("p_", "a".repeat(15))).toBeNull();
  });
  it("is null when the first 16 characters are not base64url", () => {
    expect(loginCookieName("p_", "AbCdEfGh;x=1aaaaaaaa")).toBeNull();
    expect(loginCookieName("p_", "AbCdEfGh IjKlMnOp")).toBeNull();
    expect(loginCookieName("p_", "AbCdEfGh%3BjKlMnOp")).toBeNull();
    expect(loginCookieName("p_", "AbCdEfGh+jKlMnOp")).toBeNull();
    expect(loginCookieName("p_", "AbCdEfGh\u00e9jKlMnOp")).toBeNull();
  });
  it("ignores characters after the 16th", () => {
    expect(loginCookieName("p_", "AbCdEfGhIjKlMnOp;=%")).toBe("p_AbCdEfGhIjKlMnOp");
  });
});

describe("openLoginState", () => {
  it("opens what was sealed for the same cookie name", () => {
    const cfg = config();
    const s = openLoginState(cfg.keys.loginState, "n", sealed(cfg, "n", T0), T0 + 5, 60)!;
    expect(s.state).toBe(STATE);
    expect(s.returnTo).toBe("/back");
    expect(s.createdAt).toBe(T0);
  });
  it("accepts a flow exactly 10 minutes old", () => {
    const cfg = config();
    expect(openLoginState(cfg.keys.loginState, "n", sealed(cfg, "n", T0), T0 + LOGIN_STATE_MAX_AGE_SECONDS, 60)).not.toBeNull();
  });
  it("refuses a flow older than 10 minutes", () => {
    const cfg = config();
    expect(LOGIN_STATE_MAX_AGE_SECONDS).toBe(600);
    expect(openLoginState(cfg.keys.loginState, "n", sealed(cfg, "n", T0), T0 + 601, 60)).toBeNull();
  });
  it("refuses a createdAt in the future beyond the skew", () => {
    const cfg = config();
    expect(openLoginState(cfg.keys.loginState, "n", sealed(cfg, "n", T0), T0 - 61, 60)).toBeNull();
    expect(openLoginState(cfg.keys.loginState, "n", sealed(cfg, "n", T0), T0 - 60, 60)).not.toBeNull();
  });
  it("refuses a value sealed for another cookie name (another tab's flow)", () => {
    const cfg = config();
    expect(openLoginState(cfg.keys.loginState, "other", sealed(cfg, "n", T0), T0, 60)).toBeNull();
  });
  it("refuses to open with the session keys", () => {
    const cfg = config();
    expect(openLoginState(cfg.keys.session, "n", sealed(cfg, "n", T0), T0, 60)).toBeNull();
  });
  it("refuses a value sealed under another cookie secret", () => {
    const cfg = config();
    const other = new ConfigBuilder().set("cookie_secret", '"Pt4Xw9Ae2Kd7Mv1Qs6Jh3Bn8Cz5Lr0Uy"').build();
    expect(openLoginState(other.keys.loginState, "n", sealed(cfg, "n", T0), T0, 60)).toBeNull();
  });
  it("refuses garbage without trapping", () => {
    const cfg = config();
    expect(openLoginState(cfg.keys.loginState, "n", "", T0, 60)).toBeNull();
    expect(openLoginState(cfg.keys.loginState, "n", "AQ", T0, 60)).toBeNull();
    expect(openLoginState(cfg.keys.loginState, "n", "%%%", T0, 60)).toBeNull();
  });
});
