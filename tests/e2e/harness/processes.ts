// Shared plumbing for the end-to-end harness: child processes that never outlive the test process, bounded
// waits, free loopback ports, log tails and small HTTP probes.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { openSync, closeSync } from "node:fs";

/** A child process started in its own process group, so stopping it also stops anything it spawned. */
export interface TrackedProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  hasExited(): boolean;
  /** SIGTERM the group, wait up to graceMs, then SIGKILL it. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<TrackedProcess>();
let hooksInstalled = false;

// Last-resort cleanup: whatever a test forgot (or could not reach because it threw) is killed when the test
// process exits, including on Ctrl-C and on the SIGTERM node's test runner sends on timeout.
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const killAll = (): void => {
    for (const p of live) killGroup(p.pid, "SIGKILL");
    live.clear();
  };
  process.on("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      // A program with its own handler (scripts/demo.ts) stops gracefully itself; the exit hook above still
      // kills whatever it leaves. Alone, we must exit, since a handler disables Node's default.
      if (process.listenerCount(signal) > 1) return;
      killAll();
      process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1));
    });
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone; nothing to do.
  }
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** stdout and stderr are appended to this file (never to a pipe that could fill up and stall the child). */
  logFile: string;
  /** Not killed when the test process exits (a shared Keycloak that stops itself; see keycloak-lease.ts). */
  persistent?: boolean;
}

export function spawnTracked(command: string, args: string[], options: SpawnOptions): TrackedProcess {
  installExitHooks();
  const fd = openSync(options.logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", fd, fd],
      detached: true, // own process group: kill(-pid) reaches grandchildren too (kc.sh → java)
    });
  } finally {
    closeSync(fd);
  }
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  let exitedFlag = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => {
      exitedFlag = true;
      resolve(code ?? signal ?? "unknown");
    });
    child.once("error", (err) => {
      exitedFlag = true;
      resolve(`spawn error: ${err.message}`);
    });
  });
  const tracked: TrackedProcess = {
    pid,
    child,
    exited,
    hasExited: () => exitedFlag,
    async stop(graceMs = 10_000) {
      if (!exitedFlag) {
        killGroup(pid, "SIGTERM");
        if (!(await settlesWithin(exited, graceMs))) {
          killGroup(pid, "SIGKILL");
          await settlesWithin(exited, 5_000);
        }
      }
      // The leader may be gone while children of the group linger: make sure none survive.
      killGroup(pid, "SIGKILL");
      live.delete(tracked);
    },
  };
  // Never let a child keep the test process alive: a test that failed before stop() would otherwise hang
  // forever, and the exit hook that kills the child would never run.
  child.unref();
  if (!options.persistent) live.add(tracked); // a persistent child stops itself (keycloak-lease.ts)
  void exited.then(() => live.delete(tracked));
  return tracked;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True when `promise` settles within `ms`; the timer is cleared either way, so it never delays exit. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `probe` until it returns a value other than undefined, at most `timeoutMs`. `abort` is checked on
 * every round and ends the wait early with its message (for example "the process exited").
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; abort?: () => string | undefined },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = "";
  for (;;) {
    const reason = options.abort?.();
    if (reason !== undefined) throw new Error(`gave up waiting for ${what}: ${reason}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() >= deadline) {
      const detail = lastError ? ` (last error: ${lastError})` : "";
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}${detail}`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}

/** GET with a hard timeout; never follows redirects (tests look at them). */
export async function httpGet(url: string, timeoutMs = 2_000): Promise<Response> {
  return fetch(url, { redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
}

const handedOut = new Set<number>();

/** A port on 127.0.0.1 that was free a moment ago and that this process has not handed out before. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        const found = typeof address === "object" && address !== null ? address.port : 0;
        server.close(() => resolve(found));
      });
    });
    if (port > 0 && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error("no free port on 127.0.0.1 after 50 attempts");
}

/** The last `lines` lines of a log, for error messages. */
export function tail(text: string, lines = 60): string {
  const all = text.split("\n");
  return all.slice(Math.max(0, all.length - lines - 1)).join("\n");
}

/** Loopback only: the harness must never point a server or a probe anywhere else. */
export function assertLoopback(host: string, what: string): void {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) && host !== "localhost" && host !== "[::1]") {
    throw new Error(`${what} must be a loopback address, got ${JSON.stringify(host)}`);
  }
}
