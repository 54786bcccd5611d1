// Builds the filter (release + debug) and the test-only modules under assembly/testing/, then checks
// that the release and debug filters import only what Envoy provides.
//   npm run build            filter + testing modules
//   npm run build -- filter  the filter only
import asc from "assemblyscript/asc";
import { readdirSync, mkdirSync, existsSync } from "node:fs";
import { join, basename } from "node:path";
import { checkModule } from "./check-imports.ts";

const root = new URL("..", import.meta.url).pathname;

async function compile(args: string[]): Promise<void> {
  const { error, stderr } = await asc.main(args, {});
  if (error) {
    process.stderr.write(stderr.toString());
    throw new Error(`asc ${args.join(" ")} failed: ${error.message}`);
  }
}

async function buildFilter(): Promise<void> {
  for (const target of ["release", "debug"]) {
    await compile(["assembly/index.ts", "--config", "asconfig.json", "--target", target]);
  }
  for (const file of ["build/oidc-sso.wasm", "build/oidc-sso.debug.wasm"]) {
    const problems = checkModule(join(root, file));
    if (problems.length > 0) {
      throw new Error(`${file} cannot load in Envoy:\n  ${problems.join("\n  ")}`);
    }
  }
}

// Test-only modules: the same core code compiled with release optimizations, exporting functions
// with AssemblyScript's ESM bindings so node:test can call them with Uint8Array and strings.
async function buildTestingModules(): Promise<void> {
  const dir = join(root, "assembly/testing");
  if (!existsSync(dir)) return;
  mkdirSync(join(root, "build/testing"), { recursive: true });
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts")).sort()) {
    const name = basename(file, ".ts");
    // Their own asconfig: the filter's (abort=abort_proc_exit, its targets) must not leak in.
    await compile([`assembly/testing/${file}`, "--config", "testing.asconfig.json", "--outFile", `build/testing/${name}.wasm`]);
  }
}

process.chdir(root);
const only = process.argv[2];
const started = Date.now();
if (only !== "testing") await buildFilter();
if (only !== "filter") await buildTestingModules();
console.log(`build finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
