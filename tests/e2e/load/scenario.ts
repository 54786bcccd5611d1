// The load scenario, shared by tests/e2e/reliability-load.test.ts (which asserts) and scripts/reliability.ts
// (which runs it with the full counts): real Envoy with 2 workers, oidc-provider, a counting backend;
// `logins` scripted logins through the whole code flow, then `requests` authenticated GETs spread over the
// sessions on `connections` keep-alive connections, with Envoy's memory sampled throughout.
import { startEnvoy, demoPluginConfig, freePort, type RunningEnvoy } from "../harness/envoy.ts";
import { startOidcProvider, demoClient, DEMO_USER, type RunningOidcProvider } from "../harness/oidc-provider.ts";
import { startCountingBackend, type CountingBackend } from "./counting-backend.ts";
import { runLogins, hammer, percentiles, type Failure, type LoadUser } from "./drivers.ts";
import { waitAllWorkersReady, connectionsPerWorker, connectionDelta, trapLines, vmCounters } from "./gateway.ts";

export interface LoadOptions {
  logins: number;
  /** Logins in flight at once (see docs/reliability.md for why not all 500 at once). */
  loginConcurrency: number;
  requests: number;
  connections: number;
  /** Distinct IdP accounts; login i uses account i % users. */
  users: number;
  workers: number;
  wasmPath?: string;
}

export interface MemorySample { label: string; requestsDone: number; allocatedBytes: number; rssBytes: number }

export interface LoadFigures {
  options: LoadOptions;
  logins: {
    ok: number; failed: number; failures: Failure[]; seconds: number; perSecond: number; peakInFlight: number;
    httpRequests: number; latencyMs: ReturnType<typeof percentiles>; callbackMs: ReturnType<typeof percentiles>;
    connectionsPerWorker: Record<string, number>;
  };
  requests: {
    ok: number; failed: number; failures: Failure[]; seconds: number; perSecond: number; socketsOpened: number;
    latencyMs: ReturnType<typeof percentiles>; connectionsPerWorker: Record<string, number>;
  };
  backend: { total: number; withoutBearer: number };
  memory: MemorySample[];
  /** From the sample after the warm-up to the last one. */
  memoryGrowth: { allocatedBytes: number; rssBytes: number };
  traps: string[];
  vm: { before: { created: number; reloads: number }; after: { created: number; reloads: number } };
}

export function loadUsers(count: number): LoadUser[] {
  return Array.from({ length: count }, (_, i) => ({
    username: `load${i}`, password: `load-password-${i}-0123456789`, sub: `load-user-${i}`,
  }));
}

export async function runLoadScenario(options: LoadOptions, log: (line: string) => void = () => undefined): Promise<LoadFigures> {
  const users = loadUsers(options.users);
  let idp: RunningOidcProvider | undefined;
  let backend: CountingBackend | undefined;
  let envoy: RunningEnvoy | undefined;
  try {
    const port = await freePort();
    const gateway = `http://127.0.0.1:${port}`;
    idp = await startOidcProvider({
      clients: [demoClient([`${gateway}/oauth2/callback`])],
      users: users.map((u) => ({ ...DEMO_USER, sub: u.sub, username: u.username, password: u.password, email: `${u.username}@example.test` })),
    });
    backend = await startCountingBackend();
    envoy = await startEnvoy({
      pluginConfig: demoPluginConfig(idp.issuer, gateway),
      ports: { listener: port, backend: backend.port },
      concurrency: options.workers,
      wasmPath: options.wasmPath,
    });
    await waitAllWorkersReady(envoy);
    const running = envoy;
    const memory: MemorySample[] = [];
    const sample = async (label: string, requestsDone: number): Promise<void> => {
      memory.push({ label, requestsDone, allocatedBytes: await running.memoryBytes(), rssBytes: running.rssBytes() });
    };
    const vmBefore = await vmCounters(envoy);
    await sample("started", 0);

    const page = `${gateway}/productpage`;
    const cx0 = await connectionsPerWorker(envoy);
    log(`${options.logins} logins, at most ${options.loginConcurrency} in flight ...`);
    const logins = await runLogins(page, users, options.logins, options.loginConcurrency);
    const cx1 = await connectionsPerWorker(envoy);
    await sample("after logins", 0);
    log(`  ${logins.sessions.length} ok, ${logins.failures.length} failed in ${(logins.ms / 1000).toFixed(1)} s`);
    if (logins.sessions.length === 0) throw new Error(`no login succeeded: ${logins.failures[0]?.what}`);

    // Warm-up: connection pools, V8 tiers and the wasm heap reach their working size before the baseline.
    const warmup = Math.max(1_000, Math.floor(options.requests / 50));
    const warm = await hammer(page, logins.sessions, warmup, options.connections);
    await sample("after warm-up", 0);
    log(`${options.requests} requests over ${options.connections} keep-alive connections ...`);
    const pending: Promise<void>[] = [];
    const requests = await hammer(page, logins.sessions, options.requests, options.connections, {
      progressEvery: Math.max(1, Math.floor(options.requests / 10)),
      onProgress: (done) => pending.push(sample(`${done} requests`, done)),
    });
    await Promise.all(pending);
    const cx2 = await connectionsPerWorker(envoy);
    await new Promise((res) => setTimeout(res, 1_000));
    await sample("1 s after the load", options.requests);
    log(`  ${requests.ok} ok, ${requests.failureCount} failed in ${(requests.ms / 1000).toFixed(1)} s`);

    const baseline = memory.find((m) => m.label === "after warm-up")!;
    const last = memory.at(-1)!;
    return {
      options,
      logins: {
        ok: logins.sessions.length, failed: logins.failures.length, failures: logins.failures.slice(0, 10),
        seconds: logins.ms / 1000, perSecond: logins.sessions.length / (logins.ms / 1000), peakInFlight: logins.peakInFlight,
        httpRequests: logins.requests, latencyMs: percentiles(logins.loginMs), callbackMs: percentiles(logins.callbackMs),
        connectionsPerWorker: connectionDelta(cx0, cx1),
      },
      requests: {
        ok: requests.ok, failed: requests.failureCount + warm.failureCount, failures: [...warm.failures, ...requests.failures].slice(0, 10),
        seconds: requests.ms / 1000, perSecond: requests.ok / (requests.ms / 1000), socketsOpened: requests.socketsOpened,
        latencyMs: requests.latency, connectionsPerWorker: connectionDelta(cx1, cx2),
      },
      backend: { ...backend.counts },
      memory,
      memoryGrowth: { allocatedBytes: last.allocatedBytes - baseline.allocatedBytes, rssBytes: last.rssBytes - baseline.rssBytes },
      traps: trapLines(envoy.logs()),
      vm: { before: vmBefore, after: await vmCounters(envoy) },
    };
  } finally {
    await envoy?.stop();
    await backend?.stop();
    await idp?.stop();
  }
}

const MIB = 1024 * 1024;

/** The figures as Markdown lines, for the console and docs/reliability.md. */
export function describeLoad(f: LoadFigures): string[] {
  const mib = (b: number): string => `${(b / MIB).toFixed(1)} MiB`;
  const o = f.options;
  return [
    `Envoy ${o.workers} workers; ${o.users} IdP accounts; ${o.logins} logins at most ${o.loginConcurrency} in flight; ` +
      `${o.requests} requests on ${o.connections} keep-alive connections`,
    `logins: ${f.logins.ok} ok, ${f.logins.failed} failed, ${f.logins.seconds.toFixed(1)} s (${f.logins.perSecond.toFixed(0)}/s, ` +
      `${f.logins.httpRequests} HTTP requests), peak ${f.logins.peakInFlight} in flight, per login p50 ${f.logins.latencyMs.p50} ms ` +
      `p99 ${f.logins.latencyMs.p99} ms, of which the callback (token exchange) p50 ${f.logins.callbackMs.p50} ms p99 ${f.logins.callbackMs.p99} ms; ` +
      `gateway connections per worker ${JSON.stringify(f.logins.connectionsPerWorker)}`,
    `requests: ${f.requests.ok} ok, ${f.requests.failed} failed, ${f.requests.seconds.toFixed(1)} s (${f.requests.perSecond.toFixed(0)}/s), ` +
      `p50 ${f.requests.latencyMs.p50.toFixed(1)} ms p99 ${f.requests.latencyMs.p99.toFixed(1)} ms max ${f.requests.latencyMs.max.toFixed(1)} ms; ` +
      `${f.requests.socketsOpened} sockets; per worker ${JSON.stringify(f.requests.connectionsPerWorker)}`,
    `backend: ${f.backend.total} requests, ${f.backend.withoutBearer} without a bearer token`,
    `memory (admin /memory allocated / RSS): ${f.memory.map((m) => `${m.label} ${mib(m.allocatedBytes)} / ${mib(m.rssBytes)}`).join("; ")}`,
    `growth from warm-up to end: allocated ${mib(f.memoryGrowth.allocatedBytes)}, RSS ${mib(f.memoryGrowth.rssBytes)}; ` +
      `VMs created ${f.vm.before.created}→${f.vm.after.created}, reloads ${f.vm.after.reloads}; trap lines ${f.traps.length}`,
  ];
}
