// Compiles the probe module (probe-source.ts) with the filter's own compiler settings into
// build/testing-host/, reusing the previous output when the source has not changed.
import asc from "assemblyscript/asc";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROBE_SOURCE } from "./probe-source.ts";

const repoRoot = new URL("../../../", import.meta.url).pathname;
const outDir = join(repoRoot, "build/testing-host");

/** Returns the bytes of the compiled probe module. */
export async function buildProbe(): Promise<Uint8Array> {
  const hash = createHash("sha256").update(PROBE_SOURCE).digest("hex").slice(0, 16);
  const wasmPath = join(outDir, `probe-${hash}.wasm`);
  if (existsSync(wasmPath)) return readFileSync(wasmPath);
  mkdirSync(join(outDir, "src"), { recursive: true });
  // The source imports proxy-runtime by a path relative to build/testing-host/src/.
  const source = join(outDir, `src/probe-${hash}.ts`);
  writeFileSync(source, PROBE_SOURCE);
  // Written under a temporary name and renamed, so an interrupted build is never reused.
  const partial = `${wasmPath}.${process.pid}.tmp`;
  const { error, stderr } = await asc.main([
    source, "--outFile", partial,
    "--lib", join(repoRoot, "assembly/compat"), "--use", "abort=abort_proc_exit",
    "--runtime", "incremental", "--exportStart", "_initialize", "-O1",
  ], {});
  if (error) throw new Error(`compiling the probe module failed: ${error.message}\n${stderr.toString()}`);
  renameSync(partial, wasmPath);
  return readFileSync(wasmPath);
}
