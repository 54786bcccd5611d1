// envoy/docker-compose.yaml's Envoy, short of Docker: the official 1.40 binary (the one the harness installs)
// validates the compose command in the container's file layout, rebuilt from the compose bind mounts in a
// temporary folder. `--mode validate` resolves the mounted envoy.yaml, loads the mounted module under V8
// and runs its configure step, so a wrong path, a wrong root_id or a configuration the filter refuses fails
// here as it would in the container. (tests/host/compose.test.ts checks the rest of the compose file.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { composeServices } from "../host/compose-layout.ts";
import { envoyBinary } from "./harness/envoy.ts";

let envoy = "";
try {
  envoy = envoyBinary();
} catch {
  // reported as the skip reason below
}

test("Envoy 1.40 accepts the compose command and files in the container's layout, plugin configured", { skip: envoy ? false : "Envoy not installed (scripts/install-system.sh)" }, async () => {
  const service = composeServices().envoy;
  const root = mkdtempSync(join(tmpdir(), "oidc-sso-compose-envoy-"));
  try {
    for (const m of service.mounts) {
      mkdirSync(dirname(join(root, m.target)), { recursive: true });
      symlinkSync(m.source, join(root, m.target));
    }
    const cwd = join(root, service.workingDir);
    mkdirSync(cwd, { recursive: true });
    assert.equal(service.command[0], "envoy");
    const args = [...service.command.slice(1), "--mode", "validate", "-l", "error", "--component-log-level", "wasm:info"];
    const { ok, output } = await new Promise<{ ok: boolean; output: string }>((resolve) => {
      execFile(envoy, args, { cwd, timeout: 30_000, maxBuffer: 4 << 20 }, (error, stdout, stderr) =>
        resolve({ ok: error === null, output: `${stdout}${stderr}` }));
    });
    assert.ok(ok, output.slice(-3000));
    assert.doesNotMatch(output, /oidc-sso config: /, "the filter logged no configuration problem");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
