// npm start: the whole product on this machine. Envoy (envoy/envoy.yaml, with the filter) on
// 127.0.0.1:8080 in front of a demo backend on 8081, and oidc-provider as the IdP on 9000. Prints
// the URL and the demo user's credentials, runs until Ctrl-C.
import { randomBytes } from "node:crypto";
import { startEnvoy, demoPluginConfig } from "../tests/e2e/harness/envoy.ts";
import { startOidcProvider, demoClient } from "../tests/e2e/harness/oidc-provider.ts";
import { startBackend } from "../tests/e2e/harness/backend.ts";

const GATEWAY_PORT = Number(process.env.GATEWAY_PORT ?? 8080);
const BACKEND_PORT = Number(process.env.BACKEND_PORT ?? 8081);
const IDP_PORT = Number(process.env.IDP_PORT ?? 9000);
const ADMIN_PORT = Number(process.env.ADMIN_PORT ?? 9901);

const gateway = `http://127.0.0.1:${GATEWAY_PORT}`;
const idp = await startOidcProvider({
  port: IDP_PORT,
  clients: [demoClient([`${gateway}/oauth2/callback`], [`${gateway}/`])],
});
const backend = await startBackend({ port: BACKEND_PORT });
// A fresh cookie secret per run: the demo's sessions end with it, and no secret is ever shared.
const envoy = await startEnvoy({
  pluginConfig: demoPluginConfig(idp.issuer, gateway, {
    cookie_secret: randomBytes(32).toString("base64"),
    post_logout_redirect_url: `${gateway}/`,
  }),
  ports: { listener: GATEWAY_PORT, admin: ADMIN_PORT, backend: BACKEND_PORT },
});

console.log(`
envoy-oidc-sso demo is running

  open      ${gateway}/productpage      (protected: you will be sent to the IdP)
  user      ${idp.user.username} / ${idp.user.password}
  public    ${gateway}/                 (not protected)
  sign out  ${gateway}/oauth2/sign_out
  IdP       ${idp.issuer}
  admin     ${envoy.adminUrl}

Ctrl-C to stop.`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await envoy.stop();
  await backend.stop();
  await idp.stop();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
