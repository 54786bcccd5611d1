import { Session, readSession, writeSession, clearSession, chunkName, MAX_CHUNKS, CHUNK_CHARS } from "../../../assembly/core/session/session";
import { Cookie, parseCookieHeader } from "../../../assembly/core/encoding/cookie";
import { Config } from "../../../assembly/core/config/config";
import { ConfigBuilder, CounterEntropy, cookiePair } from "./helpers";

function config(): Config { return new ConfigBuilder().build(); }

function session(idTokenChars: i32): Session {
  const s = new Session();
  s.createdAt = 1700000000;
  s.expiresAt = 1700604800;
  s.lastSeen = 1700000000;
  s.idTokenExp = 1700000600;
  s.subject = "user-1";
  s.idToken = "h." + "p".repeat(idTokenChars) + ".s";
  s.refreshToken = "refresh-1";
  return s;
}

/** The browser's Cookie header for a set of Set-Cookie lines (those with a value). */
function jar(setCookies: Array<string>, extra: string = ""): Array<Cookie> {
  const pairs = new Array<string>();
  for (let i = 0; i < setCookies.length; i++) {
    const p = cookiePair(setCookies[i]);
    if (!p.endsWith("=")) pairs.push(p);
  }
  if (extra.length > 0) pairs.push(extra);
  const out = new Array<Cookie>();
  parseCookieHeader(pairs.join("; "), out);
  return out;
}

function write(cfg: Config, s: Session, existing: Array<Cookie> = [], firstCall: i32 = 0): Array<string> {
  const e = new CounterEntropy();
  e.calls = firstCall;
  return writeSession(cfg.keys.session, cfg.cookies, cfg.sessionCookieName(), s, 604800, existing, e)!;
}

function read(cfg: Config, cookies: Array<Cookie>): Session | null {
  return readSession(cfg.keys.session, cfg.sessionCookieName(), cookies);
}

function valueOf(cookies: Array<Cookie>, name: string): string {
  for (let i = 0; i < cookies.length; i++) if (cookies[i].name == name) return cookies[i].value;
  return "";
}

function without(cookies: Array<Cookie>, name: string): Array<Cookie> {
  const out = new Array<Cookie>();
  for (let i = 0; i < cookies.length; i++) if (cookies[i].name != name) out.push(cookies[i]);
  return out;
}

function setValue(cookies: Array<Cookie>, name: string, value: string): void {
  for (let i = 0; i < cookies.length; i++) if (cookies[i].name == name) cookies[i].value = value;
}

describe("session cookies", () => {
  it("a small session is one cookie named __Host-oidc_session with count prefix 1.", () => {
    const cfg = config();
    const out = write(cfg, session(100));
    expect(out.length).toBe(1);
    expect(out[0].startsWith("__Host-oidc_session=1.")).toBe(true);
    expect(out[0].includes("; Secure")).toBe(true);
    expect(out[0].includes("HttpOnly")).toBe(true);
  });
  it("round-trips a small session", () => {
    const cfg = config();
    const s = read(cfg, jar(write(cfg, session(100))))!;
    expect(s.subject).toBe("user-1");
    expect(s.refreshToken).toBe("refresh-1");
    expect(s.idTokenExp).toBe(1700000600);
  });
  it("splits a 10 KB ID token into several cookies, each under 4000 bytes with attributes", () => {
    const cfg = config();
    const out = write(cfg, session(10240));
    expect(out.length).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < out.length; i++) {
      expect(out[i].length).toBeLessThan(4000);
      expect(cookiePair(out[i]).startsWith(chunkName("__Host-oidc_session", i) + "=")).toBe(true);
    }
    expect(out[0].startsWith("__Host-oidc_session=" + out.length.toString() + ".")).toBe(true);
  });
  it("reads a chunked session back", () => {
    const cfg = config();
    const s = read(cfg, jar(write(cfg, session(10240))))!;
    expect(s.idToken.length).toBe(10244);
  });
  it("reads chunks in any cookie order", () => {
    const cfg = config();
    const c = jar(write(cfg, session(10240)));
    c.reverse();
    expect(read(cfg, c)).not.toBeNull();
  });
  it("a missing chunk means no session", () => {
    const cfg = config();
    const c = jar(write(cfg, session(10240)));
    expect(read(cfg, without(c, "__Host-oidc_session_2"))).toBeNull();
    expect(read(cfg, without(c, "__Host-oidc_session"))).toBeNull();
  });
  it("swapped chunk values mean no session", () => {
    const cfg = config();
    const c = jar(write(cfg, session(10240)));
    const a = valueOf(c, "__Host-oidc_session_1");
    const b = valueOf(c, "__Host-oidc_session_2");
    setValue(c, "__Host-oidc_session_1", b);
    setValue(c, "__Host-oidc_session_2", a);
    expect(read(cfg, c)).toBeNull();
  });
  it("a duplicated chunk means no session", () => {
    const cfg = config();
    const c = jar(write(cfg, session(10240)));
    c.push(new Cookie("__Host-oidc_session_1", valueOf(c, "__Host-oidc_session_1")));
    expect(read(cfg, c)).toBeNull();
    const d = jar(write(cfg, session(10240)));
    d.push(new Cookie("__Host-oidc_session", valueOf(d, "__Host-oidc_session")));
    expect(read(cfg, d)).toBeNull();
  });
  it("a chunk from another session means no session", () => {
    const cfg = config();
    const c = jar(write(cfg, session(10240)));
    const other = jar(write(cfg, session(10240), [], 5)); // same content, another nonce
    setValue(c, "__Host-oidc_session_1", valueOf(other, "__Host-oidc_session_1"));
    expect(read(cfg, c)).toBeNull();
  });
  it("a tampered chunk count means no session", () => {
    const cfg = config();
    const c = jar(write(cfg, session(10240)));
    const first = valueOf(c, "__Host-oidc_session");
    const n = first.charCodeAt(0) - 0x30;
    setValue(c, "__Host-oidc_session", (n - 1).toString() + first.substring(1));
    expect(read(cfg, c)).toBeNull();
    setValue(c, "__Host-oidc_session", (n + 1).toString() + first.substring(1));
    c.push(new Cookie(chunkName("__Host-oidc_session", n), "AAAA"));
    expect(read(cfg, c)).toBeNull();
  });
  it("a malformed count prefix means no session without trapping", () => {
    const cfg = config();
    const bad = ["", ".", "1", "0.abc", "9.abc", "a.abc", "10.abc", "-1.x", "1.", "1..", "\u0131.x"];
    for (let i = 0; i < bad.length; i++) {
      const c = new Array<Cookie>();
      c.push(new Cookie("__Host-oidc_session", bad[i]));
      expect(read(cfg, c)).toBeNull();
    }
  });
  it("a session sealed under another cookie name does not open", () => {
    const cfg = config();
    const out = writeSession(cfg.keys.session, cfg.cookies, "oidc_session", session(10), 60, [], new CounterEntropy())!;
    const c = new Array<Cookie>();
    c.push(new Cookie("__Host-oidc_session", cookiePair(out[0]).substring("oidc_session=".length)));
    expect(read(cfg, c)).toBeNull();
  });
  it("a session larger than MAX_CHUNKS cookies is refused", () => {
    const cfg = config();
    const r = writeSession(cfg.keys.session, cfg.cookies, cfg.sessionCookieName(), session(MAX_CHUNKS * CHUNK_CHARS), 60, [], new CounterEntropy());
    expect(r).toBeNull();
  });
  it("a smaller session clears the chunks a larger one left behind", () => {
    const cfg = config();
    const big = jar(write(cfg, session(10240)));
    const out = write(cfg, session(10), big);
    let cleared = 0;
    for (let i = 1; i < out.length; i++) if (out[i].includes("Max-Age=0")) cleared++;
    expect(cleared).toBe(big.length - 1);
    expect(read(cfg, jar(out))).not.toBeNull();
  });
  it("clearSession clears chunk 0 always and every chunk present", () => {
    const cfg = config();
    const c = jar(write(cfg, session(10240)));
    c.push(new Cookie("__Host-oidc_session_7", "stale"));
    const out = clearSession(cfg.cookies, cfg.sessionCookieName(), c);
    expect(out.length).toBe(c.length);
    for (let i = 0; i < out.length; i++) {
      expect(out[i].includes("Max-Age=0")).toBe(true);
      expect(out[i].includes("=; ")).toBe(true);
    }
    expect(clearSession(cfg.cookies, cfg.sessionCookieName(), []).length).toBe(1);
  });
  it("clearSession clears chunks even when chunk 0 is missing", () => {
    const cfg = config();
    const c = new Array<Cookie>();
    c.push(new Cookie("__Host-oidc_session_3", "x"));
    const out = clearSession(cfg.cookies, cfg.sessionCookieName(), c);
    expect(out.length).toBe(2);
    expect(out[1].startsWith("__Host-oidc_session_3=;")).toBe(true);
  });
  it("a browser-session cookie has no Max-Age", () => {
    const cfg = config();
    const out = writeSession(cfg.keys.session, cfg.cookies, cfg.sessionCookieName(), session(10), -1, [], new CounterEntropy())!;
    expect(out[0].includes("Max-Age")).toBe(false);
  });
});
