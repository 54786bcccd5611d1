import { seal, open, CookieKeys } from "../../../assembly/core/session/seal";
import { base64UrlDecode, base64UrlEncode } from "../../../assembly/core/encoding/base64";
import { utf8Encode, utf8Decode } from "../../../assembly/core/encoding/utf8";
import { CounterEntropy, BrokenEntropy, SECRET_A, SECRET_B } from "./helpers";

function keysOf(secrets: string[]): CookieKeys {
  const list = new Array<Uint8Array>();
  for (let i = 0; i < secrets.length; i++) list.push(utf8Encode(secrets[i]));
  return new CookieKeys(list);
}

const MSG = "the session record";

describe("seal / open", () => {
  it("round-trips", () => {
    const k = keysOf([SECRET_A]);
    const v = seal(k.session, "cookie", utf8Encode(MSG), new CounterEntropy())!;
    expect(utf8Decode(open(k.session, "cookie", v)!)).toBe(MSG);
  });
  it("is base64url with version 1, a 24-byte nonce and a 16-byte tag", () => {
    const k = keysOf([SECRET_A]);
    const v = seal(k.session, "c", utf8Encode(MSG), new CounterEntropy())!;
    const raw = base64UrlDecode(v)!;
    expect(raw.length).toBe(1 + 24 + MSG.length + 16);
    expect(raw[0]).toBe(1);
  });
  it("uses a fresh nonce for every seal", () => {
    const k = keysOf([SECRET_A]);
    const e = new CounterEntropy();
    const a = seal(k.session, "c", utf8Encode(MSG), e)!;
    const b = seal(k.session, "c", utf8Encode(MSG), e)!;
    expect(a == b).toBe(false);
  });
  it("fails closed without randomness", () => {
    const k = keysOf([SECRET_A]);
    expect(seal(k.session, "c", utf8Encode(MSG), new BrokenEntropy())).toBeNull();
  });
  it("fails closed without keys", () => {
    const k = new CookieKeys(new Array<Uint8Array>());
    expect(seal(k.session, "c", utf8Encode(MSG), new CounterEntropy())).toBeNull();
    expect(open(k.session, "c", "AQ")).toBeNull();
  });
  it("every single-byte flip of the sealed value opens to null", () => {
    const k = keysOf([SECRET_A]);
    const raw = base64UrlDecode(seal(k.session, "c", utf8Encode(MSG), new CounterEntropy())!)!;
    for (let i = 0; i < raw.length; i++) {
      for (let bit = 0; bit < 8; bit += 7) {
        const m = raw.slice(0);
        m[i] = ((m[i] as i32) ^ (1 << bit)) as u8;
        const ok = open(k.session, "c", base64UrlEncode(m)) === null;
        if (!ok) log("flip accepted at byte " + i.toString());
        expect(ok).toBe(true);
      }
    }
  });
  it("a wrong version byte is refused", () => {
    const k = keysOf([SECRET_A]);
    const raw = base64UrlDecode(seal(k.session, "c", utf8Encode(MSG), new CounterEntropy())!)!;
    raw[0] = 0;
    expect(open(k.session, "c", base64UrlEncode(raw))).toBeNull();
    raw[0] = 2;
    expect(open(k.session, "c", base64UrlEncode(raw))).toBeNull();
  });
  it("purpose swap: a login-state value does not open as a session", () => {
    const k = keysOf([SECRET_A]);
    const v = seal(k.loginState, "same-name", utf8Encode(MSG), new CounterEntropy())!;
    expect(open(k.session, "same-name", v)).toBeNull();
    const w = seal(k.session, "same-name", utf8Encode(MSG), new CounterEntropy())!;
    expect(open(k.loginState, "same-name", w)).toBeNull();
  });
  it("context swap: a value sealed for one cookie name does not open under another", () => {
    const k = keysOf([SECRET_A]);
    const v = seal(k.session, "__Host-oidc_session", utf8Encode(MSG), new CounterEntropy())!;
    expect(open(k.session, "oidc_session", v)).toBeNull();
    expect(open(k.session, "__Host-oidc_session_1", v)).toBeNull();
  });
  it("rotation: the new secret seals, the previous one still opens", () => {
    const old = keysOf([SECRET_B]);
    const rotated = keysOf([SECRET_A, SECRET_B]);
    const before = seal(old.session, "c", utf8Encode(MSG), new CounterEntropy())!;
    expect(utf8Decode(open(rotated.session, "c", before)!)).toBe(MSG);
    const after = seal(rotated.session, "c", utf8Encode(MSG), new CounterEntropy())!;
    expect(open(old.session, "c", after)).toBeNull();
    expect(open(keysOf([SECRET_A]).session, "c", after)).not.toBeNull();
  });
  it("another secret does not open it", () => {
    const v = seal(keysOf([SECRET_A]).session, "c", utf8Encode(MSG), new CounterEntropy())!;
    expect(open(keysOf([SECRET_B]).session, "c", v)).toBeNull();
  });
  it("truncated, extended, padded and garbage values are refused without trapping", () => {
    const k = keysOf([SECRET_A]);
    const v = seal(k.session, "c", utf8Encode(MSG), new CounterEntropy())!;
    for (let n = 0; n < v.length; n++) expect(open(k.session, "c", v.substring(0, n))).toBeNull();
    expect(open(k.session, "c", v + "A")).toBeNull();
    expect(open(k.session, "c", v + "AA")).toBeNull();
    expect(open(k.session, "c", v + "=")).toBeNull();
    expect(open(k.session, "c", v.substring(0, 4) + "+" + v.substring(5))).toBeNull(); // standard-alphabet character
    expect(open(k.session, "c", "")).toBeNull();
    expect(open(k.session, "c", "!!!!")).toBeNull();
    expect(open(k.session, "c", "A".repeat(100000))).toBeNull();
  });
  it("an empty plaintext seals and opens", () => {
    const k = keysOf([SECRET_A]);
    const v = seal(k.session, "c", new Uint8Array(0), new CounterEntropy())!;
    expect(open(k.session, "c", v)!.length).toBe(0);
  });
});
