// The fuzz loop for one surface: one FakeHost reused across the batch (re-created only after a
// trap), seeds renewed as the host's clock moves, a canary (a real login and a request with its
// session) every few hundred inputs, memory sampled along the way. Traps and host-detected bugs
// are minimized, saved to the corpus folder and returned; the loop carries on after them.
import type { FakeHost } from "../fake-host/host.ts";
import { Rng } from "./prng.ts";
import { BASE_CONFIG_TEXT, answerProvider, freshHost, runScenario, type Scenario } from "./scenario.ts";
import { makeSeeds } from "./seeds.ts";
import type { FuzzContext, Surface } from "./surface.ts";
import { canary } from "./canary.ts";
import { findingKey, saveFinding, type Finding } from "./findings.ts";

export interface SurfaceStats {
  surface: string;
  inputs: number;
  /** New traps and host-detected bugs (canary failures included), not in the corpus yet. */
  traps: number;
  bugs: number;
  /** Inputs that hit a finding already kept in the corpus (reported, awaiting a fix). */
  known: number;
  /** Scenarios the harness itself failed on (a fuzzer bug, not a filter bug). */
  harnessErrors: number;
  canaries: number;
  ms: number;
  /** Linear memory: after setup, after the first 10% of inputs, at the end, the largest seen, and after every tenth of the batch. */
  memory: { start: number; warm: number; end: number; max: number; samples: number[] };
  /** How the scenarios' requests ended: "302 oidc_sso_login_started", "forwarded", ... (a coverage proxy). */
  outcomes: Record<string, number>;
  findings: Finding[];
}

export interface RunOptions {
  /** Where crashers go (null: keep them in memory only). */
  corpusDir: string | null;
  /** The repository's corpus, whose findings count as known (default: corpusDir). */
  knownDir?: string | null;
  /** Inputs between canaries. */
  canaryEvery?: number;
  /** Seconds one minimization may take. */
  minimizeSeconds?: number;
  log?: (line: string) => void;
}

const RESEED_AFTER_MS = 4 * 60_000;

function newContext(module: WebAssembly.Module, at: number): FuzzContext {
  const host = freshHost(module, at);
  return { host, seeds: makeSeeds(host), serial: 0 };
}

/** Back to the base configuration with the IdP ready (after surfaces that reconfigure). */
export function restoreBase(host: FakeHost): void {
  if (host.configure(BASE_CONFIG_TEXT) !== true) throw new Error(`the base configuration was refused:\n${host.logText()}`);
  answerProvider(host);
}

export function fuzzSurface(module: WebAssembly.Module, surface: Surface, count: number, seed: number, o: RunOptions): SurfaceStats {
  const rng = new Rng(seed);
  const started = performance.now();
  const canaryEvery = o.canaryEvery ?? 500;
  let ctx = newContext(module, 1_700_000_000_000 + rng.int(1000) * 1000);
  const stats: SurfaceStats = {
    surface: surface.name, inputs: 0, traps: 0, bugs: 0, known: 0, harnessErrors: 0, canaries: 0, ms: 0,
    memory: { start: ctx.host.memoryBytes, warm: 0, end: 0, max: ctx.host.memoryBytes, samples: [] }, outcomes: {}, findings: [],
  };
  const recent: Scenario[] = [];
  /** Finding identities met in this batch, and whether each is a known one. */
  const seenKinds = new Map<string, boolean>();
  for (let i = 0; i < count; i++) {
    if (ctx.host.nowMs - ctx.seeds.atMs > RESEED_AFTER_MS) {
      if (surface.reconfigures) restoreBase(ctx.host);
      ctx.seeds = makeSeeds(ctx.host);
    }
    ctx.serial = i;
    let sc: Scenario;
    try {
      sc = surface.next(ctx, rng);
    } catch (e) {
      stats.harnessErrors++;
      o.log?.(`[${surface.name}] generator error at input ${i}: ${(e as Error).stack}`);
      continue;
    }
    let out;
    const startMs = ctx.host.nowMs;
    try {
      out = runScenario(ctx.host, sc);
    } catch (e) {
      stats.harnessErrors++;
      o.log?.(`[${surface.name}] harness error at input ${i}: ${(e as Error).stack}\n  scenario: ${JSON.stringify(sc).slice(0, 400)}`);
      ctx = newContext(module, ctx.host.nowMs);
      continue;
    }
    stats.inputs++;
    for (const st of out.streams) {
      const r = st.localResponse;
      const key = r !== null ? `${r.status} ${r.details}` : st.forwarded ? (st.continued ? "forwarded after a call" : "forwarded") : "unanswered";
      stats.outcomes[key] = (stats.outcomes[key] ?? 0) + 1;
    }
    recent.push(sc);
    if (recent.length > 20) recent.shift();
    if (out.trap !== null || out.bugs.length > 0) {
      const kind = out.trap !== null ? "trap" : "bug";
      const message = out.trap ?? out.bugs.join("; ");
      const key = findingKey(kind, surface.name, message);
      const seen = seenKinds.get(key);
      if (seen !== undefined) {
        if (seen) stats.known++;
        else if (kind === "trap") stats.traps++;
        else stats.bugs++;
      } else {
        const f = saveFinding(module, kind, surface.name, sc.steps, recent.slice(0, -1).map((r) => r.steps), message, { seed, input: i }, startMs, { ...o, knownDir: o.knownDir ?? o.corpusDir });
        seenKinds.set(key, f.known);
        stats.findings.push(f);
        if (f.known) stats.known++;
        else if (kind === "trap") stats.traps++;
        else stats.bugs++;
        o.log?.(`[${surface.name}] ${f.known ? "known " : ""}${kind.toUpperCase()} at input ${i} (seed ${seed}): ${f.message}\n  ${f.known ? "already kept as" : "saved as"} ${f.file ?? "(not saved)"}`);
      }
      if (out.trap !== null) ctx = newContext(module, ctx.host.nowMs);
    }
    const mem = ctx.host.memoryBytes;
    if (mem > stats.memory.max) stats.memory.max = mem;
    if (i === Math.floor(count / 10)) stats.memory.warm = mem;
    if ((i + 1) % Math.max(1, Math.floor(count / 10)) === 0) stats.memory.samples.push(mem);
    if ((i + 1) % canaryEvery === 0) {
      if (surface.reconfigures) restoreBase(ctx.host);
      const problem = canary(ctx);
      stats.canaries++;
      if (problem !== null) {
        stats.bugs++;
        const f = saveFinding(module, "canary", surface.name, recent[recent.length - 1]?.steps ?? [], recent.slice(0, -1).map((r) => r.steps), problem, { seed, input: i }, ctx.host.nowMs, o);
        stats.findings.push(f);
        o.log?.(`[${surface.name}] CANARY FAILED after input ${i} (seed ${seed}): ${problem}`);
        ctx = newContext(module, ctx.host.nowMs);
      }
    }
  }
  stats.memory.end = ctx.host.memoryBytes;
  if (stats.memory.warm === 0) stats.memory.warm = stats.memory.end;
  stats.ms = performance.now() - started;
  return stats;
}
