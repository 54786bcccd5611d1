// Tests of the fake proxy-wasm host itself: the pairs codec, loading and driving the current
// build/oidc-sso.wasm, Envoy's ABI behaviour on a probe module compiled from probe-source.ts, and
// hand-assembled modules for what Envoy must refuse or what must count as a trap.
// Run: node --import tsx --test tests/host/fake-host.test.ts
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { before, describe, it } from "node:test";
import {
  FakeHost, FilterHeadersStatus, ImportError, WasmResult, deserializePairs, serializePairs, type FakeHostOptions,
} from "./fake-host/host.ts";
import { utf8ToBstr, type Pairs } from "./fake-host/abi.ts";
import { minimalFilter, op, sleb } from "./fake-host/wasm-bytes.ts";
import "./fake-host/probe-suite.ts"; // the host's mechanics, on a probe module compiled for the purpose

const BUILD = new URL("../../build/oidc-sso.wasm", import.meta.url).pathname;
// A configuration the built filter should accept (FAKE_HOST_BUILD_CONFIG names a JSON file to use
// instead). Tests that need an accepted configuration skip, rather than fail, when it is refused:
// these tests are about the host, not about the filter's configuration schema.
const BUILD_CONFIG = process.env.FAKE_HOST_BUILD_CONFIG
  ? readFileSync(process.env.FAKE_HOST_BUILD_CONFIG, "utf8")
  : JSON.stringify({
    issuer: "https://idp.test", client_id: "fake-host-test", client_secret: "fake-host-client-secret-0123456789",
    redirect_url: "http://app.test/oauth2/callback", cookie_secret: "fake-host-cookie-secret-0123456789-ABCDEFGHIJKLM",
  });
const BUILD_CLUSTERS = ["outbound|443||idp.test", "idp"];
const GET = { ":method": "GET", ":path": "/productpage", ":authority": "app.example.com", ":scheme": "http" };

describe("header pairs codec", () => {
  it("lays pairs out as count, lengths, then NUL-terminated names and values", () => {
    const bytes = serializePairs([["a", "bc"], ["", "d"]]);
    assert.deepEqual([...bytes], [2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 97, 0, 98, 99, 0, 0, 100, 0]);
  });

  it("round-trips repeated names, empty values, UTF-8 and arbitrary bytes", () => {
    const pairs: Pairs = [["cookie", "a=1"], ["cookie", "b=2"], ["x-empty", ""], ["x-utf8", utf8ToBstr("é€😀")], ["x-bin", "\xff\x00\x80"]];
    assert.deepEqual(deserializePairs(serializePairs(pairs)), pairs);
    assert.deepEqual(deserializePairs(serializePairs([])), []);
  });

  it("reads malformed lists as null, like PairsUtil::toPairs", () => {
    const good = serializePairs([["k", "v"]]);
    assert.equal(deserializePairs(good.subarray(0, good.length - 1)), null, "truncated");
    const noNul = good.slice();
    noNul[noNul.length - 1] = 0x41;
    assert.equal(deserializePairs(noNul), null, "missing NUL");
    assert.equal(deserializePairs(new Uint8Array([...good, 0])), null, "trailing byte");
    assert.equal(deserializePairs(new Uint8Array([1, 4, 0, 0])), null, "count beyond 1024");
    assert.equal(deserializePairs(new Uint8Array(3)), null, "shorter than the count");
  });

  it("never throws on random bytes and round-trips random lists", () => {
    let seed = 12345;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    for (let i = 0; i < 2000; i++) {
      const pairs: Pairs = Array.from({ length: rnd(6) }, () => [
        String.fromCharCode(...Array.from({ length: rnd(8) }, () => rnd(256))),
        String.fromCharCode(...Array.from({ length: rnd(12) }, () => rnd(256))),
      ]);
      assert.deepEqual(deserializePairs(serializePairs(pairs)), pairs);
      deserializePairs(Uint8Array.from({ length: rnd(40) }, () => rnd(256)));
    }
  });
});

describe("the built filter (build/oidc-sso.wasm)", () => {
  before(() => assert.ok(existsSync(BUILD), "build/oidc-sso.wasm is missing: run `npm run build -- filter`"));
  const load = (opts: FakeHostOptions = {}) => FakeHost.load(BUILD, { rootId: "oidc-sso", pluginConfig: BUILD_CONFIG, clusters: BUILD_CLUSTERS, trace: true, ...opts });

  it("imports only what Envoy provides and exports a 0.2.x ABI", async () => {
    assert.deepEqual(FakeHost.loadProblems(readFileSync(BUILD)), []);
    const host = await load();
    host.assertAlive();
  });

  it("runs proxy_on_configure, which reads the plugin configuration from the host", async () => {
    const host = await load();
    const started = host.start();
    host.assertAlive();
    assert.equal(typeof started, "boolean");
    const reads = host.vm.trace!.filter((t) => t.name === "proxy_get_buffer_bytes" && t.args[0] === 7);
    assert.ok(reads.length > 0, "the module never read PluginConfiguration");
    assert.ok(reads.every((t) => t.during === "proxy_on_configure" && t.result === WasmResult.Ok));
    assert.ok(host.vm.memory.allocations.some((a) => a.size === Buffer.byteLength(BUILD_CONFIG)),
      "the configuration was handed over through the module's malloc");
  });

  it("takes a request to exactly one outcome without trapping", async (t) => {
    const host = await load();
    if (!host.start()) return t.skip("the filter rejects this configuration (set FAKE_HOST_BUILD_CONFIG)");
    for (let i = 0; i < 50; i++) {
      const s = host.request({ ...GET, ":authority": "app.test", accept: "text/html" });
      host.assertAlive();
      assert.ok(Object.values(FilterHeadersStatus).includes(s.status as never));
      const outcomes = [s.forwarded, s.localResponse !== null, s.paused && host.pendingCalls().length > 0];
      assert.equal(outcomes.filter(Boolean).length, 1, `stream ${s.id}: ${JSON.stringify(outcomes)}`);
      s.finish();
    }
    host.assertNoBugs();
    assert.ok(host.memoryBytes >= 65536);
  });

  it("collects the module's logs with level and context", async () => {
    const host = await load();
    host.start();
    assert.ok(host.logs.length > 0);
    for (const entry of host.logs) {
      assert.ok(entry.level >= 0 && entry.level <= 5 && entry.levelName !== "invalid");
      assert.equal(typeof entry.message, "string");
    }
    assert.ok(host.logs.some((l) => l.contextId === host.root!.id));
  });

  it("dies like Envoy when the root id is not the one the module registered", async () => {
    const host = await load({ rootId: "not-oidc-sso" });
    assert.equal(host.start(), false);
    assert.equal(host.alive, false);
    assert.equal(host.trapped!.call, "proxy_on_context_create");
    assert.match(host.logText(), /Missing root context factory/);
    assert.throws(() => host.assertAlive(), /proxy_on_context_create/);
  });
});

describe("modules Envoy refuses, and traps in hand-made modules", () => {
  const I = "i32" as const;

  it("refuses loudly a module that imports env.abort", async () => {
    const wasm = minimalFilter({}, [{ module: "env", name: "abort", params: [I, I, I, I], results: [] }]);
    assert.deepEqual(FakeHost.loadProblems(wasm), ["imports env.abort (function), which Envoy does not provide"]);
    await assert.rejects(FakeHost.load(wasm), (e: unknown) => e instanceof ImportError && /env\.abort/.test(e.message));
  });

  it("refuses a module whose import type differs from Envoy's (the link would fail)", async () => {
    // proxy-runtime 0.1.8 declares proxy_grpc_call with ABI 0.1's 10 parameters; 0.2.x has 12.
    const wasm = minimalFilter({}, [{ module: "env", name: "proxy_grpc_call", params: Array(10).fill(I), results: [I] }]);
    assert.match(FakeHost.loadProblems(wasm).join("\n"), /proxy_grpc_call as \(i32(, i32){9}\) -> \(i32\), but Envoy's is \(i32(, i32){11}\)/);
    await assert.rejects(FakeHost.load(wasm), ImportError);
  });

  it("refuses a module without a 0.2.x ABI marker or malloc", () => {
    const wasm = minimalFilter({ proxy_abi_version_0_2_0: { export: "x", params: [], results: [], body: [] }, malloc: { export: "y", params: [I], results: [I], body: [op.i32Const, 0] } });
    const problems = FakeHost.loadProblems(wasm);
    assert.equal(problems.length, 2);
  });

  it("traps a host call Envoy forbids during _initialize", async () => {
    const getProperty = { module: "env", name: "proxy_get_property", params: [I, I, I, I], results: [I] };
    const wasm = minimalFilter({
      _initialize: { params: [], results: [], body: [op.i32Const, 0, op.i32Const, 0, op.i32Const, 0, op.i32Const, 0, op.call, 0, op.drop] },
    }, [getProperty]);
    const host = await FakeHost.load(wasm);
    assert.equal(host.trapped!.call, "_initialize");
    assert.match(host.trapped!.message, /restricted_callback/);
    assert.equal(host.start(), false);
  });

  it("counts unreachable and stack exhaustion as traps", async () => {
    const unreachable = await FakeHost.load(minimalFilter({ proxy_on_request_headers: { params: [I, I, I], results: [I], body: [op.unreachable] } }));
    assert.equal(unreachable.start(), true);
    unreachable.request(GET);
    assert.equal(unreachable.trapped!.call, "proxy_on_request_headers");

    // Function 5 is proxy_on_request_headers in minimalFilter's order (no imports): it calls itself.
    const recurse = [op.localGet, 0, op.localGet, 1, op.localGet, 2, op.call, 5, op.drop, op.i32Const, ...sleb(0)];
    const deep = await FakeHost.load(minimalFilter({ proxy_on_request_headers: { params: [I, I, I], results: [I], body: recurse } }));
    deep.start();
    const s = deep.request(GET);
    assert.match(deep.trapped!.message, /call stack/i);
    assert.equal(s.localResponse!.status, 503);
  });
});
