import { RecordReader, RecordWriter } from "../../../assembly/core/session/codec";
import { Session } from "../../../assembly/core/session/session";
import { LoginState } from "../../../assembly/core/session/login-state";

function sampleSession(): Session {
  const s = new Session();
  s.createdAt = 1700000000;
  s.expiresAt = 1700604800;
  s.refreshAt = 1700003600;
  s.lastSeen = 1700000100;
  s.idTokenExp = -5; // negative values survive too
  s.subject = "user-1";
  s.idToken = "eyJ.x.y";
  s.refreshToken = "rt-é";
  s.accessToken = "";
  return s;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

describe("RecordWriter / RecordReader", () => {
  it("round-trips every field type", () => {
    const b = new RecordWriter().u8(7).i64(-1).i64(0x0102030405060708).str("héllo").str("").finish();
    const r = new RecordReader(b);
    expect(r.u8()).toBe(7);
    expect(r.i64()).toBe(-1);
    expect(r.i64()).toBe(0x0102030405060708);
    expect(r.str()).toBe("héllo");
    expect(r.str()).toBe("");
    expect(r.done()).toBe(true);
  });
  it("grows past its initial buffer", () => {
    const big = "x".repeat(5000);
    const r = new RecordReader(new RecordWriter().str(big).str(big).finish());
    expect(r.str().length).toBe(5000);
    expect(r.str().length).toBe(5000);
    expect(r.done()).toBe(true);
  });
  it("a length past the end fails", () => {
    const b = new Uint8Array(6);
    b[3] = 3; // claims 3 bytes, 2 present
    const r = new RecordReader(b);
    r.bytes();
    expect(r.failed).toBe(true);
  });
  it("an oversized length (> 64 KiB) fails even when the bytes are there", () => {
    const b = new Uint8Array(4 + 65537);
    b[1] = 1; b[3] = 1; // 65537
    const r = new RecordReader(b);
    r.bytes();
    expect(r.failed).toBe(true);
  });
  it("a negative length (0xFFFFFFFF) fails", () => {
    const b = new Uint8Array(8);
    b[0] = 0xff; b[1] = 0xff; b[2] = 0xff; b[3] = 0xff;
    const r = new RecordReader(b);
    r.bytes();
    expect(r.failed).toBe(true);
  });
  it("invalid UTF-8 in a string field fails", () => {
    const raw = new Uint8Array(1);
    raw[0] = 0xff;
    const r = new RecordReader(new RecordWriter().bytes(raw).finish());
    r.str();
    expect(r.failed).toBe(true);
  });
  it("after one failure every later read fails", () => {
    const r = new RecordReader(new Uint8Array(2));
    r.i64();
    expect(r.u8()).toBe(0);
    expect(r.done()).toBe(false);
  });
  it("trailing bytes make done() false", () => {
    const r = new RecordReader(new RecordWriter().u8(1).u8(2).finish());
    r.u8();
    expect(r.done()).toBe(false);
  });
  it("an empty record reads as done only when nothing was expected", () => {
    expect(new RecordReader(new Uint8Array(0)).done()).toBe(true);
  });
});

describe("Session record", () => {
  it("round-trips", () => {
    const d = Session.decode(sampleSession().encode())!;
    expect(d.createdAt).toBe(1700000000);
    expect(d.expiresAt).toBe(1700604800);
    expect(d.refreshAt).toBe(1700003600);
    expect(d.lastSeen).toBe(1700000100);
    expect(d.idTokenExp).toBe(-5);
    expect(d.subject).toBe("user-1");
    expect(d.idToken).toBe("eyJ.x.y");
    expect(d.refreshToken).toBe("rt-é");
    expect(d.accessToken).toBe("");
  });
  it("fails on truncation at every byte offset", () => {
    const b = sampleSession().encode();
    for (let n = 0; n < b.length; n++) {
      const ok = Session.decode(b.slice(0, n)) === null;
      if (!ok) log("decoded a prefix of length " + n.toString());
      expect(ok).toBe(true);
    }
  });
  it("fails with trailing bytes", () => {
    const b = sampleSession().encode();
    expect(Session.decode(concat(b, new Uint8Array(1)))).toBeNull();
  });
  it("fails on an unknown version", () => {
    const b = sampleSession().encode();
    b[0] = 2;
    expect(Session.decode(b)).toBeNull();
  });
  it("fails when a byte moves from one field's length into the next", () => {
    // CVE-2023-35941 style: shifting a length by one must never still parse.
    const b = sampleSession().encode();
    const subjectLen = 1 + 5 * 8 + 3; // low byte of the subject's length
    b[subjectLen] = b[subjectLen] + 1;
    expect(Session.decode(b)).toBeNull();
    b[subjectLen] = b[subjectLen] - 2;
    expect(Session.decode(b)).toBeNull();
  });
});

describe("LoginState record", () => {
  it("round-trips", () => {
    const s = LoginState.decode(new LoginState("st", "no", "ve", "/r?x=1", 42).encode())!;
    expect(s.state).toBe("st");
    expect(s.nonce).toBe("no");
    expect(s.codeVerifier).toBe("ve");
    expect(s.returnTo).toBe("/r?x=1");
    expect(s.createdAt).toBe(42);
  });
  it("fails on truncation at every byte offset and on trailing bytes", () => {
    const b = new LoginState("state-value", "nonce", "verifier", "/", 1).encode();
    for (let n = 0; n < b.length; n++) expect(LoginState.decode(b.slice(0, n))).toBeNull();
    expect(LoginState.decode(concat(b, new Uint8Array(1)))).toBeNull();
  });
  it("a session record is not a login state", () => {
    expect(LoginState.decode(sampleSession().encode())).toBeNull();
  });
});
