// The floor listener's module (bench/noop): compiled on demand with the filter's own asconfig, so the floor
// pays exactly the glue's per-stream costs and nothing of the filter's logic.
import asc from "assemblyscript/asc";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SOURCES = ["bench/noop/index.ts", "assembly/glue/exports.ts", "assembly/glue/runtime.ts", "asconfig.json"];

async function compileOnce(root: string, entry: string, out: string, sources: string[]): Promise<string> {
  const newest = Math.max(...sources.map((s) => statSync(join(root, s)).mtimeMs));
  if (existsSync(out) && statSync(out).mtimeMs > newest) return out;
  mkdirSync(join(root, "build/bench"), { recursive: true });
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const { error, stderr } = await asc.main([entry, "--config", "asconfig.json", "--target", "release", "--outFile", out], {});
    if (error) throw new Error(`building ${entry} failed: ${error.message}\n${stderr.toString()}`);
  } finally {
    process.chdir(cwd);
  }
  return out;
}

export async function buildFloorModule(root: string): Promise<string> {
  return compileOnce(root, "bench/noop/index.ts", join(root, "build/bench/noop.wasm"), SOURCES);
}

/** The probe modules of bench/probes/probe.ts, by listener name; their entries are generated here. */
export async function buildProbeModules(root: string): Promise<Record<string, string>> {
  const modes: Record<string, string> = { floorRead: "READ_HEADERS", floorWrite: "WRITE_HEADERS", floorClock: "READ_CLOCK" };
  const out: Record<string, string> = {};
  mkdirSync(join(root, "build/bench"), { recursive: true });
  for (const [name, mode] of Object.entries(modes)) {
    const entry = `build/bench/${name}.ts`;
    const text = `export * from "../../assembly/glue/exports";\nexport { malloc, free } from "../../assembly/glue/runtime";\n` +
      `import { registerRootContext } from "../../assembly/glue/runtime";\nimport { probeFactory, ${mode} } from "../../bench/probes/probe";\n` +
      `registerRootContext(probeFactory(${mode}), "oidc-sso");\n`;
    if (!existsSync(join(root, entry)) || readFileSync(join(root, entry), "utf8") !== text) writeFileSync(join(root, entry), text);
    out[name] = await compileOnce(root, entry, join(root, `build/bench/${name}.wasm`), [...SOURCES, "bench/probes/probe.ts", "assembly/glue/host.ts", entry]);
  }
  return out;
}
