// The fake host's mechanics on the probe module (probe-source.ts): Envoy's result codes, header
// maps, local replies, effective context, http calls, clock, randomness, traps. Registered by
// tests/host/fake-host.test.ts, which imports this file (it is not a *.test.ts of its own).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { FakeHost, FilterHeadersStatus, WasmResult, type FakeHostOptions } from "./host.ts";
import { bstrToUtf8, type Pairs } from "./abi.ts";
import { buildProbe } from "./probe-build.ts";
import { PROBE_ROOT_ID } from "./probe-source.ts";

const GET = { ":method": "GET", ":path": "/productpage", ":authority": "app.example.com", ":scheme": "http" };
const probeLog = (host: FakeHost, name: string) => host.logs.filter((l) => l.message.startsWith(`${name}=`)).map((l) => Number(l.message.slice(name.length + 1)));

describe("host mechanics on the probe module", () => {
  let wasm: Uint8Array;
  before(async () => {
    wasm = await buildProbe();
  });
  const probe = async (opts: FakeHostOptions = {}) => {
    const host = await FakeHost.load(wasm, { rootId: PROBE_ROOT_ID, pluginConfig: "hello", clusters: ["idp"], ...opts });
    assert.equal(host.start(), true);
    return host;
  };
  const req = (host: FakeHost, action: string, extra: Pairs = []) =>
    host.request([...Object.entries(GET), ["x-probe", action], ...extra]);

  it("makes the configuration readable only while configuring", async () => {
    const host = await probe({ pluginConfig: "héllo" });
    assert.deepEqual(probeLog(host, "buffer_status"), [WasmResult.Ok]);
    assert.deepEqual(probeLog(host, "config_length"), [Buffer.byteLength("héllo")]);
    assert.ok(host.logs.some((l) => l.message === "config:héllo"));
    const out = host.allocate(new Uint8Array(8));
    assert.equal(host.callHostFunction(host.root!.id, "proxy_get_buffer_bytes", 7, 0, 5, out, out + 4), WasmResult.NotFound);
    assert.equal(host.configure("reject"), false);
  });

  it("refuses requests when configure failed, as Envoy would not run the plugin", async () => {
    const host = await FakeHost.load(wasm, { rootId: PROBE_ROOT_ID, pluginConfig: "reject" });
    assert.equal(host.start(), false);
    assert.throws(() => host.request(GET), /did not start and configure/);
  });

  it("gives Envoy's result codes: missing header NotFound, absent map BadArgument, unknown property NotFound", async () => {
    const host = await probe();
    const s = req(host, "missing");
    assert.deepEqual(probeLog(host, "missing"), [WasmResult.NotFound]);
    assert.deepEqual(probeLog(host, "response_map_in_request"), [WasmResult.BadArgument]);
    assert.deepEqual(probeLog(host, "property_missing"), [WasmResult.NotFound]);
    assert.deepEqual(probeLog(host, "property_root_id"), [WasmResult.Ok]);
    assert.ok(host.logs.some((l) => l.message === `root_id:${PROBE_ROOT_ID}`));
    assert.equal(s.forwarded, true);
  });

  it("round-trips header pairs through the module, duplicates and order included", async () => {
    const host = await probe();
    const s = req(host, "echo", [["cookie", "a=1"], ["Cookie", "b=2"], ["x-remove-me", "1"], ["x-replace-me", "a"], ["x-replace-me", "b"], ["x-utf8", "ünï"]]);
    assert.deepEqual(probeLog(host, "get_pairs"), [0]);
    assert.deepEqual(probeLog(host, "set_pairs"), [0]);
    assert.deepEqual(s.requestHeaders, [
      [":method", "GET"], [":path", "/productpage"], [":authority", "app.example.com"], [":scheme", "http"],
      ["x-probe", "echo"], ["cookie", "a=1"], ["cookie", "b=2"], ["x-utf8", "ünï"], ["x-echoed", "1"],
      ["x-replace-me", "replaced"], // replace drops every duplicate (Envoy setCopy)
    ]);
    assert.deepEqual(s.requestHeaderValues("cookie"), ["a=1", "b=2"]);
  });

  it("turns StopIteration into StopAllIterationAndWatermark and sends a local reply through the response phase", async () => {
    const host = await probe();
    const s = req(host, "deny");
    assert.equal(s.result, FilterHeadersStatus.StopIteration);
    assert.equal(s.status, FilterHeadersStatus.StopAllIterationAndWatermark);
    const local = s.localResponse!;
    assert.equal(local.status, 403);
    assert.equal(local.body, "nope");
    assert.equal(local.details, "denied_by_probe");
    assert.equal(local.grpcStatus, null);
    assert.equal(local.header("x-denied"), "1");
    assert.equal(local.header("content-type"), "text/plain");
    assert.equal(local.header("x-probe-response"), "4", "the filter's own response phase saw the local reply");
    assert.equal(s.forwarded, false);
    assert.throws(() => s.responseHeaders({ ":status": "200" }), /answered locally/);
    host.assertNoBugs();
  });

  it("flags continuing a stream after its local response (CVE-2022-29228 class)", async () => {
    const host = await probe();
    const s = req(host, "deny-and-continue");
    assert.equal(s.localResponse!.status, 401);
    assert.equal(s.forwarded, false);
    assert.deepEqual(host.bugs.map((b) => b.kind), ["continue-after-local-response"]);
    assert.match(host.bugs[0].during, /proxy_on_request_headers/);
    assert.throws(() => host.assertNoBugs(), /continue-after-local-response/);
  });

  it("flags a second local response and resets the stream", async () => {
    const host = await probe();
    const s = req(host, "deny-twice");
    assert.equal(s.localResponse!.status, 401);
    assert.equal(s.reset, true);
    assert.deepEqual(host.bugs.map((b) => b.kind), ["second-local-response"]);
  });

  it("ignores (and flags) a local response sent while the root context is effective", async () => {
    const host = await probe();
    const s = req(host, "root-local");
    assert.deepEqual(probeLog(host, "set_effective_root"), [WasmResult.Ok]);
    assert.equal(s.localResponse, null);
    assert.equal(s.paused, true, "Envoy still stops the stream, which then hangs");
    assert.deepEqual(host.bugs.map((b) => b.kind), ["local-response-without-stream"]);
    assert.deepEqual(host.hungStreams(), [s], "paused with no call pending: nothing will ever resume it");
  });

  it("records http calls and answers them on the stream the module makes effective", async () => {
    const host = await probe();
    const s = req(host, "call");
    assert.equal(s.paused, true);
    const [call] = host.pendingCalls();
    assert.equal(call.token, 4);
    assert.equal(call.cluster, "idp");
    assert.deepEqual([call.method, call.path, call.authority, call.scheme], ["POST", "/token", "idp.example.com", "https"]);
    assert.equal(call.headers.find(([k]) => k === "content-type")?.[1], "application/x-www-form-urlencoded", "names lowercased");
    assert.equal(call.body, "grant_type=x");
    assert.equal(call.timeoutMs, 5000);
    assert.equal(call.callerContextId, s.id);
    host.respond(call.token, { status: 200, json: { ok: true } });
    assert.deepEqual(probeLog(host, "set_effective_context"), [WasmResult.Ok]);
    assert.deepEqual(probeLog(host, "call_headers"), [2]);
    assert.equal(s.continued, true);
    assert.equal(s.requestHeader("x-idp-status"), "200");
    assert.equal(s.requestHeader("x-idp-body"), '{"ok":true}');
    assert.deepEqual(probeLog(host, "add_after_continue"), [WasmResult.BadArgument], "Envoy forgets request headers once continued");
    assert.equal(s.requestHeader("x-late"), undefined);
    const phase = s.responseHeaders({ ":status": "200", "content-type": "text/html" });
    assert.equal(phase.status, FilterHeadersStatus.Continue);
    assert.equal(phase.header("x-probe-response"), "2");
    assert.throws(() => host.respond(call.token, { status: 200 }), /already answered/);
    host.assertNoBugs();
  });

  it("rejects http calls to unknown clusters or without :path, :method and :authority", async () => {
    const host = await probe();
    assert.equal(req(host, "call-bad-cluster").forwarded, true);
    assert.equal(req(host, "call-no-path").forwarded, true);
    assert.deepEqual(probeLog(host, "http_call"), [WasmResult.BadArgument, WasmResult.BadArgument]);
    assert.deepEqual(host.http.rejected.map((r) => r.reason), ['unknown cluster "nope"', "request lacks :path, :method or :authority"]);
    assert.equal(host.calls.length, 0);
  });

  it("reports a reset call with 0 headers and get_status BrokenConnection \"reset\"", async () => {
    const host = await probe();
    const s = req(host, "call");
    host.fail(host.pendingCalls()[0].token);
    assert.ok(host.logs.some((l) => l.message === "call_failed status=11 message=reset"));
    assert.equal(s.localResponse!.status, 502);
    assert.equal(s.localResponse!.sentDuring, "proxy_on_http_call_response");
  });

  it("answers an unreachable IdP the way Envoy's router does: 503 through the normal callback", async () => {
    const host = await probe();
    const s = req(host, "call");
    host.connectFailure(host.pendingCalls()[0].token);
    assert.equal(s.requestHeader("x-idp-status"), "503");
    assert.match(s.requestHeader("x-idp-body")!, /^upstream connect error/);
  });

  it("times calls out when the clock passes their timeout, with Envoy's 504", async () => {
    const host = await probe();
    const s = req(host, "call");
    host.advance(4999);
    assert.equal(host.pendingCalls().length, 1);
    host.advance(1);
    assert.equal(host.calls[0].state, "timed-out");
    assert.equal(s.requestHeader("x-idp-status"), "504");
    assert.equal(s.requestHeader("x-idp-body"), "upstream request timeout");
  });

  it("fires ticks at the registered period on the fake clock", async () => {
    const host = await probe({ pluginConfig: "tick", nowMs: 1_000_000 });
    assert.equal(host.tickPeriodMs, 1000);
    host.advance(2500);
    const ticks = host.logs.filter((l) => l.message.startsWith("tick:")).map((l) => l.message);
    assert.deepEqual(ticks, ["tick:1001000000000", "tick:1002000000000"]);
    assert.equal(host.nowMs, 1_002_500);
  });

  it("serves time and randomness deterministically, and records random bytes", async () => {
    const a = await probe({ seed: 7, nowMs: 1_234_567 });
    const b = await probe({ seed: 7 });
    const c = await probe({ seed: 8 });
    const [ra, rb, rc] = [a, b, c].map((h) => req(h, "random").requestHeader("x-random"));
    assert.equal(ra, rb);
    assert.notEqual(ra, rc);
    assert.equal(Buffer.from(a.randomBytes[0]).toString("hex"), ra);
    assert.deepEqual(probeLog(a, "random_get_too_big"), [28], "EINVAL above 64 KiB");
    const t = req(a, "time");
    assert.equal(t.requestHeader("x-time-ns"), "1234567000000");
    assert.equal(t.requestHeader("x-clock-ns"), "1234567000000");
    a.setTime(2_000_000);
    assert.equal(req(a, "time").requestHeader("x-time-ns"), "2000000000000");
  });

  it("finishes a stream in Envoy's order, with headers readable but frozen in the log phase", async () => {
    const host = await probe({ trace: true });
    const s = req(host, "continue");
    s.finish();
    const hooks = host.logs.filter((l) => /onDone|onDelete|log-phase/.test(l.message)).map((l) => l.message.replace(/^context id: \d+: /, ""));
    assert.deepEqual(hooks, ["log-phase path=/productpage", "onDone()", "onDelete()"]);
    assert.deepEqual(probeLog(host, "add_in_log"), [WasmResult.BadArgument]);
    assert.equal(host.callHostFunction(host.root!.id, "proxy_set_effective_context", s.id), WasmResult.BadArgument, "the context is gone");
  });

  it("runs only the log hooks for a stream answered before the filter saw it", async () => {
    const host = await probe();
    const s = host.loggedOnly({ ...GET, ":path": "/early" });
    assert.equal(s.finished, true);
    assert.equal(s.result, undefined);
    assert.ok(host.logs.some((l) => l.message === "log-phase path=/early"));
    assert.ok(!host.logs.some((l) => l.message.startsWith("request_headers_count=")));
  });

  it("lets tests call host functions directly at the ABI level", async () => {
    const host = await probe();
    const s = req(host, "call"); // paused, so its request headers are still held
    const key = host.allocate(":path");
    const missing = host.allocate("x-nothing");
    const out = host.allocate(new Uint8Array(8));
    const fn = (name: string, ...args: number[]) => host.callHostFunction(s.id, name, ...args);
    assert.equal(fn("proxy_get_header_map_value", 0, key, 5, out, out + 4), WasmResult.Ok);
    const [ptr, len] = [host.vm.memory.getU32(out)!, host.vm.memory.getU32(out + 4)!];
    assert.equal(bstrToUtf8(host.vm.memory.readBstr(ptr, len)!), "/productpage");
    assert.equal(fn("proxy_get_header_map_value", 0, missing, 9, out, out + 4), WasmResult.NotFound);
    assert.equal(fn("proxy_get_header_map_value", 8, key, 5, out, out + 4), WasmResult.BadArgument);
    assert.equal(fn("proxy_get_header_map_value", 0, 0x7fffffff, 5, out, out + 4), WasmResult.InvalidMemoryAccess);
    assert.equal(fn("proxy_log", 6, key, 5), WasmResult.BadArgument);
    assert.equal(fn("proxy_get_header_map_size", 0, out), WasmResult.Ok);
    const byteSize = s.requestHeaders.reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
    assert.equal(host.vm.memory.getU32(out), byteSize);
    assert.equal(fn("proxy_get_header_map_pairs", 6, out, out + 4), WasmResult.Ok, "no call response: empty pairs");
    assert.deepEqual([host.vm.memory.getU32(out), host.vm.memory.getU32(out + 4)], [0, 0]);
  });

  it("keeps header bytes that are not UTF-8 exact (latin1 encoding for fuzzing)", async () => {
    const host = await probe();
    const s = host.request([...Object.entries(GET), ["x-probe", "echo"], ["x-bin", "\xff\x00\xc3("]], { encoding: "latin1" });
    assert.deepEqual(s.rawRequestHeaders.find(([k]) => k === "x-bin"), ["x-bin", "\xff\x00\xc3("]);
    assert.throws(() => host.request([["x", "\u0100"]], { encoding: "latin1" }), /0-255/);
  });

  it("hands a request body to the module when the headers did not end the stream", async () => {
    const host = await probe();
    const s = req(host, "continue");
    const body = host.request(GET, { endOfStream: false });
    assert.equal(body.requestBodyChunk("a=1&b=2"), 0);
    const out = host.allocate(new Uint8Array(8));
    assert.equal(host.callHostFunction(body.id, "proxy_get_buffer_status", 0, out, out + 4), WasmResult.Ok);
    assert.equal(host.vm.memory.getU32(out), 7);
    assert.equal(host.callHostFunction(s.id, "proxy_get_buffer_status", 4, out, out + 4), WasmResult.NotFound, "no call response now");
  });

  it("kills the VM on a trap and fails every later request closed with 503", async () => {
    const host = await probe();
    const s = req(host, "trap");
    assert.equal(host.trapped!.call, "proxy_on_request_headers");
    assert.equal(host.trapped!.contextId, s.id);
    assert.ok(host.trapped!.error instanceof WebAssembly.RuntimeError);
    assert.equal(s.localResponse!.status, 503);
    assert.equal(s.localResponse!.details, "wasm_fail_stream");
    const calls = host.vm.importCounts.get("proxy_log");
    const later = req(host, "continue");
    assert.equal(later.localResponse!.status, 503);
    assert.equal(host.vm.importCounts.get("proxy_log"), calls, "a failed VM is never entered again");
    assert.throws(() => host.assertAlive(), /proxy_on_request_headers/);
  });

  it("lets requests through after a trap when the plugin fails open", async () => {
    const host = await probe({ failOpen: true });
    req(host, "trap");
    const later = req(host, "continue");
    assert.equal(later.forwarded, true);
    assert.equal(later.localResponse, null);
  });

  it("treats abort (proc_exit) as a trap and keeps the abort message in the logs", async () => {
    const host = await probe();
    req(host, "abort");
    assert.equal(host.trapped!.message, "proc_exit(255)");
    assert.ok(host.logsAtLeast("critical").some((l) => l.message.includes("probe abort")));
  });
});
