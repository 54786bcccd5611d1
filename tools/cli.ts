// envoy-oidc-sso command line (bin/envoy-oidc-sso.js):
//   envoy-oidc-sso render -f sso.yaml [--wasm build/oidc-sso.wasm] > resources.yaml
// Exit status: 0 rendered, 1 the file has problems (all listed on stderr, by field), 2 usage or setup error.
import { readFileSync } from "node:fs";
import { renderSso } from "./render/render.ts";
import { MissingModuleError } from "./render/filter-validator.ts";

const USAGE = `usage: envoy-oidc-sso render -f <sso.yaml | -> [--wasm <oidc-sso.wasm>]

Reads the simple settings file (see tests/fixtures/sso.yaml and README "Deploy on Istio"), checks the
filter settings with the built filter's own validator, and prints the WasmPlugin, the IdP's ServiceEntry
and DestinationRule (and a RequestAuthentication with request_authentication: true) as YAML on stdout.
`;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => string;
}

const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: () => readFileSync(0, "utf8"),
};

function option(args: string[], names: string[]): string | undefined {
  const i = args.findIndex((a) => names.includes(a));
  return i >= 0 ? args[i + 1] : undefined;
}

async function render(args: string[], io: Io): Promise<number> {
  const known = ["-f", "--file", "--wasm"];
  for (let i = 0; i < args.length; i += 2) {
    if (!known.includes(args[i]) || args[i + 1] === undefined) {
      io.stderr(`envoy-oidc-sso render: unexpected argument ${JSON.stringify(args[i])}\n\n${USAGE}`);
      return 2;
    }
  }
  const file = option(args, ["-f", "--file"]);
  if (file === undefined) {
    io.stderr(USAGE);
    return 2;
  }
  let text: string;
  try {
    text = file === "-" ? io.readStdin() : readFileSync(file, "utf8");
  } catch (err) {
    io.stderr(`envoy-oidc-sso render: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  try {
    const result = await renderSso(text, { wasmPath: option(args, ["--wasm"]), source: file === "-" ? undefined : file });
    for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
    if (result.problems.length > 0) {
      const n = result.problems.length;
      io.stderr(`${file}: ${n} problem${n === 1 ? "" : "s"}; nothing rendered\n`);
      for (const p of result.problems) io.stderr(`  ${p.field}: ${p.problem}\n`);
      return 1;
    }
    io.stdout(result.yaml);
    return 0;
  } catch (err) {
    if (err instanceof MissingModuleError) {
      io.stderr(`envoy-oidc-sso render: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "render") return render(rest, io);
  if (command === "help" || command === "--help" || command === "-h") {
    io.stdout(USAGE);
    return 0;
  }
  if (command === undefined) {
    io.stderr(USAGE);
    return 2;
  }
  io.stderr(`envoy-oidc-sso: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
  return 2;
}
