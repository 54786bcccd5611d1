// Two filter configurations in ONE Wasm VM: Envoy shares a VM between filters whose vm_config is identical
// (same vm_id, code and vm configuration) and gives each plugin configuration its own root context, so
// assembly/glue/exports.ts must route every stream to the root of the listener it arrived on. Two
// listeners, one IdP, opposite path rules and different cookie secrets; one worker, so every stream of
// both listeners runs in the same VM.
//   node --import tsx --test tests/e2e/shared-vm.test.ts
// SHARED_VM_WASM=<path> runs it against another build (e.g. a mutant that records no stream's root, which must fail).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Agent } from "node:http";
import { createLocalJWKSet, jwtVerify } from "jose";
import { startEnvoy, demoPluginConfig, freePort, type RunningEnvoy, type PluginConfig } from "./harness/envoy.ts";
import { startOidcProvider, demoClient, DEMO_USER, type RunningOidcProvider } from "./harness/oidc-provider.ts";
import { startBackend, type RunningBackend } from "./harness/backend.ts";
import { rawRequest, NAVIGATE, waitForFilterReady } from "./http.ts";
import { ScriptedUser, CookieJar, fetchWithJar } from "./load/login-client.ts";
import { trapLines, vmCounters, stopAll } from "./load/gateway.ts";

const WORKERS = 1;
const BOB = { ...DEMO_USER, sub: "bob-0002", username: "bob", password: "bob-password-2", email: "bob@example.test", name: "Bob Example", given_name: "Bob" };

let idp: RunningOidcProvider;
let backend: RunningBackend;
let envoy: RunningEnvoy;
let gwA: string; // protects /a, lets everything else through
let gwB: string; // lets /a through, protects everything else
let alice: ScriptedUser; // logged in through A
let bob: ScriptedUser; // logged in through B

/**
 * Listener A's plugin configuration, and B's: same IdP and client, opposite rules, another cookie secret. The
 * cookie names cannot differ (the plugin has no setting for them), so only the secret keeps the sessions apart.
 */
function configs(portA: number, portB: number, issuer: string): [PluginConfig, PluginConfig] {
  const a = demoPluginConfig(issuer, `http://127.0.0.1:${portA}`, { match: { mode: "auth_if_matched", rules: [{ path: "/a", type: "prefix" }] } });
  const b = demoPluginConfig(issuer, `http://127.0.0.1:${portB}`, {
    match: { mode: "bypass_if_matched", rules: [{ path: "/a", type: "prefix" }] },
    cookie_secret: "listener-b-cookie-secret-9876543210-zyxwvutsrqpo",
  });
  return [a, b];
}

/** Copies the "gateway" listener onto portB with plugin configuration `b`; the vm_config stays as it is unless `vmId` is given. */
function addListenerB(bootstrap: Record<string, any>, portB: number, b: PluginConfig, vmId?: string): void {
  const listener = structuredClone(bootstrap.static_resources.listeners.find((l: any) => l.name === "gateway"));
  listener.name = "gateway_b";
  listener.address.socket_address.port_value = portB;
  const hcm = listener.filter_chains[0].filters.find((f: any) => f.name === "envoy.filters.network.http_connection_manager").typed_config;
  hcm.stat_prefix = "gateway_b";
  const wasm = hcm.http_filters.find((f: any) => f.name === "envoy.filters.http.wasm").typed_config.config;
  wasm.configuration.value = JSON.stringify(b);
  if (vmId) wasm.vm_config.vm_id = vmId;
  bootstrap.static_resources.listeners.push(listener);
}

async function startTwoListeners(portA: number, portB: number, vmId?: string): Promise<RunningEnvoy> {
  const [a, b] = configs(portA, portB, idp.issuer);
  return startEnvoy({
    pluginConfig: a, ports: { listener: portA, backend: backend.port }, concurrency: WORKERS, wasmDebug: true, wasmPath: process.env.SHARED_VM_WASM || undefined,
    extra: { editBootstrap: (bootstrap) => addListenerB(bootstrap, portB, b, vmId) },
  });
}

/** Threads (other than the main one) that created a thread-local VM, and how many each (Envoy's wasm.cc debug lines). */
function workerVms(log: string): Map<string, number> {
  const thread = (line: string): string => /^\[[^\]]+\]\[(\d+)\]/.exec(line)?.[1] ?? "";
  const main = thread(log.split("\n").find((l) => /Base Wasm created/.test(l)) ?? "");
  const counts = new Map<string, number>();
  for (const line of log.split("\n").filter((l) => /Thread-Local Wasm created/.test(l))) {
    if (thread(line) !== main) counts.set(thread(line), (counts.get(thread(line)) ?? 0) + 1);
  }
  return counts;
}

before(async () => {
  const [portA, portB] = [await freePort(), await freePort()];
  [gwA, gwB] = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
  idp = await startOidcProvider({ clients: [demoClient([`${gwA}/oauth2/callback`, `${gwB}/oauth2/callback`])], users: [DEMO_USER, BOB] });
  backend = await startBackend();
  envoy = await startTwoListeners(portA, portB);
  await waitForFilterReady(gwA, "/a/page");
  await waitForFilterReady(gwB, "/b/page");
});

after(() => stopAll(envoy, backend, idp));

test("both configurations live in one VM per worker (and a distinct vm_id would give two)", async () => {
  const shared = await envoy.stats("wasm.envoy.wasm.runtime.v8.active");
  const perWorker = workerVms(envoy.logs());
  assert.deepEqual([...perWorker.values()], Array(WORKERS).fill(1), `one thread-local VM per worker: ${JSON.stringify([...perWorker])}`);
  // Each root context read its own configuration and loaded the IdP, both on the worker's one VM.
  const ready = envoy.logs().split("\n").filter((l) => /oidc-sso: IdP ready/.test(l) && perWorker.has(/^\[[^\]]+\]\[(\d+)\]/.exec(l)?.[1] ?? ""));
  assert.equal(ready.length, 2 * WORKERS, ready.join("\n"));

  // Control: the same two listeners with distinct vm_ids. The count must tell the two layouts apart, or
  // the assertions above could pass with two VMs.
  const control = await startTwoListeners(await freePort(), await freePort(), "oidc-sso-other");
  try {
    const separate = await control.stats("wasm.envoy.wasm.runtime.v8.active");
    assert.deepEqual([...workerVms(control.logs()).values()], Array(WORKERS).fill(2));
    const [s, c] = [shared["wasm.envoy.wasm.runtime.v8.active"], separate["wasm.envoy.wasm.runtime.v8.active"]];
    // Per vm key: the base VM, the main thread's copy, one per worker.
    assert.equal(s, 2 + WORKERS, `shared: ${s} active V8 VMs`);
    assert.equal(c, 2 * (2 + WORKERS), `separate: ${c} active V8 VMs`);
    console.log(`active V8 VMs: ${s} with one vm_config, ${c} with two vm_ids (${WORKERS} worker)`);
  } finally {
    await control.stop();
  }
});

test("each listener applies its own path rules", async () => {
  for (const [gw, path, protectedHere] of [
    [gwA, "/a/page", true], [gwB, "/a/page", false], [gwA, "/b/page", false], [gwB, "/b/page", true], [gwA, "/__echo", false], [gwB, "/__echo", true],
  ] as const) {
    const r = await rawRequest(`${gw}${path}`, { headers: NAVIGATE });
    const where = `${gw}${path}`;
    if (protectedHere) {
      assert.equal(r.status, 302, where);
      assert.ok(r.location?.startsWith(`${idp.issuer}/`), `${where} → ${r.location}`);
      assert.equal(new URL(r.location!).searchParams.get("redirect_uri"), `${gw}/oauth2/callback`, where);
    } else {
      assert.equal(r.status, 200, `${where}: ${r.status} ${r.body.slice(0, 200)}`);
      assert.equal(r.setCookies.length, 0, where);
    }
  }
  assert.equal(backend.requests.filter((s) => s.path.startsWith("/a/page") && s.headers.host === new URL(gwA).host).length, 0);
});

test("a full login through each listener puts a verified ID token in front of the backend", async () => {
  const jwks = createLocalJWKSet({ keys: idp.publicJwks() as any });
  alice = new ScriptedUser(DEMO_USER, { timeoutMs: 15_000 });
  bob = new ScriptedUser(BOB, { timeoutMs: 15_000 });
  for (const [user, gw, path, who] of [[alice, gwA, "/a/page", DEMO_USER], [bob, gwB, "/b/page", BOB]] as const) {
    const result = await user.login(`${gw}${path}?via=${gw.slice(-5)}`);
    assert.ok(result.hops.some((h) => h.url.startsWith(`${gw}/oauth2/callback?`)), "the callback went to the listener that started the login");
    assert.match(result.page.body, new RegExp(`<span id="user">${who.email}</span>`));
    const seen = backend.requestsTo(path).at(-1);
    const auth = String(seen?.headers.authorization ?? "");
    assert.match(auth, /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/, `${gw}${path}`);
    const { payload } = await jwtVerify(auth.slice(7), jwks, { issuer: idp.issuer, audience: "demo-client" });
    assert.equal(payload.sub, who.sub);
    assert.doesNotMatch(String(seen?.headers.cookie ?? ""), /oidc_/);
    assert.match(user.jar.headerOnly(new URL(gw), "oidc_"), /^oidc_session=/);
  }
});

test("a session or login state sealed by one listener is refused by the other", async () => {
  const sessionA = alice.jar.headerOnly(new URL(gwA), "oidc_");
  const sessionB = bob.jar.headerOnly(new URL(gwB), "oidc_");
  for (const [gw, path, cookie, own] of [[gwB, "/b/page", sessionA, false], [gwA, "/a/page", sessionB, false], [gwA, "/a/page", sessionA, true], [gwB, "/b/page", sessionB, true]] as const) {
    const seenBefore = backend.requestsTo(path).length;
    const r = await rawRequest(`${gw}${path}`, { headers: { ...NAVIGATE, cookie } });
    if (own) {
      assert.equal(r.status, 200, `${gw}${path} with its own session`);
      assert.equal(backend.requestsTo(path).length, seenBefore + 1);
    } else {
      assert.equal(r.status, 302, `${gw}${path} with the other listener's session: ${r.status}`);
      assert.ok(r.location?.startsWith(`${idp.issuer}/`), r.location);
      assert.equal(backend.requestsTo(path).length, seenBefore, "the foreign session never reached the backend");
    }
  }
  // A sign-in started on A (its state cookie) and answered on B's callback.
  const start = await rawRequest(`${gwA}/a/page`, { headers: NAVIGATE });
  const state = new URL(start.location!).searchParams.get("state")!;
  const loginCookie = start.setCookies.map((c) => c.split(";")[0]).join("; ");
  const onA = await rawRequest(`${gwA}/oauth2/callback?code=not-a-real-code&state=${state}&iss=${encodeURIComponent(idp.issuer)}`, { headers: { ...NAVIGATE, cookie: loginCookie } });
  const onB = await rawRequest(`${gwB}/oauth2/callback?code=not-a-real-code&state=${state}&iss=${encodeURIComponent(idp.issuer)}`, { headers: { ...NAVIGATE, cookie: loginCookie } });
  // A opens its own state and goes on to the IdP, which refuses the made-up code; B cannot open the state at all.
  assert.match(onA.body, /The identity provider did not complete the sign-in/, `${onA.status} ${onA.body.slice(-200)}`);
  assert.equal(onB.status, 401);
  assert.match(onB.body, /did not match a sign-in started here/, onB.body.slice(-200));
});

test("200 requests interleaved between the listeners, four in flight, each served by its own configuration", async () => {
  const counters = await vmCounters(envoy);
  const agentA = new Agent({ keepAlive: true, maxSockets: 2 });
  const agentB = new Agent({ keepAlive: true, maxSockets: 2 });
  // [listener, path, jar (null: a fresh one, so login-state cookies do not pile up), agent, status, what the page must show]
  const kinds = [
    [gwA, "/a/x", alice.jar, agentA, 200, `<span id="user">${DEMO_USER.email}</span>`],
    [gwB, "/b/x", bob.jar, agentB, 200, `<span id="user">${BOB.email}</span>`],
    [gwA, "/b/x", null, agentA, 200, "no token"],
    [gwB, "/a/x", null, agentB, 200, "no token"],
    [gwA, "/a/y", null, agentA, 302, ""],
    [gwB, "/b/y", null, agentB, 302, ""],
  ] as const;
  const problems: string[] = [];
  const statuses = new Map<number, number>();
  const started = Date.now();
  try {
    for (let i = 0; i < 200; i += 4) {
      await Promise.all([0, 1, 2, 3].map(async (j) => {
        const [gw, path, jar, agent, status, shows] = kinds[(i + j) % kinds.length];
        const page = await fetchWithJar(jar ?? new CookieJar(), new URL(`${gw}${path}?n=${i + j}`), { agent, timeoutMs: 10_000 });
        statuses.set(page.status, (statuses.get(page.status) ?? 0) + 1);
        if (page.status !== status || !page.body.includes(shows)) problems.push(`#${i + j} ${gw}${path}: ${page.status} ${page.body.slice(0, 120)}`);
      }));
    }
  } finally {
    agentA.destroy();
    agentB.destroy();
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(trapLines(envoy.logs()), []);
  assert.deepEqual(await vmCounters(envoy), counters, "no VM was created or reloaded");
  console.log(`interleaved: 200 requests in ${Date.now() - started} ms, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
});
