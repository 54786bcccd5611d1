// security.md D.30: every seal uses a fresh random 192-bit XChaCha20 nonce from WASI random_get.
// 10^5 seals (login starts, plus full logins whose session cookies are seals too) across several
// freshly loaded VMs of the BUILT filter under the fake host with real randomness (seed "crypto"),
// all at the same fake clock: a nonce derived from a counter, the clock or a PRNG seeded at start
// would repeat across VMs. Each sealed cookie is base64url of version (byte 0) ‖ nonce (bytes 1..24)
// ‖ ciphertext ‖ tag. A control shows the check would catch reuse: two VMs given the same seeded
// random source produce the same nonces.
//   SEALS=100000 VMS=5 node --import tsx --test tests/host/security/nonces.test.ts
import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeHost } from "../fake-host/host.ts";
import { WASM, NAVIGATE, answerDiscoveryAndKeys, setCookies, get } from "../flow/gateway.ts";
import { config, discoveryDoc, jwksOf, rsaKey, idToken, tokenResponse, IDP_CLUSTER, T0_MS, type SigningKey } from "../flow/scripted-idp.ts";

const SEALS = Number(process.env.SEALS ?? 100_000);
const VMS = Number(process.env.VMS ?? 5);
const FULL_LOGINS_PER_VM = 40;
const NONCE_BYTES = 24;

async function freshVm(seed: number | "crypto", key: SigningKey): Promise<FakeHost> {
  const host = await FakeHost.load(WASM, { pluginConfig: JSON.stringify(config()), nowMs: T0_MS, clusters: [IDP_CLUSTER], seed, recordRandom: false });
  assert.equal(host.start(), true, host.logText());
  answerDiscoveryAndKeys(host, discoveryDoc(), jwksOf(key));
  return host;
}

/** Version byte and nonce of a sealed cookie value ("N." chunk-count prefix of a session removed). */
function nonceOf(value: string): string {
  const raw = Buffer.from(value.replace(/^\d\./, ""), "base64url");
  assert.equal(raw[0], 1, "seal format version 1");
  assert.ok(raw.length > 1 + NONCE_BYTES + 16, "version, nonce, ciphertext and tag");
  return raw.subarray(1, 1 + NONCE_BYTES).toString("hex");
}

/** Starts one login and returns the nonce of its sealed login cookie (and the cookie and redirect). */
function loginStart(host: FakeHost): { nonce: string; cookie: string; state: string; nonceParam: string } {
  const s = get(host, "/productpage", NAVIGATE);
  const r = s.localResponse;
  assert.equal(r?.status, 302);
  const [name, value] = [...setCookies(r.headers)].find(([n, v]) => n.includes("oidc_login_") && v)!;
  const location = new URL(r.header("location")!);
  s.finish();
  return { nonce: nonceOf(value), cookie: `${name}=${value}`, state: location.searchParams.get("state")!, nonceParam: location.searchParams.get("nonce")! };
}

test(`${SEALS} seals over ${VMS} fresh VMs (seed "crypto", same clock): no XChaCha20 nonce repeats`, async () => {
  const key = rsaKey("k1");
  const seen = new Set<string>();
  let seals = 0;
  const started = Date.now();
  for (let vm = 0; vm < VMS; vm++) {
    const host = await freshVm("crypto", key);
    // A few complete logins: the session cookie is sealed under the session key.
    for (let i = 0; i < FULL_LOGINS_PER_VM; i++) {
      const start = loginStart(host);
      seen.add(start.nonce); seals++;
      const s = get(host, `/oauth2/callback?code=c0de&state=${start.state}`, { ...NAVIGATE, "sec-fetch-site": "cross-site", cookie: start.cookie });
      const call = host.pendingCalls().find((c) => c.path === "/token")!;
      host.respond(call.token, { status: 200, json: tokenResponse(await idToken(key, start.nonceParam, T0_MS / 1000)) });
      assert.equal(s.localResponse?.status, 302, String(s.localResponse?.body));
      const session = setCookies(s.localResponse!.headers).get("__Host-oidc_session")!;
      s.finish();
      const n = nonceOf(session);
      assert.ok(!seen.has(n), `session nonce repeated in VM ${vm}`);
      seen.add(n); seals++;
    }
    const share = Math.ceil((SEALS - seals) / (VMS - vm));
    for (let i = 0; i < share; i++) {
      const n = loginStart(host).nonce;
      assert.ok(!seen.has(n), `nonce repeated after ${seals} seals (VM ${vm})`);
      seen.add(n); seals++;
    }
    host.assertAlive();
    host.stop();
  }
  assert.ok(seals >= SEALS);
  assert.equal(seen.size, seals);
  console.log(`# ${seals} seals over ${VMS} VMs, ${seen.size} distinct nonces, ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test("control: two VMs on the same seeded random source seal with the same nonces (the check above would see reuse)", async () => {
  const key = rsaKey("k1");
  const a = await freshVm(7, key);
  const b = await freshVm(7, key);
  const na = Array.from({ length: 50 }, () => loginStart(a).nonce);
  const nb = Array.from({ length: 50 }, () => loginStart(b).nonce);
  assert.deepEqual(na, nb, "nonces come from random_get alone");
  assert.equal(new Set(na).size, na.length, "and differ from seal to seal within a VM");
  a.stop();
  b.stop();
});
