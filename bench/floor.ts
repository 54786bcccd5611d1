// The floor listener's module (bench/noop): compiled on demand with the filter's own asconfig, so the floor
// pays exactly the glue's per-stream costs and nothing of the filter's logic.
import asc from "assemblyscript/asc";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SOURCES = ["bench/noop/index.ts", "assembly/glue/exports.ts", "assembly/glue/runtime.ts", "asconfig.json"];

export async function buildFloorModule(root: string): Promise<string> {
  const out = join(root, "build/bench/noop.wasm");
  const newest = Math.max(...SOURCES.map((s) => statSync(join(root, s)).mtimeMs));
  if (existsSync(out) && statSync(out).mtimeMs > newest) return out;
  mkdirSync(join(root, "build/bench"), { recursive: true });
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const { error, stderr } = await asc.main(["bench/noop/index.ts", "--config", "asconfig.json", "--target", "release", "--outFile", out], {});
    if (error) throw new Error(`building the floor module failed: ${error.message}\n${stderr.toString()}`);
  } finally {
    process.chdir(cwd);
  }
  return out;
}
