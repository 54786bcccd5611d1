// npm run image [-- --push <registry>/<name>:<tag>] [--insecure] [--out <dir>] [--wasm <file>]
//
// Packs the release module (build/oidc-sso.wasm) as an OCI image Istio's WasmPlugin pulls (the Wasm image
// "compat" variant, see tools/image/oci-layout.ts), written as an OCI image layout to build/image/. With
// --push it is copied to the registry by skopeo. stdout gets exactly one line, the manifest digest
// (sha256:<hex>); put it in sso.yaml's image.sha256 (WasmPlugin.spec.sha256 takes the bare hex).
// --insecure allows plain HTTP / unverified TLS to a registry that is not on loopback (loopback always is).
import { fileURLToPath } from "node:url";
import { writeOciLayout } from "../tools/image/oci-layout.ts";
import { pushLayout, registryReference } from "../tools/image/push.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const USAGE = "usage: npm run image -- [--push <registry>/<name>:<tag>] [--insecure] [--out <dir>] [--wasm <file>]";

function parseArgs(argv: string[]): { push?: string; insecure: boolean; out: string; wasm: string } {
  const parsed = { push: undefined as string | undefined, insecure: false, out: `${root}build/image`, wasm: `${root}build/oidc-sso.wasm` };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === "--push") parsed.push = value();
    else if (a === "--out") parsed.out = value();
    else if (a === "--wasm") parsed.wasm = value();
    else if (a === "--insecure") parsed.insecure = true;
    else throw new Error(`unexpected argument ${JSON.stringify(a)}\n${USAGE}`);
  }
  return parsed;
}

try {
  const args = parseArgs(process.argv.slice(2));
  if (args.push !== undefined) registryReference(args.push); // a bad reference fails before any work
  const image = writeOciLayout(args.wasm, args.out);
  console.error(`OCI image layout (compat variant, one layer with plugin.wasm) in ${args.out}`);
  let digest = image.manifestDigest;
  if (args.push !== undefined) {
    digest = pushLayout(args.out, args.push, { insecure: args.insecure });
    if (digest !== image.manifestDigest) throw new Error(`the registry reports ${digest}, the layout has ${image.manifestDigest}`);
    console.error(`pushed to ${registryReference(args.push)}; in sso.yaml:\n  image:\n    url: oci://${registryReference(args.push)}\n    sha256: ${digest}`);
  }
  console.log(digest);
} catch (err) {
  console.error(`npm run image: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
