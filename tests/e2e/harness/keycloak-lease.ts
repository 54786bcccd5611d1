// How test processes of one run share a single Keycloak without leaving it running afterwards:
// - a start lock (an atomic mkdir) so two test files never start two instances at once;
// - a state file naming the running instance (pid of its process group, port, realm fingerprint);
// - a lease file whose mtime every user process refreshes every 2 s; a watchdog shell around kc.sh stops
//   Keycloak once nobody has refreshed it for LEASE_IDLE_SECONDS (so at most that long after the run ends,
//   even when a test process was killed).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sleep } from "./processes.ts";

export const LEASE_IDLE_SECONDS = Number(process.env.KEYCLOAK_LEASE_SECONDS ?? 20);
const LOCK_STALE_MS = 240_000;

export interface SharedKeycloakState {
  pid: number;
  port: number;
  url: string;
  fingerprint: string;
  logFile: string;
}

const leaseFile = (home: string): string => join(home, "harness-lease");
const stateFile = (home: string): string => join(home, "harness-state.json");

export function renewLease(home: string): void {
  const file = leaseFile(home);
  const now = new Date();
  try {
    utimesSync(file, now, now);
  } catch {
    writeFileSync(file, "");
  }
}

/** Identifies what an instance serves: reuse only an instance of this Keycloak with this realm file. */
export function realmFingerprint(realmFile: string, version: string): string {
  return createHash("sha256").update(version).update("\0").update(readFileSync(realmFile)).digest("hex").slice(0, 16);
}

function processGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function readSharedState(home: string): SharedKeycloakState | undefined {
  try {
    const state = JSON.parse(readFileSync(stateFile(home), "utf8")) as SharedKeycloakState;
    return processGroupAlive(state.pid) ? state : undefined;
  } catch {
    return undefined;
  }
}

export function writeSharedState(home: string, state: SharedKeycloakState): void {
  writeFileSync(stateFile(home), JSON.stringify(state));
}

/** Waits (bounded) for the start lock; returns its release. A lock older than 4 minutes is a crashed starter's. */
export async function acquireStartLock(home: string): Promise<() => void> {
  const lock = join(home, "harness-start.lock");
  const deadline = Date.now() + LOCK_STALE_MS + 10_000;
  for (;;) {
    try {
      mkdirSync(lock);
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`${home} does not exist: run scripts/install-keycloak.sh`);
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const age = existsSync(lock) ? Date.now() - statSync(lock).mtimeMs : 0;
    if (age > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
    await sleep(500);
  }
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The watchdog: `bash -c <script> keycloak-watchdog <kc.sh> <args...>`. Runs kc.sh, stops it when the lease
 * lapses, and is the leader of the process group, so killing the group stops kc.sh and java with it.
 */
export function watchdogScript(home: string): string {
  return `
lease=${shellQuote(leaseFile(home))}
state=${shellQuote(stateFile(home))}
idle=${LEASE_IDLE_SECONDS}
"$@" &
kc=$!
trap 'kill -TERM "$kc" 2>/dev/null; wait "$kc"; exit 143' TERM INT
while kill -0 "$kc" 2>/dev/null; do
  age=$(( $(date +%s) - $(stat -c %Y "$lease" 2>/dev/null || echo 0) ))
  if [ "$age" -gt "$idle" ]; then
    echo "[keycloak-watchdog] lease not renewed for $age s: stopping Keycloak"
    kill -TERM "$kc"
    for i in $(seq 1 30); do kill -0 "$kc" 2>/dev/null || break; sleep 1; done
    if grep -q "\\"pid\\":$$," "$state" 2>/dev/null; then rm -f "$state"; fi
    kill -KILL 0
  fi
  sleep 2
done
wait "$kc"
if grep -q "\\"pid\\":$$," "$state" 2>/dev/null; then rm -f "$state"; fi
`;
}
