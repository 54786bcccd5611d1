// Proves the end-to-end harness itself, independent of what the filter does with authentication: Envoy runs
// the built module on V8 and proxies unprotected paths, the IdPs answer and show a real login page in headless
// Chromium and issue tokens to a PKCE client, the backend echoes.
//   node --import tsx --test tests/e2e/harness.test.ts        (KEYCLOAK=0 skips the Keycloak part)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startBackend, type RunningBackend } from "./harness/backend.ts";
import { launchBrowser, submitLoginForm, type RunningBrowser } from "./harness/browser.ts";
import { demoPluginConfig, freePort, startEnvoy, validateEnvoyConfig, type RunningEnvoy } from "./harness/envoy.ts";
import { startKeycloak, KEYCLOAK_CLIENT, KEYCLOAK_USER, type RunningKeycloak } from "./harness/keycloak.ts";
import { authorizationRequest, decodeJwt, discover, exchangeCode, refreshTokens } from "./harness/oidc-client.ts";
import { demoClient, startOidcProvider, type RunningOidcProvider } from "./harness/oidc-provider.ts";

let backend: RunningBackend;
let idp: RunningOidcProvider;
let browser: RunningBrowser;

before(async () => {
  backend = await startBackend();
  idp = await startOidcProvider({ clients: [demoClient([`${backend.url}/oauth2/callback`], [`${backend.url}/`])] });
  console.log(`oidc-provider ready at ${idp.issuer} in ${idp.startMs} ms`);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.stop();
  await idp?.stop();
  await backend?.stop();
});

describe("backend", () => {
  test("echoes method, path and headers on /__echo and records every request", async () => {
    const seenBefore = backend.requests.length;
    const response = await fetch(`${backend.url}/__echo?x=1`, { headers: { "x-probe": "p1" } });
    const echo = (await response.json()) as { method: string; path: string; headers: Record<string, string> };
    assert.equal(echo.method, "GET");
    assert.equal(echo.path, "/__echo?x=1");
    assert.equal(echo.headers["x-probe"], "p1");
    assert.equal(backend.requests.length, seenBefore + 1);
  });

  test("shows the bearer token's claims on other paths, or 'no token'", async () => {
    const claims = Buffer.from(JSON.stringify({ sub: "s1", email: "a@b.test" })).toString("base64url");
    const withToken = await (await fetch(`${backend.url}/productpage`, { headers: { authorization: `Bearer e30.${claims}.sig` } })).text();
    assert.match(withToken, /<span id="user">a@b\.test<\/span>/);
    const without = await (await fetch(`${backend.url}/productpage`)).text();
    assert.match(without, /no token/);
    assert.equal(backend.requestsTo("/productpage").at(-1)?.claims, undefined);
  });
});

describe("Envoy with build/oidc-sso.wasm", () => {
  let envoy: RunningEnvoy;
  before(async () => {
    envoy = await startEnvoy({
      pluginConfig: (gateway) => demoPluginConfig(idp.issuer, gateway.url),
      ports: { backend: backend.port },
      wasmDebug: true,
    });
    console.log(`Envoy ready at ${envoy.url} (admin ${envoy.adminUrl}) in ${envoy.startMs} ms`);
  });
  after(async () => envoy?.stop());

  test("the canonical envoy/envoy.yaml validates, its demo plugin config accepted by the built filter", async () => {
    const { ok, output } = await validateEnvoyConfig();
    assert.ok(ok, output.slice(-3000));
  });

  test("lists the V8 runtime and creates the plugin's VMs without wasm errors", async () => {
    assert.match(envoy.logs(), /envoy\.wasm\.runtime: .*envoy\.wasm\.runtime\.v8/);
    assert.match(envoy.logs(), /Thread-Local Wasm created/);
    assert.deepEqual(envoy.wasmErrors(), []);
    const stats = await envoy.stats("wasm");
    assert.ok((stats["wasm.envoy.wasm.runtime.v8.active"] ?? 0) > 0, JSON.stringify(stats));
    assert.equal(stats["wasm.oidc-sso.vm_reload_failure"] ?? 0, 0);
  });

  test("proxies an unprotected path to the backend", async () => {
    const response = await fetch(`${envoy.url}/__echo`, { redirect: "manual" });
    assert.equal(response.status, 200, envoy.logs().slice(-2000));
    const echo = (await response.json()) as { path: string; headers: Record<string, string> };
    assert.equal(echo.path, "/__echo");
    assert.ok(echo.headers["x-request-id"], "the request went through Envoy");
  });

  test("normalizes paths like Istio BASE: dot segments resolved, // and %2F kept", async () => {
    // Envoy's own normalization, seen by the backend of an Envoy whose wasm filter is taken out (the
    // filter's answers to odd paths are its own tests' business).
    const plain = await startEnvoy({
      pluginConfig: (gateway) => demoPluginConfig(idp.issuer, gateway.url),
      ports: { backend: backend.port },
      extra: { editBootstrap: withoutWasmFilter },
    });
    try {
      const cases: Array<[string, string]> = [
        ["/a/./b/../../__echo", "/__echo"],
        ["//__echo", "//__echo"],
        ["/x%2F..%2F__echo", "/x%2F..%2F__echo"],
        ["/%7e/__echo", "/~/__echo"],
      ];
      for (const [sent, expected] of cases) {
        const before = backend.requests.length;
        // fetch() would normalize the URL itself; send the request target verbatim with node:http instead.
        const status = await rawGet(plain.port, sent);
        assert.equal(status, 200, `${sent}: ${status}`);
        assert.equal(backend.requests.at(-1)?.path, expected, sent);
        assert.equal(backend.requests.length, before + 1);
      }
    } finally {
      await plain.stop();
    }
  });

  test("reports memory and restarts on the same port", async () => {
    assert.ok((await envoy.memoryBytes()) > 1_000_000);
    assert.ok(envoy.rssBytes() > 1_000_000);
    const port = envoy.port;
    await envoy.restart();
    assert.equal(envoy.port, port);
    assert.equal((await fetch(`${envoy.url}/__echo`)).status, 200);
    console.log(`Envoy restarted in ${envoy.startMs} ms`);
  });
});

describe("oidc-provider", () => {
  test("discovery advertises code flow, PKCE S256 and end_session", async () => {
    const discovery = await discover(idp.issuer);
    assert.equal(discovery.issuer, idp.issuer);
    assert.deepEqual(discovery.code_challenge_methods_supported, ["S256"]);
    assert.ok(discovery.end_session_endpoint);
    assert.deepEqual(discovery.response_types_supported, ["code"]);
  });

  test("login page renders in Chromium; a wrong password is refused; alice gets tokens; keys rotate", async () => {
    const discovery = await discover(idp.issuer);
    const request = authorizationRequest(discovery, demoClient([]), `${backend.url}/oauth2/callback`);
    const page = await browser.newPage();
    await page.goto(request.url);
    assert.equal(await page.locator("form#login-form").count(), 1);
    await submitLoginForm(page, { username: idp.user.username, password: "wrong" });
    assert.match(await page.locator("#error").innerText(), /Invalid username or password/);
    await submitLoginForm(page, idp.user);
    const callback = new URL(page.url());
    assert.equal(callback.pathname, "/oauth2/callback");
    assert.equal(callback.searchParams.get("state"), request.state);
    assert.equal(callback.searchParams.get("iss"), idp.issuer); // RFC 9207
    const tokens = await exchangeCode(discovery, demoClient([]), request, callback.searchParams.get("code") ?? "");
    const idToken = decodeJwt(tokens.id_token ?? "");
    assert.equal(idToken.payload.email, "alice@example.test");
    assert.equal(idToken.payload.nonce, request.nonce);
    assert.ok(tokens.refresh_token, "a refresh token is issued without offline_access");
    const oldKid = idToken.header.kid;
    const newKid = await idp.rotateKeys();
    assert.notEqual(newKid, oldKid);
    assert.deepEqual(idp.publicJwks().map((k) => k.kid), [newKid, oldKid]);
    const refreshed = await refreshTokens(discovery, demoClient([]), tokens.refresh_token ?? "");
    assert.equal(decodeJwt(refreshed.id_token ?? "").header.kid, newKid, "signed with the rotated key");
    await page.context().close();
  });
  test("RP-initiated logout returns to the registered post_logout_redirect_uri and ends the IdP session", async () => {
    const discovery = await discover(idp.issuer);
    const request = authorizationRequest(discovery, demoClient([]), `${backend.url}/oauth2/callback`);
    const page = await browser.newPage();
    await page.goto(request.url);
    await submitLoginForm(page, idp.user);
    const code = new URL(page.url()).searchParams.get("code") ?? "";
    const tokens = await exchangeCode(discovery, demoClient([]), request, code);
    const logout = new URL(discovery.end_session_endpoint ?? "");
    logout.search = new URLSearchParams({
      id_token_hint: tokens.id_token ?? "", post_logout_redirect_uri: `${backend.url}/`, state: "bye",
    }).toString();
    await page.goto(logout.toString());
    await page.waitForURL((url) => url.origin === backend.url, { timeout: 10_000 });
    assert.equal(new URL(page.url()).searchParams.get("state"), "bye");
    await page.goto(authorizationRequest(discovery, demoClient([]), `${backend.url}/oauth2/callback`).url);
    assert.equal(await page.locator("form#login-form").count(), 1, "signed out: the IdP asks for a login again");
    await page.context().close();
  });
});

describe("Keycloak", { skip: process.env.KEYCLOAK === "0" ? "KEYCLOAK=0" : false }, () => {
  let keycloak: RunningKeycloak;
  before(async () => {
    keycloak = await startKeycloak();
    console.log(`Keycloak ${keycloak.reused ? "reused" : "started"} at ${keycloak.url} in ${(keycloak.startMs / 1000).toFixed(1)} s`);
  });
  after(async () => keycloak?.stop());

  test("realm demo: discovery answers and alice logs in with PKCE through the browser", async () => {
    const discovery = await discover(keycloak.issuer);
    assert.equal(discovery.issuer, keycloak.issuer);
    const redirectUri = `http://127.0.0.1:${await freePort()}/oauth2/callback`;
    const request = authorizationRequest(discovery, KEYCLOAK_CLIENT, redirectUri);
    const page = await browser.newPage();
    await page.goto(request.url);
    // Nothing listens on the callback port: the browser's failed navigation still shows where it went.
    const callbackSeen = page.waitForRequest((r) => r.url().startsWith(redirectUri), { timeout: 15_000 });
    await page.locator("#username").fill(KEYCLOAK_USER.username);
    await page.locator("#password").fill(KEYCLOAK_USER.password);
    await page.locator("form button[type=submit], form input[type=submit]").first().click();
    const callback = new URL((await callbackSeen).url());
    assert.equal(callback.searchParams.get("state"), request.state);
    const tokens = await exchangeCode(discovery, KEYCLOAK_CLIENT, request, callback.searchParams.get("code") ?? "");
    assert.equal(decodeJwt(tokens.id_token ?? "").payload.email, KEYCLOAK_USER.email);
    assert.ok(tokens.refresh_token);
    // RP-initiated logout to a registered post_logout_redirect_uri (any loopback port) needs no confirmation.
    const postLogout = `http://127.0.0.1:${await freePort()}/`;
    const logout = new URL(discovery.end_session_endpoint ?? "");
    logout.search = new URLSearchParams({ id_token_hint: tokens.id_token ?? "", post_logout_redirect_uri: postLogout, state: "bye" }).toString();
    const backHome = page.waitForRequest((r) => r.url().startsWith(postLogout), { timeout: 15_000 });
    await page.goto(logout.toString()).catch(() => undefined); // the target port is closed: navigation fails
    assert.equal(new URL((await backHome).url()).searchParams.get("state"), "bye");
    await page.context().close();
  });

  test("realm demo refuses an authorization request without PKCE", async () => {
    const discovery = await discover(keycloak.issuer);
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: "code", client_id: KEYCLOAK_CLIENT.client_id, scope: "openid",
      redirect_uri: "http://127.0.0.1:8080/oauth2/callback", state: "s",
    }).toString();
    const response = await fetch(url, { redirect: "manual" });
    assert.equal(response.status, 302);
    assert.match(response.headers.get("location") ?? "", /error=invalid_request/);
  });
});

function withoutWasmFilter(bootstrap: Record<string, any>): void {
  const hcm = bootstrap.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
  hcm.http_filters = hcm.http_filters.filter((f: { name: string }) => f.name !== "envoy.filters.http.wasm");
}

async function rawGet(port: number, target: string): Promise<number> {
  const { request } = await import("node:http");
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: target, method: "GET", timeout: 5_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${target} timed out`)));
    req.on("error", reject);
    req.end();
  });
}
