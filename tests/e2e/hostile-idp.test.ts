// Every hostile-IdP case of ../shared/security.md sections A, B, D and G through real Envoy and the
// built filter, one named test each. Each asserts the status, that no session cookie was set, that no
// token, code or secret appears in the body, the Location header or Envoy's log, and that the Wasm VM
// is still alive afterwards (a following valid login works). Results feed docs/security-cases.md.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { startEnvoy, demoPluginConfig, freePort, type RunningEnvoy } from "./harness/envoy.ts";
import { startBackend, type RunningBackend } from "./harness/backend.ts";
import { HostileIdp } from "./hostile/idp.ts";
import { idTokenCases } from "./hostile/cases-id-token.ts";
import { callbackCases, type ClientCase } from "./hostile/cases-callback.ts";
import { scriptedLogin, sessionCookieSet, type LoginOutcome } from "./hostile/client.ts";
import { recordVerdict, writeReport } from "./hostile/report.ts";
import { waitForFilterReady } from "./http.ts";

const COOKIE_SECRET = randomBytes(32).toString("base64");
const idp = new HostileIdp();
let backend: RunningBackend;
let envoy: RunningEnvoy;
let gateway: string;
const issuedSecrets = new Set<string>();

before(async () => {
  await idp.start();
  backend = await startBackend();
  const port = await freePort();
  gateway = `http://127.0.0.1:${port}`;
  envoy = await startEnvoy({
    pluginConfig: demoPluginConfig(idp.issuer, gateway, { client_secret: idp.clientSecret, cookie_secret: COOKIE_SECRET, http_timeout: "2s" }),
    ports: { listener: port, backend: backend.port },
  });
  await waitForFilterReady(envoy.url);
});

after(async () => {
  const log = envoy?.logs() ?? "";
  for (const s of [...issuedSecrets, idp.clientSecret, COOKIE_SECRET]) {
    assert.ok(!log.includes(s), `Envoy's log holds a secret (${s.slice(0, 6)}…)`);
  }
  await envoy?.stop();
  await backend?.stop();
  await idp.stop();
  writeReport("hostile-idp");
});

/** Everything secret the IdP or the test handed out during `o`. */
function secretsOf(o: LoginOutcome): string[] {
  const s = [idp.clientSecret, COOKIE_SECRET, ...o.issued];
  if (idp.flow?.code) s.push(idp.flow.code);
  return s.filter((x) => x && x.length >= 8);
}

async function validLoginWorks(): Promise<void> {
  idp.script = {};
  const o = await scriptedLogin(gateway, idp, {});
  assert.equal(o.status, 302, `the VM still serves a valid login (got ${o.status})`);
  assert.ok(sessionCookieSet(o), "and sets a session");
}

const cases: ClientCase[] = [...idTokenCases, ...callbackCases];
for (const c of cases) {
  test(`${c.id}: ${c.title}${c.ref ? ` [${c.ref}]` : ""}`, async () => {
    idp.script = c.setup(idp);
    try {
      if (c.fresh) {
        await envoy.restart();
        if (c.client?.expectAtStart === undefined) await waitForFilterReady(envoy.url);
        else await new Promise((r) => setTimeout(r, 1500));
      }
      const o = await scriptedLogin(gateway, idp, c.client ?? {});
      for (const s of o.issued) issuedSecrets.add(s);
      const allowed = c.expectAny ?? [c.expect];
      assert.ok(allowed.includes(o.status), `status ${o.status}, expected ${allowed.join(" or ")}\n${o.body.slice(0, 300)}`);
      if (c.accepted) {
        assert.ok(sessionCookieSet(o), "the login succeeded with a session");
        assert.equal(o.location, "/productpage");
      } else {
        assert.ok(!sessionCookieSet(o), "no session cookie");
        assert.ok(!(o.location ?? "").startsWith(idp.issuer), "no redirect loop back to the IdP");
      }
      for (const s of secretsOf(o)) {
        assert.ok(!o.body.includes(s), "no secret in the body");
        assert.ok(!(o.location ?? "").includes(s), "no secret in Location");
      }
      if (c.id === "A8-embedded-jwk-jku") assert.ok(!idp.log.some((l) => l.includes("evil")), "jku/x5u never fetched");
      recordVerdict(c, o.status, "pass");
    } catch (e) {
      recordVerdict(c, -1, "FAIL");
      throw e;
    } finally {
      c.cleanup?.(idp);
      idp.script = {};
      if (c.fresh) { await envoy.restart(); await waitForFilterReady(envoy.url); }
    }
    await validLoginWorks();
  });
}
