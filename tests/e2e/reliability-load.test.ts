// Many users and many requests through real Envoy (2 workers): scripted logins through the full code flow
// (redirect, the IdP's login form, callback, token exchange), then authenticated requests over keep-alive
// connections. Zero failures, every request reaches the backend with its own user's ID token, and Envoy's
// memory stays flat while the requests run.
//
// Counts come from the environment; the defaults are the share CI runs. `npm run reliability`
// (scripts/reliability.ts) runs the full figures: 500 logins, 100,000 requests.
//   RELIABILITY_LOGINS=100 RELIABILITY_LOGIN_CONCURRENCY=50 RELIABILITY_REQUESTS=20000 RELIABILITY_CONNECTIONS=8
//   node --import tsx --test tests/e2e/reliability-load.test.ts
import { test } from "node:test";
import assert from "node:assert/strict";
import { runLoadScenario, describeLoad } from "./load/scenario.ts";
import { envCount, recordFigures } from "./load/gateway.ts";

const MIB = 1024 * 1024;
/** Allowed growth from the warm-up to the end: far below what a per-request leak would cost over 20,000+ requests. */
const MAX_RSS_GROWTH = 16 * MIB;
const MAX_ALLOCATED_GROWTH = 8 * MIB;

const options = {
  logins: envCount("RELIABILITY_LOGINS", 100),
  loginConcurrency: envCount("RELIABILITY_LOGIN_CONCURRENCY", 50),
  requests: envCount("RELIABILITY_REQUESTS", 20_000),
  connections: envCount("RELIABILITY_CONNECTIONS", 8),
  users: envCount("RELIABILITY_USERS", 50),
  workers: 2,
  wasmPath: process.env.RELIABILITY_WASM || undefined,
};

test(`${options.logins} scripted logins, then ${options.requests} authenticated requests: no failure, memory flat`, { timeout: 15 * 60_000 }, async () => {
  const figures = await runLoadScenario(options, (line) => console.log(line));
  for (const line of describeLoad(figures)) console.log(line);
  recordFigures("load", { ...figures });

  assert.deepEqual(figures.logins.failures, [], "every login succeeded");
  assert.equal(figures.logins.ok, options.logins);
  assert.deepEqual(figures.requests.failures, [], "every request was served to its own user");
  assert.equal(figures.requests.ok, options.requests);
  assert.equal(figures.backend.withoutBearer, 0, "nothing reached the backend without an ID token");
  assert.equal(figures.requests.socketsOpened, options.connections, "keep-alive held: no connection was dropped");
  for (const [phase, perWorker] of [["logins", figures.logins.connectionsPerWorker], ["requests", figures.requests.connectionsPerWorker]] as const) {
    assert.equal(Object.keys(perWorker).length, options.workers, `${phase}: per-worker counters`);
    if (phase === "logins") assert.ok(Object.values(perWorker).every((n) => n > 0), `${phase} reached every worker: ${JSON.stringify(perWorker)}`);
  }
  assert.ok(figures.memoryGrowth.rssBytes <= MAX_RSS_GROWTH, `RSS grew by ${(figures.memoryGrowth.rssBytes / MIB).toFixed(1)} MiB`);
  assert.ok(figures.memoryGrowth.allocatedBytes <= MAX_ALLOCATED_GROWTH, `allocated grew by ${(figures.memoryGrowth.allocatedBytes / MIB).toFixed(1)} MiB`);
  assert.deepEqual(figures.traps, []);
  assert.deepEqual(figures.vm.after, figures.vm.before, "no VM was created or reloaded");
});
