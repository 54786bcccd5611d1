// The whole login through real Envoy, in headless Chromium, against oidc-provider (OpenID
// Certified): protected page → IdP login form → callback → back on the page, and the backend
// received an ID token whose signature verifies against the IdP's JWKS.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createLocalJWKSet, jwtVerify } from "jose";
import { startEnvoy, demoPluginConfig, freePort, type RunningEnvoy } from "./harness/envoy.ts";
import { startOidcProvider, demoClient, type RunningOidcProvider } from "./harness/oidc-provider.ts";
import { startBackend, type RunningBackend } from "./harness/backend.ts";
import { launchBrowser, submitLoginForm, type RunningBrowser } from "./harness/browser.ts";
import { rawRequest, NAVIGATE, waitForFilterReady } from "./http.ts";

let idp: RunningOidcProvider;
let backend: RunningBackend;
let envoy: RunningEnvoy;
let browser: RunningBrowser;

before(async () => {
  const gatewayPort = await freePort();
  const gateway = `http://127.0.0.1:${gatewayPort}`;
  idp = await startOidcProvider({ clients: [demoClient([`${gateway}/oauth2/callback`], [`${gateway}/`])] });
  backend = await startBackend();
  envoy = await startEnvoy({
    pluginConfig: demoPluginConfig(idp.issuer, gateway, {
      match: { mode: "auth_if_matched", rules: [{ path: "/productpage", type: "exact" }, { path: "/app", type: "prefix" }] },
    }),
    ports: { listener: gatewayPort, backend: backend.port },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.stop();
  await envoy?.stop();
  await backend?.stop();
  await idp?.stop();
});

test("a browser logs in through the IdP form and lands on /productpage with a verified JWT upstream", async () => {
  await waitForFilterReady(envoy.url);
  const page = await browser.newPage();
  await page.goto(`${envoy.url}/productpage?from=test`);
  assert.ok(page.url().startsWith(idp.issuer), `expected the IdP login page, got ${page.url()}`);
  await submitLoginForm(page, idp.user);
  await page.waitForURL(`${envoy.url}/productpage?from=test`);
  const seen = backend.requestsTo("/productpage").at(-1);
  assert.ok(seen, "the backend saw the page");
  const auth = String(seen.headers.authorization ?? "");
  assert.match(auth, /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  const jwks = createLocalJWKSet({ keys: idp.publicJwks() as any });
  const { payload } = await jwtVerify(auth.slice(7), jwks, { issuer: idp.issuer, audience: "demo-client" });
  assert.equal(payload.sub, idp.users[0].sub);
  assert.equal(payload.email, idp.users[0].email);
  assert.doesNotMatch(String(seen.headers.cookie ?? ""), /oidc_/, "the filter's cookies never reach the backend");
  // The session survives a reload and a second protected path.
  await page.reload();
  assert.equal(page.url(), `${envoy.url}/productpage?from=test`);
  await page.goto(`${envoy.url}/app/inner`);
  assert.equal(page.url(), `${envoy.url}/app/inner`);
  assert.ok(backend.requestsTo("/app/inner").at(-1)?.claims?.sub === idp.users[0].sub);
  await page.context().close();
});

test("a bypassed path reaches the backend unchanged, without login", async () => {
  const r = await fetch(`${envoy.url}/__echo?x=1`, { redirect: "manual" });
  assert.equal(r.status, 200);
  const echo = await r.json();
  assert.equal(echo.path, "/__echo?x=1");
  assert.equal(echo.headers.authorization, undefined);
});

test("a protected browser GET without session is redirected to the IdP with PKCE, state and nonce", async () => {
  await waitForFilterReady(envoy.url);
  const r = await rawRequest(`${envoy.url}/productpage`, { headers: NAVIGATE });
  assert.equal(r.status, 302);
  const loc = new URL(r.location!);
  assert.equal(`${loc.origin}${loc.pathname}`, (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()).authorization_endpoint);
  const q = loc.searchParams;
  assert.equal(q.get("response_type"), "code");
  assert.equal(q.get("client_id"), "demo-client");
  assert.equal(q.get("redirect_uri"), `${envoy.url}/oauth2/callback`);
  assert.deepEqual(q.get("scope")!.split(" "), ["openid", "email", "profile"]);
  assert.equal(q.get("code_challenge_method"), "S256");
  for (const k of ["state", "nonce", "code_challenge"]) assert.match(q.get(k)!, /^[\w-]{43}$/, k);
  assert.match(r.setCookies.join("\n"), /oidc_login_[\w-]{16}=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=600/);
});

test("an XHR or API request without session gets 401, not a redirect", async () => {
  await waitForFilterReady(envoy.url);
  for (const headers of [{ accept: "application/json" }, { accept: "text/html", "x-requested-with": "XMLHttpRequest" },
    { accept: "text/html", "sec-fetch-mode": "cors" }]) {
    const r = await rawRequest(`${envoy.url}/productpage`, { headers });
    assert.equal(r.status, 401, JSON.stringify(headers));
  }
  assert.equal(backend.requestsTo("/productpage").filter((s) => !s.headers.authorization).length, 0);
});

test("two tabs logging in at once both succeed", async () => {
  await waitForFilterReady(envoy.url);
  const context = await browser.newContext();
  const [a, b] = [await context.newPage(), await context.newPage()];
  await a.goto(`${envoy.url}/app/one`);
  await b.goto(`${envoy.url}/app/two`);
  await submitLoginForm(a, idp.user);
  await a.waitForURL(`${envoy.url}/app/one`);
  // The IdP session from tab A may let tab B through without a form; either way B must land.
  if (b.url().startsWith(idp.issuer)) {
    await b.reload();
    if (await b.locator("#username").count()) await submitLoginForm(b, idp.user);
  }
  await b.waitForURL(`${envoy.url}/app/two`);
  await context.close();
});
