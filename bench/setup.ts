// Brings the benchmark up: oidc-provider, the stub IdP, one pinned Envoy with the five listeners of
// topology.ts, and a logged-in session on (b) and (c), each obtained through that filter's own login.
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEnvoy, envoyBinary, freePort, demoPluginConfig, type RunningEnvoy } from "../tests/e2e/harness/envoy.ts";
import { startOidcProvider, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, type RunningOidcProvider } from "../tests/e2e/harness/oidc-provider.ts";
import { discover } from "../tests/e2e/harness/oidc-client.ts";
import { waitForFilterReady } from "../tests/e2e/http.ts";
import { benchBootstrap, NATIVE_CALLBACK_PATH, STUB_CLUSTER, type BenchPorts, type ExtraWasmListener } from "./topology.ts";
import { browserLogin } from "./login.ts";
import { startStubIdp, STUB_CLIENT_ID, STUB_CLIENT_SECRET, type StubIdp } from "./stub-idp.ts";

export interface Bench {
  envoy: RunningEnvoy;
  envoyPid: number;
  idp: RunningOidcProvider;
  stub: StubIdp;
  ports: BenchPorts;
  urls: { a: string; b: string; c: string; d: string };
  /** The extra listeners (options.extra), by name, each serving (c)'s session cookie. */
  extraUrls: Record<string, string>;
  /** Cookie header of the session each listener accepts ((a) gets (c)'s: byte-identical requests). */
  cookies: { a: string; b: string; c: string };
  stop(): Promise<void>;
}

export const BENCH_PATH = "/productpage";

export interface BenchOptions {
  /** taskset CPU list for Envoy. */
  envoyCpus: string;
  /** The module of (c); default build/oidc-sso.wasm. */
  wasmPath?: string;
  /** More listeners like (c): name → module. A module whose name starts with "floor" gets "{}" as config. */
  extra?: Record<string, string>;
}

export async function startBench(options: BenchOptions): Promise<Bench> {
  const ports: BenchPorts = {
    passthrough: await freePort(), oauth2: await freePort(), wasm: await freePort(), loginWasm: await freePort(),
    backend: await freePort(), idpPort: await freePort(), stubPort: await freePort(),
  };
  const extra: ExtraWasmListener[] = [];
  const origin = (p: number) => `http://127.0.0.1:${p}`;
  const urls = { a: origin(ports.passthrough), b: origin(ports.oauth2), c: origin(ports.wasm), d: origin(ports.loginWasm) };

  const idp = await startOidcProvider({
    port: ports.idpPort,
    clients: [{
      client_id: DEMO_CLIENT_ID, client_secret: DEMO_CLIENT_SECRET,
      redirect_uris: [`${urls.c}/oauth2/callback`, `${urls.b}${NATIVE_CALLBACK_PATH}`],
    }],
  });
  const stub = await startStubIdp(ports.stubPort);
  const discovery = await discover(idp.issuer);

  // Every request of the benchmark needs login: no bypass rules.
  const ours = demoPluginConfig(idp.issuer, urls.c, { match: undefined });
  for (const [name, wasmPath] of Object.entries(options.extra ?? {})) {
    const configuration = name.startsWith("floor") ? "{}" : JSON.stringify(ours);
    extra.push({ name, port: await freePort(), wasmPath, configuration });
  }
  const extraUrls = Object.fromEntries(extra.map((x) => [x.name, origin(x.port)]));
  const loginConfig = demoPluginConfig(stub.issuer, urls.d, {
    client_id: STUB_CLIENT_ID, client_secret: STUB_CLIENT_SECRET, match: undefined, idp_cluster: STUB_CLUSTER(ports.stubPort),
  });

  const dir = mkdtempSync(join(tmpdir(), "oidc-sso-bench-"));
  const pidFile = join(dir, "envoy.pid");
  const previousBin = process.env.ENVOY_BIN;
  Object.assign(process.env, {
    BENCH_REAL_ENVOY: envoyBinary(), BENCH_ENVOY_CPUS: options.envoyCpus, BENCH_ENVOY_PIDFILE: pidFile,
    ENVOY_BIN: new URL("./pinned-envoy.sh", import.meta.url).pathname,
  });
  let envoy: RunningEnvoy;
  try {
    envoy = await startEnvoy({
      pluginConfig: ours,
      wasmPath: options.wasmPath,
      ports: { listener: ports.wasm, backend: ports.backend, idp: ports.idpPort },
      concurrency: 1,
      extra: {
        editBootstrap: benchBootstrap(ports, {
          clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET,
          authorizationEndpoint: discovery.authorization_endpoint, tokenEndpoint: discovery.token_endpoint,
        }, loginConfig, extra),
      },
    });
  } finally {
    if (previousBin === undefined) delete process.env.ENVOY_BIN;
    else process.env.ENVOY_BIN = previousBin;
  }
  const envoyPid = Number(readFileSync(pidFile, "utf8").trim());

  await waitForFilterReady(urls.c, BENCH_PATH);
  await waitForFilterReady(urls.d, BENCH_PATH);
  for (const x of extra) if (!x.name.startsWith("floor")) await waitForFilterReady(extraUrls[x.name], BENCH_PATH);
  const user = idp.user;
  const loginC = await browserLogin(`${urls.c}${BENCH_PATH}`, user);
  const loginB = await browserLogin(`${urls.b}${BENCH_PATH}`, user);
  const cookies = { a: loginC.jar.header(), b: loginB.jar.header(), c: loginC.jar.header() };

  return {
    envoy, envoyPid, idp, stub, ports, urls, extraUrls, cookies,
    async stop() {
      await envoy.stop();
      await stub.stop();
      await idp.stop();
    },
  };
}

/** CPU seconds all of Envoy's threads have run so far (/proc/<pid>/task/<tid>/schedstat, nanoseconds). */
export function envoyCpuSeconds(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return ns / 1e9;
}
