#!/usr/bin/env node
// `npx envoy-oidc-sso render -f sso.yaml`: the tools are TypeScript (tools/cli.ts), compiled on the fly by
// tsx, the same loader the scripts and tests use.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../tools/cli.ts");
process.exitCode = await main(process.argv.slice(2));
