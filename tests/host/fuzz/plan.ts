// Splitting a run into jobs (one surface, a batch of inputs, a seed derived from the run's seed) and
// summing their statistics into the per-surface table both runners print.
import type { SurfaceStats } from "./runner.ts";
import type { Finding } from "./findings.ts";
import { SURFACES, shareOut } from "./surfaces.ts";
import type { Surface } from "./surface.ts";

export interface Job { surface: string; count: number; seed: number }

/** A job's seed: a hash of the run seed, the surface and the batch number (reproducible alone). */
export function jobSeed(runSeed: number, surface: string, batch: number): number {
  let h = (runSeed ^ 0x811c9dc5) >>> 0;
  for (const c of `${surface}#${batch}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

export function planJobs(total: number, runSeed: number, batch: number, surfaces: readonly Surface[] = SURFACES): Job[] {
  const jobs: Job[] = [];
  for (const [s, n] of shareOut(total, surfaces)) {
    for (let i = 0, b = 0; i < n; i += batch, b++) jobs.push({ surface: s.name, count: Math.min(batch, n - i), seed: jobSeed(runSeed, s.name, b) });
  }
  // Expensive surfaces first, so that the last jobs of a parallel run are short ones.
  return jobs.sort((a, b) => b.count - a.count);
}

export interface SurfaceTotals {
  surface: string;
  inputs: number;
  traps: number;
  bugs: number;
  known: number;
  harnessErrors: number;
  canaries: number;
  /** Time spent in this surface's jobs (summed over workers). */
  ms: number;
  memStart: number;
  memWarm: number;
  memEnd: number;
  memMax: number;
  /** Largest growth of linear memory from warm-up to the end of one batch. */
  growthAfterWarm: number;
  batches: number;
  outcomes: Record<string, number>;
  findings: Finding[];
}

export function totals(all: SurfaceStats[]): SurfaceTotals[] {
  const by = new Map<string, SurfaceTotals>();
  for (const s of all) {
    const t = by.get(s.surface) ?? {
      surface: s.surface, inputs: 0, traps: 0, bugs: 0, known: 0, harnessErrors: 0, canaries: 0, ms: 0,
      memStart: 0, memWarm: 0, memEnd: 0, memMax: 0, growthAfterWarm: 0, batches: 0, outcomes: {}, findings: [],
    };
    t.inputs += s.inputs; t.traps += s.traps; t.bugs += s.bugs; t.known += s.known; t.harnessErrors += s.harnessErrors; t.canaries += s.canaries; t.ms += s.ms;
    t.memStart = Math.max(t.memStart, s.memory.start); t.memWarm = Math.max(t.memWarm, s.memory.warm);
    t.memEnd = Math.max(t.memEnd, s.memory.end); t.memMax = Math.max(t.memMax, s.memory.max);
    t.growthAfterWarm = Math.max(t.growthAfterWarm, s.memory.end - s.memory.warm);
    t.batches++;
    for (const [k, n] of Object.entries(s.outcomes)) t.outcomes[k] = (t.outcomes[k] ?? 0) + n;
    t.findings.push(...s.findings);
    by.set(s.surface, t);
  }
  return SURFACES.map((s) => by.get(s.name)).filter((t): t is SurfaceTotals => t !== undefined);
}

const mib = (b: number): string => (b / 1048576).toFixed(1);

/** The per-surface table, then the totals line. */
export function formatTable(rows: SurfaceTotals[], wallMs: number): string {
  const head = ["surface", "inputs", "traps", "bugs", "known", "harness", "canaries", "execs/s", "mem MiB start/warm/end/max", "growth"];
  const lines = [head.join("\t")];
  for (const r of rows) {
    lines.push([r.surface, r.inputs, r.traps, r.bugs, r.known, r.harnessErrors, r.canaries, Math.round(r.inputs / (r.ms / 1000)),
      `${mib(r.memStart)}/${mib(r.memWarm)}/${mib(r.memEnd)}/${mib(r.memMax)}`, mib(r.growthAfterWarm)].join("\t"));
  }
  const sum = (f: (r: SurfaceTotals) => number): number => rows.reduce((a, r) => a + f(r), 0);
  const inputs = sum((r) => r.inputs);
  lines.push(["total", inputs, sum((r) => r.traps), sum((r) => r.bugs), sum((r) => r.known), sum((r) => r.harnessErrors), sum((r) => r.canaries),
    Math.round(inputs / (wallMs / 1000)), "", ""].join("\t"));
  // Align the tab-separated columns.
  const cells = lines.map((l) => l.split("\t"));
  const widths = head.map((_, i) => Math.max(...cells.map((c) => (c[i] ?? "").length)));
  return cells.map((c) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join("  ")).join("\n");
}

/** Per surface, the most frequent ways its requests ended (how deep the inputs got). */
export function formatOutcomes(rows: SurfaceTotals[], top = 12): string {
  const out: string[] = [];
  for (const r of rows) {
    const entries = Object.entries(r.outcomes).sort((a, b) => b[1] - a[1]);
    const all = entries.reduce((a, [, n]) => a + n, 0);
    out.push(`${r.surface} (${entries.length} distinct outcomes over ${all} requests):`);
    for (const [k, n] of entries.slice(0, top)) out.push(`  ${((100 * n) / all).toFixed(1).padStart(5)}%  ${k}`);
  }
  return out.join("\n");
}
