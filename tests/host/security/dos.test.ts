// Section G of ../shared/security.md on the built module under the fake host: floods that must cost
// O(1) per request and leave nothing behind (G.48), and an unknown-kid storm that must cause at most
// one JWKS fetch per refetch interval (G.49). Their verdicts join docs/security-cases.md.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readyGateway, startLogin, callback, tokenCall, setCookies } from "../flow/gateway.ts";
import { idToken, tokenResponse, rsaKey, T0_MS } from "../flow/scripted-idp.ts";
import { recordVerdict, writeReport } from "../../e2e/hostile/report.ts";

after(() => writeReport("host-dos"));

test("G48: 10,000 callbacks with random states cost no token call, set nothing and leave memory flat", async () => {
  const { host } = await readyGateway();
  const before = host.memoryBytes;
  let statuses = new Set<number>();
  for (let i = 0; i < 10_000; i++) {
    const state = randomBytes(32).toString("base64url");
    const s = callback(host, `code=${randomBytes(8).toString("hex")}&state=${state}`, `__Host-oidc_login_${state.slice(0, 16)}=${randomBytes(40).toString("base64url")}`);
    statuses.add(s.localResponse?.status ?? 0);
    assert.equal(setCookies(s.localResponse!.headers).get("__Host-oidc_session"), undefined);
    s.finish();
  }
  assert.deepEqual([...statuses], [401]);
  assert.equal(host.calls.filter((c) => c.path === "/token").length, 0, "no token call for a state we did not issue");
  assert.ok(host.memoryBytes - before <= 4 * 1024 * 1024, `linear memory grew by ${host.memoryBytes - before} bytes`);
  host.assertAlive();
  host.assertNoBugs();
  recordVerdict({ id: "G48-callback-flood", section: "G", title: "10^4 callbacks with random state: O(1) work, no token call, no state kept", expect: 401 }, 401, "pass");
});

test("G49: an unknown-kid storm causes one JWKS refetch per interval, not one per token", async () => {
  const g = await readyGateway();
  const stranger = rsaKey("never-published");
  const nowS = Math.floor(T0_MS / 1000);
  const jwksFetches = () => g.host.calls.filter((c) => c.path === "/jwks").length;
  const initial = jwksFetches();
  const answered: number[] = [];
  for (let i = 0; i < 50; i++) {
    const login = startLogin(g.host);
    const s = callback(g.host, `code=c${i}&state=${login.state}`, login.cookie);
    g.host.respond(tokenCall(g.host).token, { status: 200, json: tokenResponse(await idToken(stranger, login.nonce, nowS)) });
    for (const j of g.host.pendingCalls().filter((c) => c.path === "/jwks")) g.host.respond(j.token, { status: 200, json: { keys: [g.key.publicJwk] } });
    answered.push(s.localResponse?.status ?? 0);
    s.finish();
  }
  assert.ok(answered.every((st) => st === 401), `every login refused: ${[...new Set(answered)]}`);
  assert.equal(jwksFetches() - initial, 1, "one refetch in the interval, however many unknown kids");
  g.host.advance(11_000);
  const login = startLogin(g.host);
  callback(g.host, `code=late&state=${login.state}`, login.cookie);
  g.host.respond(tokenCall(g.host).token, { status: 200, json: tokenResponse(await idToken(stranger, login.nonce, nowS + 11)) });
  assert.equal(jwksFetches() - initial, 2, "after the interval one more refetch is allowed");
  g.host.assertAlive();
  recordVerdict({ id: "G49-unknown-kid-storm", section: "G", title: "50 tokens with unknown kids: one single-flight JWKS refetch per 10 s", expect: 401 }, 401, "pass");
});

test("A12: UserInfo is never called, so its sub cannot disagree (not applicable)", () => {
  recordVerdict({ id: "A12-userinfo-sub", section: "A", title: "UserInfo sub ≠ ID-token sub: not applicable, the filter never calls UserInfo and forwards the verified ID token", ref: "rp-userinfo-bad-sub-claim", expect: 0 }, 0, "n/a");
});
