// The same browser login against Keycloak (Maven Central's keycloak-quarkus-dist, realm "demo"
// imported from tests/fixtures/keycloak-realm.json), plus refresh and single-step sign-out.
// Keycloak is started once per test run and shared (tests/e2e/harness/keycloak.ts).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { startEnvoy, demoPluginConfig, freePort, type RunningEnvoy } from "./harness/envoy.ts";
import { startKeycloak, KEYCLOAK_CLIENT, KEYCLOAK_USER, type RunningKeycloak } from "./harness/keycloak.ts";
import { startBackend, type RunningBackend } from "./harness/backend.ts";
import { launchBrowser, submitLoginForm, type RunningBrowser } from "./harness/browser.ts";
import { waitForFilterReady } from "./http.ts";
import type { Page } from "playwright-core";

let keycloak: RunningKeycloak;
let backend: RunningBackend;
let envoy: RunningEnvoy;
let browser: RunningBrowser;
let gateway: string;

function pluginConfig(overrides: Record<string, unknown> = {}) {
  return demoPluginConfig(keycloak.issuer, gateway, {
    client_id: KEYCLOAK_CLIENT.client_id,
    client_secret: KEYCLOAK_CLIENT.client_secret,
    cookie_secret: randomBytes(32).toString("base64"),
    post_logout_redirect_url: `${gateway}/`,
    ...overrides,
  });
}

before(async () => {
  keycloak = await startKeycloak();
  console.log(`keycloak: ${keycloak.reused ? "reused" : "started"} in ${(keycloak.startMs / 1000).toFixed(1)} s`);
  const port = await freePort();
  gateway = `http://127.0.0.1:${port}`;
  backend = await startBackend();
  envoy = await startEnvoy({ pluginConfig: pluginConfig(), ports: { listener: port, backend: backend.port } });
  await waitForFilterReady(envoy.url, "/productpage", 60_000);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.stop();
  await envoy?.stop();
  await backend?.stop();
  await keycloak?.stop();
});

async function login(page: Page): Promise<void> {
  await page.goto(`${gateway}/productpage`);
  assert.ok(page.url().startsWith(keycloak.issuer), `Keycloak's login page, got ${page.url()}`);
  await submitLoginForm(page, KEYCLOAK_USER);
  await page.waitForURL(`${gateway}/productpage`);
}

function lastAuthorization(): string {
  return String(backend.requestsTo("/productpage").at(-1)?.headers.authorization ?? "");
}

test("Keycloak: a browser logs in and the backend receives an ID token that verifies against Keycloak's JWKS", async () => {
  const page = await browser.newPage();
  await login(page);
  const auth = lastAuthorization();
  assert.match(auth, /^Bearer /);
  const discovery = await (await fetch(`${keycloak.issuer}/.well-known/openid-configuration`)).json();
  const { payload } = await jwtVerify(auth.slice(7), createRemoteJWKSet(new URL(discovery.jwks_uri)), {
    issuer: keycloak.issuer, audience: KEYCLOAK_CLIENT.client_id,
  });
  assert.equal(payload.email, KEYCLOAK_USER.email);
  assert.equal(payload.preferred_username, KEYCLOAK_USER.username);
  assert.equal(payload.typ, "ID");
  await page.reload();
  assert.equal(page.url(), `${gateway}/productpage`, "the session survives a reload");
  await page.context().close();
});

test("Keycloak: after cookie_refresh the filter redeems Keycloak's refresh token and forwards a new JWT", async () => {
  await envoy.restart(pluginConfig({ cookie_refresh: "2s" }));
  await waitForFilterReady(envoy.url, "/productpage", 60_000);
  const page = await browser.newPage();
  await login(page);
  const first = lastAuthorization();
  await new Promise((r) => setTimeout(r, 3000));
  const visited: string[] = [];
  page.on("request", (r) => visited.push(r.url()));
  await page.reload();
  const second = lastAuthorization();
  assert.match(second, /^Bearer /);
  assert.notEqual(second, first);
  assert.ok(!visited.some((u) => u.startsWith(keycloak.url)), "refreshed inside Envoy, no browser trip");
  await page.context().close();
});

test("Keycloak: sign-out ends both sessions; the next visit shows Keycloak's login form", async () => {
  await envoy.restart(pluginConfig());
  await waitForFilterReady(envoy.url, "/productpage", 60_000);
  const page = await browser.newPage();
  await login(page);
  await page.goto(`${gateway}/oauth2/sign_out`);
  await page.waitForURL((u) => u.origin === gateway && u.pathname === "/");
  assert.equal((await page.context().cookies()).filter((c) => c.name.startsWith("oidc_")).length, 0);
  await page.goto(`${gateway}/productpage`);
  assert.ok(page.url().startsWith(keycloak.issuer));
  assert.equal(await page.locator("#username").count(), 1, "Keycloak asks for credentials again");
  await page.context().close();
});
