// The per-VM cache of opened sessions (assembly/core/session/cache.ts): a hit needs the same keys,
// the same cookie name and exactly the same text; a text that only shares the fingerprint (length
// and last characters) must miss; the oldest entries are replaced once it is full.
import { SessionCache, CACHED_SESSIONS } from "../../../assembly/core/session/cache";
import { CookieKeys } from "../../../assembly/core/session/seal";
import { Session } from "../../../assembly/core/session/session";

function keys(fill: u8): CookieKeys {
  const secret = new Uint8Array(32);
  for (let i = 0; i < 32; i++) secret[i] = fill + <u8>i;
  return new CookieKeys([secret]);
}

function session(sub: string): Session {
  const s = new Session();
  s.subject = sub;
  return s;
}

const TAIL = "-tag_TAIL";

describe("SessionCache", () => {
  it("returns the session put for exactly the same text, keys and cookie name", () => {
    const k = keys(1);
    const c = new SessionCache();
    c.put(k.session, "oidc", "AAAA" + TAIL, session("alice"));
    const hit = c.get(k.session, "oidc", "AAAA" + TAIL);
    expect(hit).not.toBeNull();
    const subject = hit === null ? "" : hit.subject;
    expect(subject).toBe("alice");
  });

  it("misses a text with the same length and last characters but other content", () => {
    const k = keys(1);
    const c = new SessionCache();
    c.put(k.session, "oidc", "AAAA" + TAIL, session("alice"));
    expect(c.get(k.session, "oidc", "AAAB" + TAIL)).toBeNull();
    expect(c.get(k.session, "oidc", "BAAA" + TAIL)).toBeNull();
  });

  it("misses under other keys or another cookie name, and forgets everything when the keys change", () => {
    const k1 = keys(1);
    const k2 = keys(2);
    const c = new SessionCache();
    c.put(k1.session, "oidc", "text", session("alice"));
    expect(c.get(k2.session, "oidc", "text")).toBeNull();
    expect(c.get(k1.session, "other", "text")).toBeNull();
    c.put(k2.session, "oidc", "text2", session("bob"));
    expect(c.get(k1.session, "oidc", "text")).toBeNull();
    expect(c.get(k2.session, "oidc", "text2")).not.toBeNull();
  });

  it("keeps the newest entries once full: the oldest is replaced first", () => {
    const k = keys(1);
    const c = new SessionCache();
    const total = CACHED_SESSIONS + 10;
    for (let i = 0; i < total; i++) c.put(k.session, "oidc", "sealed-" + i.toString() + TAIL, session("u" + i.toString()));
    for (let i = 0; i < 10; i++) expect(c.get(k.session, "oidc", "sealed-" + i.toString() + TAIL)).toBeNull();
    for (let i = 10; i < total; i++) {
      const hit = c.get(k.session, "oidc", "sealed-" + i.toString() + TAIL);
      const subject = hit === null ? "" : hit.subject;
      expect(subject).toBe("u" + i.toString());
    }
  });

  it("handles texts shorter than the fingerprint", () => {
    const k = keys(1);
    const c = new SessionCache();
    c.put(k.session, "oidc", "ab", session("short"));
    expect(c.get(k.session, "oidc", "ab")).not.toBeNull();
    expect(c.get(k.session, "oidc", "ba")).toBeNull();
    expect(c.get(k.session, "oidc", "")).toBeNull();
  });
});
