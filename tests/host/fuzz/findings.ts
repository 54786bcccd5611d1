// What happens when an input traps (or makes the host report a bug): replay it on a fresh host,
// shrink it while it still fails (whole steps, headers, then the bytes of each string by halving
// deletion), and save it as a JSON corpus file that fuzz-regressions.test.ts replays by name.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { freshHost, runScenario, type RunOutcome, type Step } from "./scenario.ts";

export type FindingKind = "trap" | "bug" | "canary";

export interface Finding {
  kind: FindingKind;
  surface: string;
  message: string;
  /** The saved file (null when no corpus folder was given). */
  file: string | null;
  /** True when the steps alone fail on a fresh host; false when they needed earlier inputs too. */
  reproducesAlone: boolean;
  minimized: boolean;
  found: { seed: number; input: number };
  startMs: number;
  steps: Step[];
  /** Already in the corpus (a known, reported finding): counted apart from new ones. */
  known: boolean;
}

/** The JSON a corpus file holds. */
export interface CorpusCase {
  name: string;
  kind: FindingKind;
  surface: string;
  message: string;
  found: { seed: number; input: number; date: string };
  reproducesAlone: boolean;
  minimized: boolean;
  /** Wall clock of the fresh host the steps run on (login cookies are time-bound). */
  startMs: number;
  steps: Step[];
  /** Written by whoever fixes it: where the trap was and why. */
  note?: string;
}

export function replay(module: WebAssembly.Module, startMs: number, steps: Step[], surface = "replay"): RunOutcome {
  const host = freshHost(module, startMs);
  return runScenario(host, { surface, steps });
}

function fails(kind: FindingKind, out: RunOutcome): boolean {
  return kind === "trap" ? out.trap !== null : out.trap !== null || out.bugs.length > 0;
}

function stepsSize(steps: Step[]): number {
  return JSON.stringify(steps).length;
}

/** Greedy shrinking under a time budget: drop steps, drop headers, then cut string leaves. */
export function minimize(module: WebAssembly.Module, kind: FindingKind, startMs: number, steps: Step[], seconds: number): Step[] {
  const deadline = performance.now() + seconds * 1000;
  const still = (candidate: Step[]): boolean => performance.now() < deadline && fails(kind, replay(module, startMs, candidate));
  let best = structuredClone(steps);
  for (let i = best.length - 1; i >= 0 && best.length > 1; i--) {
    const c = best.filter((_, j) => j !== i);
    if (still(c)) best = c;
  }
  const leaves = (): { get(): string; set(v: string): void }[] => {
    const out: { get(): string; set(v: string): void }[] = [];
    for (const s of best) {
      if (s.op === "request") s.headers.forEach((h) => out.push({ get: () => h[1], set: (v) => (h[1] = v) }));
      if (s.op === "respond") out.push({ get: () => s.body, set: (v) => (s.body = v) });
      if (s.op === "configure") out.push({ get: () => s.config, set: (v) => (s.config = v) });
    }
    return out.sort((a, b) => b.get().length - a.get().length);
  };
  for (const s of best) {
    if (s.op !== "request") continue;
    for (let i = s.headers.length - 1; i >= 4; i--) {
      const removed = s.headers.splice(i, 1)[0];
      if (!still(best)) s.headers.splice(i, 0, removed);
    }
  }
  for (const leaf of leaves()) {
    // Whole tokens first (cookies, query parameters, list items), then bytes.
    const sep = ["; ", "&", ",", ".", " "].find((x) => leaf.get().split(x).length > 4);
    if (sep !== undefined) {
      let parts = leaf.get().split(sep);
      let chunk = Math.max(1, Math.floor(parts.length / 2));
      while (chunk >= 1 && performance.now() < deadline) {
        let changed = false;
        for (let at = 0; at < parts.length; ) {
          const trial = [...parts.slice(0, at), ...parts.slice(at + chunk)];
          const before = leaf.get();
          leaf.set(trial.join(sep));
          if (still(best)) { parts = trial; changed = true; } else { leaf.set(before); at += chunk; }
        }
        if (!changed) chunk = Math.floor(chunk / 2);
      }
    }
    let chunk = Math.max(1, Math.floor(leaf.get().length / 2));
    while (chunk >= 1 && performance.now() < deadline) {
      let changed = false;
      for (let at = 0; at < leaf.get().length; ) {
        const before = leaf.get();
        leaf.set(before.slice(0, at) + before.slice(at + chunk));
        if (still(best)) changed = true;
        else { leaf.set(before); at += chunk; }
      }
      if (!changed) chunk = Math.floor(chunk / 2);
    }
  }
  return best;
}

export interface FindingOptions {
  /** Where new findings are saved (null: nowhere). */
  corpusDir: string | null;
  /** The repository's corpus: findings already there are known ones. */
  knownDir?: string | null;
  minimizeSeconds?: number;
}

/** The corpus case with the same identity, if any of the folders has one. */
export function knownFinding(kind: FindingKind, surface: string, message: string, dirs: (string | null | undefined)[]): { file: string; c: CorpusCase } | null {
  const key = findingKey(kind, surface, message);
  for (const dir of dirs) {
    if (dir === null || dir === undefined) continue;
    const hit = loadCorpus(dir).find(({ c }) => findingKey(c.kind, c.surface, c.message) === key);
    if (hit !== undefined) return { file: join(dir, hit.file), c: hit.c };
  }
  return null;
}

/** A finding's identity across runs: kind, surface and message with the numbers blanked. */
export function findingKey(kind: FindingKind, surface: string, message: string): string {
  return `${kind}|${surface}|${message.replace(/\d+/g, "N")}`;
}

export function saveFinding(module: WebAssembly.Module, kind: FindingKind, surface: string, steps: Step[], history: Step[][],
  message: string, found: { seed: number; input: number }, startMs: number, o: FindingOptions): Finding {
  // Already in a corpus (found by an earlier batch or run): counted, not minimized or saved again.
  const known = knownFinding(kind, surface, message, [o.knownDir, o.corpusDir]);
  if (known !== null) return { kind, surface, message, file: known.file, reproducesAlone: known.c.reproducesAlone, minimized: false, found, startMs, steps, known: true };
  let reproducesAlone = false;
  let best = steps;
  let minimized = false;
  if (kind !== "canary") {
    if (fails(kind, replay(module, startMs, steps))) {
      reproducesAlone = true;
      best = minimize(module, kind, startMs, steps, o.minimizeSeconds ?? 60);
      minimized = stepsSize(best) < stepsSize(steps);
    } else {
      best = [...history.flat(), ...steps];
    }
  } else {
    best = [...history.flat(), ...steps];
  }
  const f: Finding = { kind, surface, message, file: null, reproducesAlone, minimized, found, startMs, steps: best, known: false };
  if (o.corpusDir !== null) {
    mkdirSync(o.corpusDir, { recursive: true });
    const hash = createHash("sha256").update(JSON.stringify(best)).digest("hex").slice(0, 10);
    const file = join(o.corpusDir, `${kind}-${surface}-${hash}.json`);
    const c: CorpusCase = {
      name: `${surface} ${kind}: ${message.replace(/\s+/g, " ").slice(0, 80)}`, kind, surface, message,
      found: { ...found, date: new Date().toISOString() }, reproducesAlone, minimized, startMs, steps: best,
    };
    writeFileSync(file, JSON.stringify(c, null, 1) + "\n");
    f.file = file;
  }
  return f;
}

/** Every saved case of a corpus folder, with its file name. */
export function loadCorpus(dir: string): { file: string; c: CorpusCase }[] {
  let names: string[] = [];
  try { names = readdirSync(dir).filter((n) => n.endsWith(".json")).sort(); } catch { return []; }
  return names.map((file) => ({ file, c: JSON.parse(readFileSync(join(dir, file), "utf8")) as CorpusCase }));
}
