// A plugin configuration update on a running Envoy, the way Istio applies a changed WasmPlugin pluginConfig: the
// listener comes from filesystem LDS and only the plugin `configuration` changes (vm_config stays identical), so
// Envoy keeps the worker's VM, creates a second root context in it for the new configuration, and deletes the old
// root once the old filter chain has drained. assembly/glue/exports.ts must route every stream through that
// single-root → two roots → single-root cycle; this test goes through it twice under traffic, and a third time with
// a rotated cookie secret. One worker (--concurrency 1), so every stream runs in the same VM.
//   node --import tsx --test tests/e2e/config-update.test.ts
// CONFIG_UPDATE_WASM=<path> runs it against another build: a mutant that forgets which root is left after the
// deletion (503 oidc_sso_no_root), or that records no stream while two roots coexist (old rules on new connections), fails.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Agent, request } from "node:http";
import type { Socket } from "node:net";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalJWKSet, jwtVerify } from "jose";
import { startEnvoy, demoPluginConfig, freePort, type RunningEnvoy, type PluginConfig } from "./harness/envoy.ts";
import { startOidcProvider, demoClient, DEMO_USER, type RunningOidcProvider } from "./harness/oidc-provider.ts";
import { startBackend, type RunningBackend } from "./harness/backend.ts";
import { waitUntil, sleep } from "./harness/processes.ts";
import { NAVIGATE, waitForFilterReady } from "./http.ts";
import { ScriptedUser } from "./load/login-client.ts";
import { trapLines, vmCounters, stopAll } from "./load/gateway.ts";

const BOB = { ...DEMO_USER, sub: "bob-0002", username: "bob", password: "bob-password-2", email: "bob@example.test", name: "Bob Example", given_name: "Bob" };
// A protects /a and /both; B protects everything but /a. So /a and /b tell the two apart, and /both is protected by both.
type Rules = "A" | "B";
const MATCH: Record<Rules, PluginConfig["match"]> = {
  A: { mode: "auth_if_matched", rules: [{ path: "/a", type: "prefix" }, { path: "/both", type: "prefix" }] },
  B: { mode: "bypass_if_matched", rules: [{ path: "/a", type: "prefix" }] },
};
const protectedUnder = (rules: Rules, path: string): boolean =>
  rules === "A" ? /^\/(a|both)(\/|$)/.test(path) : !/^\/a(\/|$)/.test(path);
// Envoy drains the old filter chain for --drain-time-s (600 s by default) before it destroys it, and with it the old
// root context. One second keeps the whole cycle inside the test.
const DRAIN_S = 1;
const V8_ACTIVE = "wasm.envoy.wasm.runtime.v8.active";

let idp: RunningOidcProvider;
let backend: RunningBackend;
let envoy: RunningEnvoy;
let gw: string;
let ldsDir: string;
let listenerTemplate: Record<string, any>;
let alice: ScriptedUser; // logged in before the first update
let bob: ScriptedUser; // logged in after it

/** Writes the LDS file with the gateway listener under plugin configuration `rules`, atomically (rename into the watched dir). */
function writeListener(rules: Rules, overrides: Partial<PluginConfig> = {}): void {
  const listener = structuredClone(listenerTemplate);
  const hcm = listener.filter_chains[0].filters.find((f: any) => f.name === "envoy.filters.network.http_connection_manager").typed_config;
  const wasm = hcm.http_filters.find((f: any) => f.name === "envoy.filters.http.wasm").typed_config.config;
  wasm.configuration.value = JSON.stringify(demoPluginConfig(idp.issuer, gw, { match: MATCH[rules], ...overrides }));
  const resource = { "@type": "type.googleapis.com/envoy.config.listener.v3.Listener", ...listener };
  writeFileSync(join(ldsDir, "lds.json.tmp"), JSON.stringify({ resources: [resource] }));
  renameSync(join(ldsDir, "lds.json.tmp"), join(ldsDir, "lds.json"));
}

/** Moves the static "gateway" listener into filesystem LDS. */
function useFilesystemLds(bootstrap: Record<string, any>): void {
  const listeners: any[] = bootstrap.static_resources.listeners;
  listenerTemplate = listeners.splice(listeners.findIndex((l) => l.name === "gateway"), 1)[0];
  writeListener("A");
  bootstrap.node = { id: "config-update", cluster: "e2e" };
  bootstrap.dynamic_resources = {
    lds_config: { resource_api_version: "V3", path_config_source: { path: join(ldsDir, "lds.json"), watched_directory: { path: ldsDir } } },
  };
}

interface Answer { status: number; body: string; location?: string; socket: string; retried: boolean }

// A number for each connection that has answered (node's req.reusedSocket misses a request that queued for a socket).
const connectionIds = new WeakMap<Socket, string>();

/**
 * GET over `agent` (false: a connection of its own). When Envoy resets a kept-alive connection under a request, the
 * request is retried once on a new one: at the end of the drain Envoy closes whatever connections the old filter
 * chain still has, and a client retries an idempotent request whose connection closed before the answer (RFC 9112 §9.3.1).
 */
function get(path: string, cookie: string, agent: Agent | false, retried = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${gw}${path}`, { agent, headers: { ...NAVIGATE, ...(cookie ? { cookie } : {}) }, timeout: 10_000 }, (res) => {
      const conn = res.socket;
      const socket = connectionIds.get(conn) ?? `c${Date.now()}.${conn.localPort}`;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        connectionIds.set(conn, socket);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), location: res.headers.location, socket, retried });
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`timeout: ${path}`)));
    req.on("error", (err: NodeJS.ErrnoException) => {
      const reused = req.reusedSocket || (req.socket !== null && connectionIds.has(req.socket));
      if (reused && err.code === "ECONNRESET" && !retried) get(path, cookie, false, true).then(resolve, reject);
      else reject(new Error(`${err.message} (${err.code}, ${reused ? "kept-alive" : "new"} connection${retried ? ", on retry" : ""}) at ${Date.now()}`));
    });
    req.end();
  });
}

/** Does `a` (a request without session, or with alice's when `withSession`) answer what `rules` say? */
function fits(rules: Rules, path: string, withSession: boolean, a: Answer): boolean {
  if (a.status === 200 && withSession) return a.body.includes(`<span id="user">${DEMO_USER.email}</span>`);
  if (!protectedUnder(rules, path)) return a.status === 200 && a.body.includes("no token");
  return !withSession && a.status === 302 && new URL(a.location ?? "http://x/").searchParams.get("redirect_uri") === `${gw}/oauth2/callback`;
}

const statOf = async (name: string): Promise<number> => (await envoy.stats(name))[name] ?? 0;
const threadOf = (line: string): string => /^\[[^\]]+\]\[(\d+)\]/.exec(line)?.[1] ?? "";

/**
 * What the worker thread (the one thread other than the main one that made a thread-local VM) logged from `marker`
 * on: VMs created, and the ids of root contexts registered and deleted (proxy-runtime's debug lines) in its VM.
 */
function workerLife(marker = 0): { vms: number; registered: string[]; deleted: string[]; idpReady: number } {
  const lines = envoy.logs().split("\n");
  const main = threadOf(lines.find((l) => /Base Wasm created/.test(l)) ?? "");
  const worker = threadOf(lines.find((l) => /Thread-Local Wasm created/.test(l) && threadOf(l) !== main) ?? "");
  const mine = envoy.logs().slice(marker).split("\n").filter((l) => threadOf(l) === worker && worker !== "");
  const ids = (re: RegExp): string[] => mine.map((l) => re.exec(l)?.[1]).filter((id): id is string => id !== undefined);
  return {
    vms: mine.filter((l) => /Thread-Local Wasm created/.test(l)).length,
    registered: ids(/Registering new root context for oidc-sso with id: (\d+)/),
    deleted: ids(/context id: (\d+): onDelete\(\)/),
    idpReady: mine.filter((l) => /oidc-sso: IdP ready/.test(l)).length,
  };
}

/** Waits (bounded) until Envoy took the LDS file written after `updates` updates and destroyed the old filter chain. */
async function updateApplied(updates: number): Promise<void> {
  await waitUntil("the LDS update", async () => ((await statOf("listener_manager.lds.update_success")) > updates ? true : undefined), { timeoutMs: 10_000 });
  await waitUntil("the old filter chain to drain", async () => ((await statOf("listener_manager.total_filter_chains_draining")) === 0 ? true : undefined), { timeoutMs: 10_000 });
}

/** Fresh connections, no session: every path answers as `rules` say (and so not as the other rules). */
async function assertRules(rules: Rules): Promise<void> {
  for (const path of ["/a/x", "/b/x", "/both/x", "/", "/ab"]) {
    const a = await get(path, "", false);
    assert.ok(fits(rules, path, false, a), `${path} under ${rules}: ${a.status} ${a.location ?? a.body.slice(0, 160)}`);
  }
}

/**
 * Swaps the plugin configuration to `next` while 200 requests (4 in flight, mostly over 2 kept-alive connections) go on,
 * waits for Envoy to apply the update and to finish draining the old filter chain, then checks the traffic.
 * Envoy guarantees a connection keeps the filter chain (so the root) it was accepted on; during the drain it asks
 * kept-alive clients to reconnect (Connection: close), and then closes what is left. So each answer must fit the
 * rules of ITS connection, one rule set per connection, and never be a 5xx.
 */
async function updateUnderTraffic(from: Rules, next: Rules): Promise<void> {
  const [updates, reloads, active] = [await statOf("listener_manager.lds.update_success"), (await vmCounters(envoy)).reloads, await statOf(V8_ACTIVE)];
  const [marker, oldRoot] = [envoy.logs().length, workerLife().registered.at(-1)];
  const session = alice.jar.headerOnly(new URL(gw), "oidc_");
  const agent = new Agent({ keepAlive: true, maxSockets: 2 });
  const kinds = [["/a/t", false], ["/b/t", false], ["/both/t", false], ["/both/t", true]] as const;
  const perSocket = new Map<string, Set<Rules>>();
  // Phases seen by the traffic, from Envoy's gauge of draining filter chains read after each batch: before the update
  // reached the worker, while the old chain (and root) drains (two roots in the VM), after it is gone (one root again).
  const phases = { before: 0, draining: 0, after: 0 };
  let phase: keyof typeof phases = "before";
  const problems: string[] = [];
  let [retries, updatedAt, freshWhileDraining] = [0, -1, 0];
  const started = Date.now();
  try {
    for (let i = 0; i < 200; i += 4) {
      if (i === 40) { writeListener(next); updatedAt = Date.now() - started; }
      await Promise.all(kinds.map(async ([path, withSession], j) => {
        // One request in five on a connection of its own: while the old chain drains, those reach the new root.
        const fresh = (i + j) % 5 === 4;
        const a = await get(`${path}?n=${i + j}`, withSession ? session : "", fresh ? false : agent).catch((e: Error) => ({ status: 0, body: e.message, socket: "?", retried: false }));
        if (a.retried) retries++;
        phases[phase]++;
        const ok = ([from, next] as Rules[]).filter((r) => fits(r, path, withSession, a));
        if (phase === "draining" && fresh) {
          freshWhileDraining++;
          if (!ok.includes(next)) problems.push(`#${i + j} ${path} on a new connection while draining: ${a.status}, not under ${next}`);
        }
        if (ok.length === 0) problems.push(`#${i + j} ${path}${withSession ? " (session)" : ""}: ${a.status} ${(a as Answer).location ?? a.body.slice(0, 120)}`);
        const seen = perSocket.get(a.socket) ?? new Set<Rules>(ok);
        perSocket.set(a.socket, new Set(ok.filter((r) => seen.has(r))));
      }));
      const draining = await statOf("listener_manager.total_filter_chains_draining");
      if (draining > 0) phase = "draining";
      else if (phase === "draining") phase = "after";
      await sleep(30); // spreads the 200 requests over the update and the drain (about 2.5 s)
    }
  } finally {
    agent.destroy();
  }
  const trafficMs = Date.now() - started;
  await updateApplied(updates);
  assert.deepEqual(problems, [], "every answer fits the rules before or after the update");
  assert.ok(retries <= 2, `${retries} requests retried: more than the 2 connections the old filter chain can have had`);
  const mixed = [...perSocket].filter(([, rules]) => rules.size === 0).map(([s]) => s);
  assert.deepEqual(mixed, [], "no connection was served under both configurations");
  const onlyNext = [...perSocket.values()].filter((r) => r.size === 1 && r.has(next)).length;
  const onlyFrom = [...perSocket.values()].filter((r) => r.size === 1 && r.has(from)).length;
  assert.ok(onlyFrom > 0 && onlyNext > 0, `the traffic spanned the update: ${onlyFrom} connection(s) under ${from}, ${onlyNext} under ${next}`);
  assert.ok(phases.before > 0 && phases.draining > 0 && phases.after > 0, `requests in every phase: ${JSON.stringify(phases)}`);
  // New connections go to the new filter chain once the update is in place (the gauge moved on the main thread after
  // it posted the new chain to the worker), so these streams belong to the new root while the old one still serves.
  assert.ok(freshWhileDraining > 0, "while the old chain drained, both roots served requests in the one VM");
  // The worker kept its one VM: a second root context was made in it for the new configuration (and loaded the IdP
  // itself), and the old root was deleted from it. (Envoy's v8 "created" counter does move: the main thread makes
  // and drops a VM copy to validate a new configuration; the active count is back where it was once that is gone.)
  const life = workerLife(marker);
  assert.deepEqual([life.vms, life.registered.length, life.deleted, life.idpReady], [0, 1, [oldRoot], 1],
    `worker VM: ${JSON.stringify(life)} (old root ${oldRoot})`);
  assert.equal(await statOf(V8_ACTIVE), active, "as many VMs as before the update");
  assert.equal((await vmCounters(envoy)).reloads, reloads, "no VM reloaded");
  assert.deepEqual(trapLines(envoy.logs()), []);
  console.log(`${from}→${next}: 200 requests in ${trafficMs} ms (update written at ${updatedAt} ms), ${perSocket.size} connections ` +
    `(${onlyFrom} under ${from}, ${onlyNext} under ${next}), ${retries} retried after Envoy closed their connection, per phase ${JSON.stringify(phases)}, ${freshWhileDraining} on new connections while draining`);
}

before(async () => {
  const port = await freePort();
  gw = `http://127.0.0.1:${port}`;
  ldsDir = mkdtempSync(join(tmpdir(), "oidc-sso-lds-"));
  idp = await startOidcProvider({ clients: [demoClient([`${gw}/oauth2/callback`])], users: [DEMO_USER, BOB] });
  backend = await startBackend();
  envoy = await startEnvoy({
    pluginConfig: (g) => demoPluginConfig(`${idp.issuer}`, g.url, { match: MATCH.A }), ports: { listener: port, backend: backend.port },
    concurrency: 1, wasmDebug: true, wasmPath: process.env.CONFIG_UPDATE_WASM || undefined,
    extra: { args: ["--drain-time-s", String(DRAIN_S)], editBootstrap: useFilesystemLds },
  });
  await waitForFilterReady(gw, "/a/page");
});

after(async () => {
  await stopAll(envoy, backend, idp);
  rmSync(ldsDir, { recursive: true, force: true });
});

/** A full login through the gateway at `path`; the backend must receive a Bearer ID token that verifies against the IdP's JWKS. */
async function loginVerified(user: ScriptedUser, who: typeof DEMO_USER, path: string): Promise<void> {
  const result = await user.login(`${gw}${path}`);
  assert.match(result.page.body, new RegExp(`<span id="user">${who.email}</span>`));
  const auth = String(backend.requestsTo(path).at(-1)?.headers.authorization ?? "");
  assert.match(auth, /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/, path);
  const { payload } = await jwtVerify(auth.slice(7), createLocalJWKSet({ keys: idp.publicJwks() as any }), { issuer: idp.issuer, audience: "demo-client" });
  assert.equal(payload.sub, who.sub);
}

/** With `user`'s session cookie alone, `path` is served to that user with a token. */
async function assertSessionWorks(user: ScriptedUser, who: typeof DEMO_USER, path: string): Promise<void> {
  const a = await get(path, user.jar.headerOnly(new URL(gw), "oidc_"), false);
  assert.equal(a.status, 200, `${path} with ${who.username}'s session: ${a.status} ${a.location ?? ""}`);
  assert.match(a.body, new RegExp(`<span id="user">${who.email}</span>`));
}

test("before any update: the first rules apply, and a login works", async () => {
  await assertRules("A");
  alice = new ScriptedUser(DEMO_USER, { timeoutMs: 15_000 });
  await loginVerified(alice, DEMO_USER, "/both/page");
  assert.equal(await statOf("listener_manager.lds.update_success"), 1, "the listener came from the LDS file, once");
});

test("an update of the plugin configuration alone swaps the rules in the same VM, under traffic", async () => {
  assert.deepEqual(workerLife().vms, 1, "one worker, one VM");
  const modified = await statOf("listener_manager.listener_in_place_updated");
  await updateUnderTraffic("A", "B");
  assert.equal(await statOf("listener_manager.listener_in_place_updated"), modified + 1, "Envoy updated the listener's filter chain in place");
  // The old root is gone (drained above): the VM is back to one root, and every path answers under B only.
  await assertRules("B");
});

test("after the update: a session from before still works, and a full login works", async () => {
  await assertSessionWorks(alice, DEMO_USER, "/both/x");
  await assertSessionWorks(alice, DEMO_USER, "/b/x"); // protected only under the new rules
  bob = new ScriptedUser(BOB, { timeoutMs: 15_000 });
  await loginVerified(bob, BOB, "/b/page");
});

test("a second update, back to the first rules, goes through the same cycle", async () => {
  await updateUnderTraffic("B", "A");
  await assertRules("A");
  await assertSessionWorks(alice, DEMO_USER, "/a/x");
  await assertSessionWorks(bob, BOB, "/both/x");
  const carol = new ScriptedUser(DEMO_USER, { timeoutMs: 15_000 });
  await loginVerified(carol, DEMO_USER, "/a/page");
  assert.deepEqual(trapLines(envoy.logs()), []);
  assert.deepEqual(envoy.wasmErrors(), []);
});

test("an update that changes the cookie secret ends the sessions sealed with the old one; a new login works", async () => {
  const [updates, marker] = [await statOf("listener_manager.lds.update_success"), envoy.logs().length];
  writeListener("A", { cookie_secret: "rotated-cookie-secret-5647382910-qwertyuiopasdfgh" });
  await updateApplied(updates);
  const stale = await get("/a/x", alice.jar.headerOnly(new URL(gw), "oidc_"), false);
  assert.ok(fits("A", "/a/x", false, stale), `a session sealed with the old secret: ${stale.status} ${stale.location ?? stale.body.slice(0, 160)}`);
  await loginVerified(new ScriptedUser(BOB, { timeoutMs: 15_000 }), BOB, "/a/page");
  const life = workerLife(marker);
  assert.deepEqual([life.vms, life.registered.length, life.deleted.length], [0, 1, 1], JSON.stringify(life));
  assert.deepEqual(trapLines(envoy.logs()), []);
});
