// `envoy-oidc-sso render -f sso.yaml` (bin/envoy-oidc-sso.js → tools/render): the Istio resources it prints
// pass Istio's own CRD schemas (@kubernetes-models/istio), point at each other (the plugin's idp_cluster is
// the ServiceEntry's cluster), and carry a plugin configuration the BUILT filter accepts; a bad file gets
// every problem by field in one run. wasmplugin.yaml is held to the same schemas and to what render prints.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dump, load, loadAll } from "js-yaml";
import { WasmPlugin } from "@kubernetes-models/istio/extensions.istio.io/v1alpha1/WasmPlugin";
import { ServiceEntry } from "@kubernetes-models/istio/networking.istio.io/v1beta1/ServiceEntry";
import { DestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1beta1/DestinationRule";
import { RequestAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/RequestAuthentication";
import { renderSso } from "../../tools/render/render.ts";
import { validateWithFilter } from "../../tools/render/filter-validator.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURE = `${root}tests/fixtures/sso.yaml`;
type Obj = Record<string, any>;

/** Every kind render prints, by apiVersion/kind, validated by the model generated from Istio's CRD. */
const MODELS: Record<string, (o: Obj) => { validate(): void }> = {
  "extensions.istio.io/v1alpha1/WasmPlugin": (o) => new WasmPlugin(o as any),
  "networking.istio.io/v1beta1/ServiceEntry": (o) => new ServiceEntry(o as any),
  "networking.istio.io/v1beta1/DestinationRule": (o) => new DestinationRule(o as any),
  "security.istio.io/v1/RequestAuthentication": (o) => new RequestAuthentication(o as any),
};

function validateAgainstCrds(docs: Obj[]): void {
  for (const doc of docs) {
    const model = MODELS[`${doc.apiVersion}/${doc.kind}`];
    assert.ok(model, `${doc.apiVersion} ${doc.kind} is not a kind @kubernetes-models/istio validates here`);
    assert.doesNotThrow(() => model(doc).validate(), `${doc.kind} ${doc.metadata?.name} fails its CRD schema`);
  }
}

function byKind(docs: Obj[], kind: string): Obj {
  const found = docs.filter((d) => d.kind === kind);
  assert.equal(found.length, 1, `exactly one ${kind}`);
  return found[0];
}

/** The checks Istio does not make but the filter needs: names and endpoints that must agree. */
function assertCrossReferences(docs: Obj[]): void {
  const plugin = byKind(docs, "WasmPlugin");
  const entry = byKind(docs, "ServiceEntry");
  const rule = byKind(docs, "DestinationRule");
  const rootId = /ROOT_ID\s*=\s*"([^"]+)"/.exec(readFileSync(`${root}assembly/index.ts`, "utf8"))?.[1];
  assert.equal(plugin.spec.pluginName, rootId, "pluginName is the root context name of assembly/index.ts");
  assert.equal(plugin.spec.pluginName, "oidc-sso");
  assert.equal(plugin.spec.phase, "AUTHN");
  // The package's WasmPlugin schema predates failStrategy, so the schema cannot catch a typo here.
  assert.equal(plugin.spec.failStrategy, "FAIL_CLOSE");
  assert.match(plugin.spec.url, /^oci:\/\//);
  const [host] = entry.spec.hosts;
  const [port] = entry.spec.ports;
  assert.equal(plugin.spec.pluginConfig.idp_cluster, `outbound|${port.number}||${host}`, "idp_cluster is the ServiceEntry's cluster");
  assert.equal(new URL(plugin.spec.pluginConfig.issuer).hostname, host, "the ServiceEntry is for the issuer's host");
  assert.equal(entry.spec.location, "MESH_EXTERNAL");
  assert.equal(port.protocol, "HTTPS");
  assert.equal(rule.spec.host, host);
  assert.equal(rule.spec.trafficPolicy.tls.mode, "SIMPLE");
  assert.equal(rule.spec.trafficPolicy.tls.sni, host);
  assert.deepEqual(rule.spec.trafficPolicy.tls.subjectAltNames, [host]);
  for (const d of docs) {
    assert.equal(d.metadata.namespace, plugin.metadata.namespace, `${d.kind} lives in the gateway's namespace`);
    if (d.kind === "ServiceEntry" || d.kind === "DestinationRule") assert.deepEqual(d.spec.exportTo, ["."]);
  }
}

function runCli(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("node", [`${root}bin/envoy-oidc-sso.js`, ...args], { cwd: root, encoding: "utf8", input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function fixture(): Obj {
  return load(readFileSync(FIXTURE, "utf8")) as Obj;
}

test("the fixture renders WasmPlugin, ServiceEntry, DestinationRule and RequestAuthentication that pass Istio's CRD schemas", () => {
  const r = runCli(["render", "-f", FIXTURE]);
  assert.equal(r.status, 0, r.stderr);
  const docs = loadAll(r.stdout).filter((d) => d !== null) as Obj[];
  assert.deepEqual(docs.map((d) => d.kind), ["WasmPlugin", "ServiceEntry", "DestinationRule", "RequestAuthentication"]);
  validateAgainstCrds(docs);
  assertCrossReferences(docs);

  const plugin = byKind(docs, "WasmPlugin");
  const sso = fixture();
  assert.deepEqual(plugin.spec.selector.matchLabels, sso.gateway.selector);
  assert.equal(plugin.spec.url, sso.image.url);
  assert.equal(plugin.spec.sha256, sso.image.sha256.replace(/^sha256:/, ""), "WasmPlugin.sha256 is the bare hex Istio compares");
  const ra = byKind(docs, "RequestAuthentication");
  assert.deepEqual(ra.spec.selector, plugin.spec.selector, "RequestAuthentication selects the same gateway");
  assert.equal(ra.spec.jwtRules[0].issuer, plugin.spec.pluginConfig.issuer);
  assert.deepEqual(ra.spec.jwtRules[0].audiences, [plugin.spec.pluginConfig.client_id], "an ID token's aud is the client id");
  assert.equal(ra.spec.jwtRules[0].forwardOriginalToken, true, "the backend still receives the token");
});

test("the rendered pluginConfig is accepted by the built filter as it is", async () => {
  const { resources } = await renderSso(readFileSync(FIXTURE, "utf8"));
  const plugin = byKind(resources as Obj[], "WasmPlugin");
  const verdict = await validateWithFilter(plugin.spec.pluginConfig);
  assert.deepEqual(verdict.problems, []);
  assert.equal(verdict.accepted, true);
});

test("an invalid sso.yaml gets every problem, by field, in one run, and nothing on stdout", () => {
  const bad = {
    ...fixture(),
    issuer: "ftp://idp.example.com",
    client_id: "",
    cookie_secret: "replace-me-with-something-random-0123456789",
    cookie_expire: "1x",
    cookie_secert: "typo",
    scopes: "openid",
    match: { mode: "sometimes", rules: [{ path: "app", type: "glob" }] },
    allowed_algs: ["none", "HS256"],
    idp_cluster: "outbound|443||elsewhere",
    image: { url: "registry.example.com/envoy-oidc-sso:0.1.0", sha256: "abc" },
    namespace: "Istio_System",
    request_authentication: "yes",
    idp: { port: 70000 },
  };
  const r = runCli(["render", "-f", "-"], dump(bad));
  assert.equal(r.status, 1);
  assert.equal(r.stdout, "");
  const fields = ["issuer", "client_id", "cookie_secret", "cookie_expire", "cookie_secert", "scopes", "match.mode",
    "match.rules[0].path", "match.rules[0].type", "allowed_algs[0]", "allowed_algs[1]",
    "idp_cluster", "image.sha256", "namespace", "request_authentication", "idp.port"];
  for (const field of fields) {
    assert.match(r.stderr, new RegExp(`^  ${field.replace(/[.[\]]/g, "\\$&")}: `, "m"), `no problem reported for ${field}:\n${r.stderr}`);
  }
  assert.match(r.stderr, new RegExp(`: ${fields.length} problems; nothing rendered`));
});

test("host + callback_path build the redirect_url, and the filter's problems with it name where it came from", async () => {
  const { redirect_url: _, post_logout_redirect_url: __, ...rest } = fixture();
  const ok = await renderSso(dump({ ...rest, host: "shop.example.net", callback_path: "/auth/callback" }));
  assert.deepEqual(ok.problems, []);
  assert.equal(byKind(ok.resources as Obj[], "WasmPlugin").spec.pluginConfig.redirect_url, "https://shop.example.net/auth/callback");

  const bad = await renderSso(dump({ ...rest, host: "shop.example.net", callback_path: "/auth/callback?x=1" }));
  assert.deepEqual(bad.problems, [{ field: "redirect_url", problem: "must not have a query (derived from host + callback_path)" }]);
  const both = await renderSso(dump({ ...fixture(), host: "shop.example.net" }));
  assert.ok(both.problems.some((p) => p.field === "host"), "redirect_url and host together are refused");
});

test("without an idp: section the endpoint comes from the issuer; a plain-http IdP gets no DestinationRule", async () => {
  const { idp: _, request_authentication: __, ...rest } = fixture();
  const tls = await renderSso(dump({ ...rest, issuer: "https://login.example.org:8443/tenant" }));
  assert.deepEqual(tls.problems, []);
  const entry = byKind(tls.resources as Obj[], "ServiceEntry");
  assert.deepEqual(entry.spec.hosts, ["login.example.org"]);
  assert.equal(entry.spec.ports[0].number, 8443);
  assertCrossReferences(tls.resources as Obj[]);

  const plain = await renderSso(dump({ ...rest, issuer: "http://keycloak.auth.svc.cluster.local/realms/demo", allow_http_issuer: true }));
  assert.deepEqual(plain.problems, []);
  const docs = plain.resources as Obj[];
  assert.deepEqual(docs.map((d) => d.kind), ["WasmPlugin", "ServiceEntry"]);
  validateAgainstCrds(docs);
  assert.equal(byKind(docs, "ServiceEntry").spec.ports[0].protocol, "HTTP");
  assert.equal(byKind(docs, "WasmPlugin").spec.pluginConfig.idp_cluster, "outbound|80||keycloak.auth.svc.cluster.local");
});

test("a file that is not YAML, or has no image, is refused with the reason", async () => {
  const notYaml = await renderSso("issuer: [unclosed");
  assert.equal(notYaml.problems[0].field, "sso.yaml");
  const { image: _, ...noImage } = fixture();
  const r = await renderSso(dump(noImage));
  assert.deepEqual(r.problems.map((p) => p.field), ["image"]);
  assert.equal(r.yaml, "");
});

test("wasmplugin.yaml passes the same CRD schemas and cross-checks", () => {
  const docs = loadAll(readFileSync(`${root}wasmplugin.yaml`, "utf8")).filter((d) => d !== null) as Obj[];
  assert.deepEqual(docs.map((d) => d.kind), ["WasmPlugin", "ServiceEntry", "DestinationRule"]);
  validateAgainstCrds(docs);
  assertCrossReferences(docs);
});

test("wasmplugin.yaml is exactly what render prints for its values, and only its two secrets are placeholders", async () => {
  const docs = loadAll(readFileSync(`${root}wasmplugin.yaml`, "utf8")).filter((d) => d !== null) as Obj[];
  const [plugin, entry] = docs;
  const { idp_cluster: _, ...settings } = plugin.spec.pluginConfig;
  const sso = fixture();
  const r = await renderSso(dump({
    ...settings,
    client_secret: sso.client_secret,
    cookie_secret: sso.cookie_secret,
    image: { url: plugin.spec.url },
    namespace: plugin.metadata.namespace,
    gateway: { selector: plugin.spec.selector.matchLabels },
    idp: { host: entry.spec.hosts[0], port: entry.spec.ports[0].number },
  }));
  assert.deepEqual(r.problems, [], "every other value of wasmplugin.yaml is one the filter accepts");
  const rendered = r.resources as Obj[];
  rendered[0].spec.pluginConfig.client_secret = plugin.spec.pluginConfig.client_secret;
  rendered[0].spec.pluginConfig.cookie_secret = plugin.spec.pluginConfig.cookie_secret;
  assert.deepEqual(rendered, docs);
});
