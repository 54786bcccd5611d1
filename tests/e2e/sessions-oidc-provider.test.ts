// Sessions over time through real Envoy and headless Chromium against oidc-provider, with lifetimes
// of seconds: expiry, refresh (a new JWT reaches the backend), a revoked refresh token, an ID token
// over 4 KB, sign-out of both sessions, and cookie-secret rotation across an Envoy restart.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { startEnvoy, demoPluginConfig, freePort, type RunningEnvoy } from "./harness/envoy.ts";
import { startOidcProvider, demoClient, DEMO_USER, type RunningOidcProvider } from "./harness/oidc-provider.ts";
import { startBackend, type RunningBackend } from "./harness/backend.ts";
import { launchBrowser, submitLoginForm, type RunningBrowser } from "./harness/browser.ts";
import { waitForFilterReady } from "./http.ts";
import type { Page } from "playwright-core";

const BIG_USER = { ...DEMO_USER, sub: "bob-0002", username: "bob", password: "bob-password-2", email: "bob@example.test", name: "B".repeat(5000) };
const SECRET_A = randomBytes(32).toString("base64");

let idp: RunningOidcProvider;
let backend: RunningBackend;
let envoy: RunningEnvoy;
let browser: RunningBrowser;
let gateway: string;

function pluginConfig(overrides: Record<string, unknown> = {}) {
  return demoPluginConfig(idp.issuer, gateway, {
    cookie_secret: SECRET_A, cookie_expire: "1h", cookie_refresh: "0", pass_access_token: true,
    post_logout_redirect_url: `${gateway}/`,
    match: { mode: "auth_if_matched", rules: [{ path: "/productpage", type: "exact" }] },
    ...overrides,
  });
}

before(async () => {
  const port = await freePort();
  gateway = `http://127.0.0.1:${port}`;
  idp = await startOidcProvider({
    clients: [demoClient([`${gateway}/oauth2/callback`], [`${gateway}/`])],
    users: [DEMO_USER, BIG_USER],
    ttl: { IdToken: 3600, AccessToken: 3600 },
  });
  backend = await startBackend();
  envoy = await startEnvoy({ pluginConfig: pluginConfig(), ports: { listener: port, backend: backend.port } });
  await waitForFilterReady(envoy.url);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.stop();
  await envoy?.stop();
  await backend?.stop();
  await idp?.stop();
});

async function loginAs(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.goto(`${gateway}/productpage`);
  if (page.url().startsWith(idp.issuer)) await submitLoginForm(page, user);
  await page.waitForURL(`${gateway}/productpage`);
}

function lastToken(): string {
  return String(backend.requestsTo("/productpage").at(-1)?.headers.authorization ?? "");
}

test("the session ends at cookie_expire and the next visit goes back to the IdP", async () => {
  await envoy.restart(pluginConfig({ cookie_expire: "4s" }));
  await waitForFilterReady(envoy.url);
  const page = await browser.newPage();
  await loginAs(page, idp.user);
  await new Promise((r) => setTimeout(r, 5000));
  const visited: string[] = [];
  page.on("request", (r) => visited.push(r.url()));
  await page.goto(`${gateway}/productpage`);
  assert.ok(visited.some((u) => u.startsWith(`${idp.issuer}/auth`)), "went through the IdP again");
  await page.context().close();
});

test("after cookie_refresh the backend receives a new JWT, obtained with the refresh token", async () => {
  await envoy.restart(pluginConfig({ cookie_refresh: "2s" }));
  await waitForFilterReady(envoy.url);
  const page = await browser.newPage();
  await loginAs(page, idp.user);
  const first = lastToken();
  await new Promise((r) => setTimeout(r, 3000));
  const visited: string[] = [];
  page.on("request", (r) => visited.push(r.url()));
  await page.reload();
  const second = lastToken();
  assert.ok(second.startsWith("Bearer "));
  assert.notEqual(second, first, "a new ID token");
  assert.ok(!visited.some((u) => u.startsWith(idp.issuer)), "no trip to the IdP: the refresh ran inside Envoy");
  await page.reload();
  assert.equal(lastToken(), second, "the new session cookie was stored");
  await page.context().close();
});

test("a refresh token revoked at the IdP leads to a new login", async () => {
  await envoy.restart(pluginConfig({ cookie_refresh: "2s" }));
  await waitForFilterReady(envoy.url);
  const page = await browser.newPage();
  await loginAs(page, idp.user);
  const accessToken = String(backend.requestsTo("/productpage").at(-1)?.headers["x-forwarded-access-token"]);
  const at = await (idp.provider as any).AccessToken.find(accessToken);
  assert.ok(at?.grantId, "the access token is known to the IdP");
  await (idp.provider as any).Grant.adapter.revokeByGrantId(at.grantId);
  await new Promise((r) => setTimeout(r, 3000));
  const visited: string[] = [];
  page.on("request", (r) => visited.push(r.url()));
  await page.goto(`${gateway}/productpage`);
  if (page.url().startsWith(idp.issuer)) await submitLoginForm(page, idp.user);
  await page.waitForURL(`${gateway}/productpage`);
  assert.ok(visited.some((u) => u.startsWith(`${idp.issuer}/auth`)), "a new authorization request");
  await page.context().close();
});

test("a user whose ID token exceeds 4 KB logs in and stays logged in", async () => {
  await envoy.restart(pluginConfig());
  await waitForFilterReady(envoy.url);
  const page = await browser.newPage();
  await loginAs(page, BIG_USER);
  const token = lastToken();
  assert.ok(token.length > 5000, `ID token of ${token.length} bytes`);
  const cookies = (await page.context().cookies()).filter((c) => c.name.startsWith("oidc_session"));
  assert.ok(cookies.length >= 2, `session split into ${cookies.length} cookies`);
  for (const c of cookies) assert.ok(c.name.length + c.value.length < 4000);
  for (let i = 0; i < 3; i++) {
    await page.reload();
    assert.equal(page.url(), `${gateway}/productpage`);
    assert.equal(backend.requestsTo("/productpage").at(-1)?.claims?.sub, BIG_USER.sub);
  }
  await page.context().close();
});

test("after sign-out the next visit shows the IdP's login form again", async () => {
  await envoy.restart(pluginConfig());
  await waitForFilterReady(envoy.url);
  const page = await browser.newPage();
  await loginAs(page, idp.user);
  await page.goto(`${gateway}/oauth2/sign_out`);
  // The IdP returns to post_logout_redirect_uri with the state we sent (RP-Initiated Logout §3).
  await page.waitForURL((u) => u.origin === gateway && u.pathname === "/" && u.searchParams.has("state"));
  assert.equal((await page.context().cookies()).filter((c) => c.name.startsWith("oidc_")).length, 0);
  await page.goto(`${gateway}/productpage`);
  assert.ok(page.url().startsWith(idp.issuer), page.url());
  assert.equal(await page.locator("#username").count(), 1, "the IdP asks for credentials again");
  await page.context().close();
});

test("after rotating the cookie secret, sessions sealed with the old one still work", async () => {
  await envoy.restart(pluginConfig());
  await waitForFilterReady(envoy.url);
  const page = await browser.newPage();
  await loginAs(page, idp.user);
  await envoy.restart(pluginConfig({ cookie_secret: randomBytes(32).toString("base64"), cookie_secret_previous: [SECRET_A] }));
  await waitForFilterReady(envoy.url);
  const visited: string[] = [];
  page.on("request", (r) => visited.push(r.url()));
  await page.reload();
  assert.equal(page.url(), `${gateway}/productpage`);
  assert.ok(!visited.some((u) => u.startsWith(idp.issuer)), "no new login");
  await page.context().close();
});
