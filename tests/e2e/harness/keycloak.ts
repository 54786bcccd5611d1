// Keycloak (Quarkus distribution, installed by scripts/install-keycloak.sh) in dev mode on 127.0.0.1, with the
// realm "demo" from tests/fixtures/keycloak-realm.json.
//
// Starting Keycloak takes tens of seconds, so one instance is shared: within a process by reference count,
// and across the test files of one run through a lease (see keycloak-lease.ts). The last user's stop() lets
// the lease lapse and Keycloak stops itself shortly after. KEYCLOAK_SHARE=0 gives each caller its own.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { repoRoot } from "./envoy-config.ts";
import { freePort, httpGet, spawnTracked, tail, waitUntil, type TrackedProcess } from "./processes.ts";
import { acquireStartLock, readSharedState, realmFingerprint, renewLease, writeSharedState, watchdogScript } from "./keycloak-lease.ts";

export const KEYCLOAK_VERSION = process.env.KEYCLOAK_VERSION ?? "26.7.3";
export const KEYCLOAK_HOME = join(repoRoot, ".cache", `keycloak-${KEYCLOAK_VERSION}`);
export const REALM_FILE = join(repoRoot, "tests/fixtures/keycloak-realm.json");
export const KEYCLOAK_REALM = "demo";
export const KEYCLOAK_CLIENT = { client_id: "demo-client", client_secret: "demo-client-secret-change-me-0123456789" };
export const KEYCLOAK_USER = { username: "alice", password: "alice-password-1", email: "alice@example.test" };

export interface RunningKeycloak {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** The issuer of realm "demo". */
  issuer: string;
  /** Milliseconds this call waited for Keycloak (near 0 when an instance was reused). */
  startMs: number;
  reused: boolean;
  logs(): string;
  stop(): Promise<void>;
}

/** Keycloak 26 runs on Java 17, 21 and 25; prefer the newest JDK installed. */
export function findJavaHome(): string | undefined {
  if (process.env.KEYCLOAK_JAVA_HOME) return process.env.KEYCLOAK_JAVA_HOME;
  const jvmDir = "/usr/lib/jvm";
  const homes = existsSync(jvmDir) ? readdirSync(jvmDir).map((d) => join(jvmDir, d)) : [];
  // "temurin-25-jdk-amd64" → 25, "java-1.17.0-openjdk-amd64" → 17: the first number that can be a major.
  const versionOf = (home: string): number => (home.match(/\d+/g) ?? []).map(Number).find((n) => n >= 8) ?? 0;
  const usable = homes.filter((h) => existsSync(join(h, "bin/java")) && versionOf(h) >= 17);
  usable.sort((a, b) => versionOf(b) - versionOf(a));
  return usable[0] ?? process.env.JAVA_HOME;
}

async function discoveryAnswers(url: string): Promise<boolean> {
  try {
    const response = await httpGet(`${url}/realms/${KEYCLOAK_REALM}/.well-known/openid-configuration`, 2_000);
    return response.status === 200;
  } catch {
    return false;
  }
}

let inProcess: { keycloak: Promise<RunningKeycloak>; users: number } | undefined;
let leaseTimer: NodeJS.Timeout | undefined;

export async function startKeycloak(options: { port?: number; readyTimeoutMs?: number } = {}): Promise<RunningKeycloak> {
  const shared = process.env.KEYCLOAK_SHARE !== "0" && options.port === undefined;
  if (!shared) return launch(options.port ?? (await freePort()), options.readyTimeoutMs, false);
  if (inProcess) {
    inProcess.users += 1;
    return inProcess.keycloak;
  }
  const entry = { keycloak: startShared(options.readyTimeoutMs), users: 1 };
  inProcess = entry;
  try {
    await entry.keycloak;
  } catch (err) {
    inProcess = undefined;
    throw err;
  }
  return entry.keycloak;
}

async function startShared(readyTimeoutMs?: number): Promise<RunningKeycloak> {
  const fingerprint = realmFingerprint(REALM_FILE, KEYCLOAK_VERSION);
  const release = await acquireStartLock(KEYCLOAK_HOME);
  // Renew from the start: a first start can take longer than the lease.
  renewLease(KEYCLOAK_HOME);
  leaseTimer = setInterval(() => renewLease(KEYCLOAK_HOME), 2_000);
  leaseTimer.unref(); // never keeps the test process alive; when it exits the lease lapses on its own
  let keycloak: RunningKeycloak;
  try {
    const state = readSharedState(KEYCLOAK_HOME);
    if (state && state.fingerprint === fingerprint && (await discoveryAnswers(state.url))) {
      console.log(`[keycloak] reusing the instance at ${state.url} (pid ${state.pid})`);
      keycloak = handle(state.url, state.port, 0, true, () => "(log of a reused instance: see " + state.logFile + ")");
    } else {
      if (state) {
        // Ours but stale (another realm or version): stop it before starting the right one.
        try { process.kill(-state.pid, "SIGKILL"); } catch { /* already gone */ }
      }
      keycloak = await launch(await freePort(), readyTimeoutMs, true);
    }
  } catch (err) {
    clearInterval(leaseTimer);
    throw err;
  } finally {
    release();
  }
  return keycloak;
}

function handle(url: string, port: number, startMs: number, reused: boolean, logs: () => string, proc?: TrackedProcess): RunningKeycloak {
  return {
    url, port, startMs, reused, logs,
    issuer: `${url}/realms/${KEYCLOAK_REALM}`,
    async stop() {
      if (proc) return proc.stop(15_000); // a private instance
      if (!inProcess) return;
      inProcess.users -= 1;
      if (inProcess.users > 0) return;
      inProcess = undefined;
      // The last user in this process: stop renewing. The watchdog stops Keycloak once no process renews.
      clearInterval(leaseTimer);
    },
  };
}

async function launch(port: number, readyTimeoutMs = Number(process.env.KEYCLOAK_READY_TIMEOUT_MS ?? 240_000), shared: boolean): Promise<RunningKeycloak> {
  const fingerprint = realmFingerprint(REALM_FILE, KEYCLOAK_VERSION);
  const kc = join(KEYCLOAK_HOME, "bin/kc.sh");
  if (!existsSync(kc)) {
    // First use on a fresh clone: fetch it from Maven Central (idempotent; .ci/run does it up front).
    spawnSync("bash", [join(repoRoot, "scripts/install-keycloak.sh")], { stdio: "inherit" });
  }
  if (!existsSync(kc)) throw new Error(`${kc} not found: run scripts/install-keycloak.sh`);
  // A file database kept between runs (schema creation and the realm import cost tens of seconds), wiped
  // whenever the realm fixture or the Keycloak version changes so the realm always matches the fixture.
  const dataDir = join(KEYCLOAK_HOME, "data");
  const stampFile = join(dataDir, "harness-realm-fingerprint");
  const stamp = existsSync(stampFile) ? readFileSync(stampFile, "utf8") : "";
  if (stamp !== fingerprint) rmSync(dataDir, { recursive: true, force: true });
  const importDir = join(dataDir, "import");
  mkdirSync(importDir, { recursive: true });
  cpSync(REALM_FILE, join(importDir, "demo-realm.json"));
  writeFileSync(stampFile, fingerprint);

  const managementPort = await freePort(); // its default, 9000, is the demo IdP's port
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(KEYCLOAK_HOME, "harness-keycloak.log");
  rmSync(logFile, { force: true });
  const args = [
    "start-dev", "--db=dev-file", "--import-realm",
    "--http-host=127.0.0.1", `--http-port=${port}`, `--http-management-port=${managementPort}`,
    "--health-enabled=false", "--metrics-enabled=false",
  ];
  const javaHome = findJavaHome();
  const env = { ...process.env, ...(javaHome ? { JAVA_HOME: javaHome } : {}) };
  const started = Date.now();
  const command = shared ? "bash" : kc;
  const commandArgs = shared ? ["-c", watchdogScript(KEYCLOAK_HOME), "keycloak-watchdog", kc, ...args] : args;
  const proc = spawnTracked(command, commandArgs, { cwd: KEYCLOAK_HOME, env, logFile, persistent: shared });
  const logs = (): string => (existsSync(logFile) ? readFileSync(logFile, "utf8") : "");
  try {
    await waitUntil(`Keycloak realm ${KEYCLOAK_REALM} at ${url}`, async () => ((await discoveryAnswers(url)) ? true : undefined), {
      timeoutMs: readyTimeoutMs,
      intervalMs: 500,
      abort: () => (proc.hasExited() ? "Keycloak exited during startup" : undefined),
    });
  } catch (err) {
    await proc.stop(5_000);
    rmSync(stampFile, { force: true }); // the database may be half-built: start from scratch next time
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`Keycloak failed to start (java: ${javaHome ?? "PATH"}): ${message}\n--- last lines of ${logFile} ---\n${tail(logs())}`);
  }
  const startMs = Date.now() - started;
  console.log(`[keycloak] ${KEYCLOAK_VERSION} ready at ${url} in ${(startMs / 1000).toFixed(1)} s (java ${javaHome ?? "from PATH"})`);
  if (shared) writeSharedState(KEYCLOAK_HOME, { pid: proc.pid, port, url, fingerprint, logFile });
  return handle(url, port, startMs, false, logs, shared ? undefined : proc);
}
