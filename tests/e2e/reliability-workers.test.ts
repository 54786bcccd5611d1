// Two worker threads, one VM each, each with its own copy of the IdP's keys: a key rotation at the IdP while
// traffic flows must reach every worker (each refetches the JWKS once for the unknown kid), and a session
// must open on any worker and after an Envoy restart, since it is sealed with keys derived from
// cookie_secret, not with anything a VM keeps.
//   node --import tsx --test tests/e2e/reliability-workers.test.ts
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Agent } from "node:http";
import { demoPluginConfig, freePort, type RunningEnvoy } from "./harness/envoy.ts";
import { startOidcProvider, demoClient, DEMO_USER, type RunningOidcProvider } from "./harness/oidc-provider.ts";
import { startFaultyProxy, type FaultyProxy } from "./harness/faulty-proxy.ts";
import { startCountingBackend, type CountingBackend } from "./load/counting-backend.ts";
import { runLogins, hammer, type LoadSession } from "./load/drivers.ts";
import { fetchWithJar, CookieJar } from "./load/login-client.ts";
import {
  waitAllWorkersReady, connectionsPerWorker, connectionDelta, trapLines, vmCounters, threadsLogging, recordFigures,
  startGatewayBehindProxy, stopAll,
} from "./load/gateway.ts";

const WORKERS = 2;
const USERS = Array.from({ length: 10 }, (_, i) => ({
  ...DEMO_USER, sub: `worker-user-${i}`, username: `wuser${i}`, password: `wuser-password-${i}`, email: `wuser${i}@example.test`,
}));

let idp: RunningOidcProvider;
let proxy: FaultyProxy;
let backend: CountingBackend;
let envoy: RunningEnvoy;
let gateway: string;

before(async () => {
  const port = await freePort();
  gateway = `http://127.0.0.1:${port}`;
  idp = await startOidcProvider({ clients: [demoClient([`${gateway}/oauth2/callback`])], users: USERS });
  // Pass-through only: it counts the filter's JWKS fetches.
  proxy = await startFaultyProxy({ upstreamPort: idp.port });
  backend = await startCountingBackend();
  envoy = await startGatewayBehindProxy({
    listenerPort: port, backendPort: backend.port, proxyPort: proxy.port, pluginConfig: demoPluginConfig(idp.issuer, gateway), workers: WORKERS,
  });
});

after(() => stopAll(envoy, backend, proxy, idp));

/** One GET with a session's cookie on the given connection; "" when it served that session's user, else what went wrong. */
async function served(session: LoadSession, agent: Agent): Promise<string> {
  const jar = new CookieJar();
  const url = new URL(`${gateway}/productpage`);
  jar.store(url, session.cookie.split("; "));
  const page = await fetchWithJar(jar, url, { agent, timeoutMs: 10_000 });
  return page.status === 200 && page.body === `sub:${session.sub}` ? "" : `${page.status} ${page.body.slice(0, 80)}`;
}

/** The kid of the ID token the backend received for this session. */
async function kidSeen(session: LoadSession): Promise<string> {
  const jar = new CookieJar();
  const url = new URL(`${gateway}/productpage`);
  jar.store(url, session.cookie.split("; "));
  const page = await fetchWithJar(jar, url, { timeoutMs: 10_000 });
  assert.equal(page.body, `sub:${session.sub}`);
  return String(page.headers["x-token-kid"]);
}

/**
 * Opens keep-alive connections one after another, each replaying every session, until each worker has
 * served at least `perWorker` of them (bounded). Every session is then known to have been opened by every
 * worker, whichever worker sealed it.
 */
async function everyWorkerServesEverySession(sessions: LoadSession[], perWorker = 2): Promise<{ connections: number; perWorkerConnections: Record<string, number> }> {
  const before = await connectionsPerWorker(envoy);
  const problems: string[] = [];
  let connections = 0;
  for (; connections < 64; connections++) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (const s of sessions) {
        const problem = await served(s, agent);
        if (problem) problems.push(`${s.sub}: ${problem}`);
      }
    } finally {
      agent.destroy();
    }
    const delta = connectionDelta(before, await connectionsPerWorker(envoy));
    if (Object.keys(delta).length === WORKERS && Object.values(delta).every((n) => n >= perWorker)) {
      assert.deepEqual(problems, []);
      return { connections: connections + 1, perWorkerConnections: delta };
    }
  }
  assert.deepEqual(problems, []);
  throw new Error(`64 connections did not reach every worker ${perWorker} times`);
}

test("JWKS rotation while traffic flows: logins signed with the new key succeed on every worker", async () => {
  const counters = await vmCounters(envoy);
  const old = await runLogins(`${gateway}/productpage`, USERS, 6, 3);
  assert.deepEqual(old.failures, []);

  // Background traffic with the sessions of the old key, on both workers, during the whole rotation.
  let stop = false;
  const background = (async () => {
    let requests = 0;
    const failures: string[] = [];
    while (!stop) {
      const run = await hammer(`${gateway}/productpage`, old.sessions, 40, 4);
      requests += run.ok + run.failureCount;
      failures.push(...run.failures.map((f) => f.what));
    }
    return { requests, failures };
  })();

  const logMark = envoy.logs().length;
  const jwksBefore = proxy.requestsTo("/jwks").length;
  const newKid = await idp.rotateKeys();
  // Concurrent logins, each hop on a new connection, so callbacks with the unknown kid reach both workers,
  // several at once on the same worker (the refetch is single-flight).
  const fresh = await runLogins(`${gateway}/productpage`, USERS, 30, 6);
  stop = true;
  const traffic = await background;

  assert.deepEqual(fresh.failures, [], "every login with the new key succeeded");
  assert.deepEqual(traffic.failures, [], "the old sessions kept working during the rotation");
  // The backend receives ID tokens signed with the new key for the new sessions, the old key for the old ones.
  assert.deepEqual(new Set(await Promise.all(fresh.sessions.map(kidSeen))), new Set([newKid]));
  assert.ok(!(await Promise.all(old.sessions.map(kidSeen))).includes(newKid));
  const refetchThreads = threadsLogging(envoy.logs().slice(logMark), /oidc-sso: IdP ready \(2 key\(s\)\)/);
  const jwksFetches = proxy.requestsTo("/jwks").length - jwksBefore;
  assert.equal(refetchThreads.size, WORKERS, `the new JWKS was loaded by ${refetchThreads.size} worker VM(s)`);
  assert.equal(jwksFetches, WORKERS, "one JWKS refetch per worker, however many logins carried the new kid");
  assert.deepEqual(trapLines(envoy.logs()), []);
  assert.deepEqual(await vmCounters(envoy), counters);
  console.log(`rotation: ${fresh.sessions.length} logins with kid ${newKid}, ${jwksFetches} JWKS fetches (one per worker), ` +
    `${traffic.requests} requests of old sessions meanwhile, 0 failures`);
  recordFigures("jwks-rotation", {
    workers: WORKERS, loginsAfterRotation: fresh.sessions.length, jwksFetches, oldSessionRequests: traffic.requests, failures: 0,
  });
});

test("sessions sealed on one worker open on the other, and on both after an Envoy restart", async () => {
  const login = await runLogins(`${gateway}/productpage`, USERS, 10, 5);
  assert.deepEqual(login.failures, []);
  const beforeRestart = await everyWorkerServesEverySession(login.sessions);

  await envoy.restart();
  await waitAllWorkersReady(envoy);
  const afterRestart = await everyWorkerServesEverySession(login.sessions);
  assert.deepEqual(trapLines(envoy.logs()), []);
  assert.equal((await vmCounters(envoy)).reloads, 0);

  console.log(`restart: ${login.sessions.length} sessions, each served by every worker over ` +
    `${beforeRestart.connections} connections before (${JSON.stringify(beforeRestart.perWorkerConnections)}) and ` +
    `${afterRestart.connections} after the restart (${JSON.stringify(afterRestart.perWorkerConnections)}), 0 failures`);
  recordFigures("restart-and-workers", {
    sessions: login.sessions.length, before: beforeRestart, after: afterRestart, failures: 0,
  });
});
