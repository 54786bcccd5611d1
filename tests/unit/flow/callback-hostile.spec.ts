// Random hostile callback queries, cookie headers and paths: the filter must never trap, never
// answer the callback with anything but the code exchange or a refusal, and never forward an
// unauthenticated request outside the bypassed prefix. A fixed xorshift seed makes failures reproduce.
import { Action } from "../../../assembly/core/http/decision";
import { ConfigBuilder, browserGet } from "./helpers";
import { config, startFlow, callbackReq, callback } from "./callback-helpers";
import { Xorshift32 } from "../prng";

/** Random strings over an alphabet, from the shared xorshift32 (fixed seed: failures reproduce). */
class Prng extends Xorshift32 {
  pick(alphabet: string, maxLen: i32): string {
    const n = <i32>(this.next() % <u32>(maxLen + 1));
    const parts = new Array<string>();
    for (let i = 0; i < n; i++) parts.push(alphabet.charAt(<i32>(this.next() % <u32>alphabet.length)));
    return parts.join("");
  }
}

const HOSTILE_CHARS = "aZ09/\\%;=&?#.+-_~ \t\"',:@[]{}<>|\u0000\u00e9\ud83d\ude00\ud800%2f%2e%00%C3%FFstatecode__Host-oidc_session_1login_";

describe("hostile input never traps", () => {
  it("500 random callback queries and cookie headers answer 400/401/403/503", () => {
    const cfg = config();
    const f = startFlow(cfg);
    const rng = new Prng(0x9e3779b9);
    for (let i = 0; i < 500; i++) {
      const q = (i % 3 == 0 ? "state=" + f.state + "&" : "") + rng.pick(HOSTILE_CHARS, 80);
      const cookie = (i % 2 == 0 ? f.cookie + "; " : "") + rng.pick(HOSTILE_CHARS, 80);
      const d = callback(cfg, callbackReq(q, cookie));
      const s = d.status;
      const ok = d.action == Action.Call || s == 400 || s == 401 || s == 403 || s == 503;
      if (!ok) log("unexpected " + s.toString() + " for ?" + q);
      expect(ok).toBe(true);
    }
  });
  it("500 random paths and cookie headers never forward unauthenticated outside /public", () => {
    const cfg = new ConfigBuilder().set("match", '{"mode":"bypass_if_matched","rules":[{"path":"/public","type":"prefix"}]}').build();
    const rng = new Prng(12345);
    for (let i = 0; i < 500; i++) {
      const path = (i % 2 == 0 ? "/public" : "/") + rng.pick(HOSTILE_CHARS, 60);
      const d = callback(cfg, browserGet(path, ["cookie", rng.pick(HOSTILE_CHARS, 120)]));
      if (d.action == Action.Continue) {
        const p = path.indexOf("?") >= 0 ? path.substring(0, path.indexOf("?")) : path;
        const ok = p == "/public" || p.startsWith("/public/");
        if (!ok) log("forwarded: " + path);
        expect(ok).toBe(true);
        expect(d.setRequestHeaders.length).toBe(0);
      }
    }
  });
});
