// Turns the Wycheproof vectors in ../shared/wycheproof into as-pect specs under tests/unit/generated/
// (git-ignored). AssemblyScript tests cannot read files, so the vectors become source. Each module in
// scripts/wycheproof/ handles one family. Where the folder is absent (a user's own clone), each
// generated spec says plainly that it skipped the vectors; the differential tests still run.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = new URL("..", import.meta.url).pathname;
export const VECTORS = process.env.WYCHEPROOF_DIR ?? join(ROOT, "../shared/wycheproof");
export const OUT = join(ROOT, "tests/unit/generated");

/** A generator writes spec files (name → source) from the vector folder, or skip notices. */
export type Generator = (vectorsDir: string, present: boolean) => Record<string, string>;

export { skippedSpec } from "./wycheproof-common.ts";

if (import.meta.url === `file://${process.argv[1]}`) {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const present = existsSync(VECTORS);
  if (!present) console.log(`wycheproof: ${VECTORS} not found; generated specs will report SKIPPED`);
  const dir = join(ROOT, "scripts/wycheproof");
  let files = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts")).sort()) {
    const mod = await import(join(dir, file));
    const specs: Record<string, string> = mod.generate(VECTORS, present);
    for (const [name, source] of Object.entries(specs)) {
      writeFileSync(join(OUT, name), source);
      files++;
    }
  }
  console.log(`wycheproof: wrote ${files} spec file(s) to tests/unit/generated/`);
}
