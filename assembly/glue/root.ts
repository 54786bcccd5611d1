// The root context of one worker's VM: validates the configuration once, keeps the IdP's metadata
// and keys fresh (discovery and JWKS by dispatched calls, retried with backoff), and continues
// paused requests when their token-endpoint calls answer.

import { FilterHeadersStatusValues, StreamRoot } from "./runtime";
import * as host from "./host";
import { Config } from "../core/config/config";
import { parseConfig } from "../core/config/parse";
import { discoveryUrl, parseDiscovery } from "../core/oidc/discovery";
import { parseJwks } from "../core/jwt/jwks";
import { callHeaders, clusterFor } from "../core/oidc/token";
import { Decision, Continuation, CallPurpose } from "../core/http/decision";
import { Header } from "../core/http/request";
import { finishLogin } from "../core/oidc/finish";
import { finishRefresh } from "../core/oidc/refresh";
import { ProviderView } from "../core/oidc/flow";
import { ProviderState, Phase } from "./provider";
import { applyDecision, streamRequestHeaders, streamResponseHeaders } from "./http";
import { RefreshCoalescer, Waiter } from "./refreshes";
import { SessionCache } from "../core/session/cache";

/** Largest IdP answer we read; a 10 MB body is refused unread (security.md G.51). */
const MAX_IDP_BODY_BYTES: u32 = 1 << 20;
const TICK_MS: u32 = 1000;

enum CallKind { Discovery, Keys, Flow }

class PendingCall {
  /** For a refresh: the coalescer key of the token being redeemed. */
  refreshKey: string = "";
  constructor(public kind: CallKind, public streamId: u32, public cont: Continuation | null) {}
}

class KeyWaiter {
  constructor(public streamId: u32, public cont: Continuation) {}
}

export class OidcRoot extends StreamRoot {
  config: Config | null = null;
  provider: ProviderState = new ProviderState();
  entropy: host.HostEntropy = new host.HostEntropy();
  private pending: Map<u32, PendingCall> = new Map<u32, PendingCall>();
  private keyWaiters: Array<KeyWaiter> = new Array<KeyWaiter>();
  /** Set-Cookie values owed to a stream's response (a refreshed or re-sealed session), by stream. */
  private owedCookies: Map<u32, Array<string>> = new Map<u32, Array<string>>();
  private refreshes: RefreshCoalescer = new RefreshCoalescer();
  private sessions: SessionCache = new SessionCache();

  streamRequestHeaders(streamId: u32, _endOfStream: bool): FilterHeadersStatusValues {
    return streamRequestHeaders(this, streamId);
  }

  streamResponseHeaders(streamId: u32, _endOfStream: bool): FilterHeadersStatusValues {
    return streamResponseHeaders(this, streamId);
  }

  /** A stream ended: whatever it was owed is dropped. Its paused calls find it gone when they answer. */
  streamGone(streamId: u32): void {
    if (this.owedCookies.size > 0) this.owedCookies.delete(streamId);
  }

  oweCookies(streamId: u32, cookies: Array<string>): void {
    this.owedCookies.set(streamId, cookies);
  }

  takeOwedCookies(streamId: u32): Array<string> | null {
    if (this.owedCookies.size == 0 || !this.owedCookies.has(streamId)) return null;
    const cookies = this.owedCookies.get(streamId);
    this.owedCookies.delete(streamId);
    return cookies;
  }

  view(): ProviderView {
    return new ProviderView(this.provider.usableMeta(), this.provider.jwks, this.sessions);
  }

  onConfigure(size: u32): bool {
    const result = parseConfig(host.pluginConfiguration(size));
    const cfg = result.config;
    if (cfg === null) {
      for (let i = 0; i < result.errors.length; i++) host.logError("oidc-sso config: " + result.errors[i]);
      host.logError("oidc-sso: configuration rejected (" + result.errors.length.toString() + " problem(s)); no request will pass");
      this.config = null;
      return false;
    }
    this.config = cfg;
    this.provider = new ProviderState();
    host.setTickPeriodMs(TICK_MS);
    this.refreshProvider();
    return true;
  }

  onTick(): void {
    this.refreshProvider();
  }

  /** Starts the discovery or JWKS fetch that is due, if any. */
  private refreshProvider(): void {
    const cfg = this.config;
    if (cfg === null) return;
    const now = host.nowMs();
    const what = this.provider.due(now);
    if (what == 1) {
      const u = discoveryUrl(cfg.issuer);
      if (u !== null) this.fetch(CallKind.Discovery, clusterFor(cfg, u), callHeaders("GET", u), cfg.httpTimeoutMs, now);
    } else if (what == 2) {
      const meta = this.provider.meta;
      if (meta !== null) this.fetch(CallKind.Keys, clusterFor(cfg, meta.jwksUri), callHeaders("GET", meta.jwksUri), cfg.httpTimeoutMs, now);
    }
  }

  private fetch(kind: CallKind, cluster: string, headers: Array<Header>, timeoutMs: u32, now: i64): void {
    const token = host.dispatchHttpCall(cluster, headers, "", timeoutMs);
    if (token == 0) {
      this.provider.failed(now, "cannot dispatch to cluster " + cluster);
      host.logWarn("oidc-sso: cannot call the IdP through cluster \"" + cluster + "\"; retrying");
      return;
    }
    this.provider.inFlight = true;
    this.pending.set(token, new PendingCall(kind, 0, null));
  }

  /**
   * Dispatches a flow call for a paused stream; false when the host refused it. A refresh joins
   * one already in flight for the same token, or reuses a recent answer (see refreshes.ts).
   */
  dispatchFlow(streamId: u32, d: Decision): bool {
    const call = d.call;
    const cont = d.continuation;
    if (call === null || cont === null) return false;
    let key = "";
    const session = cont.session;
    if (cont.purpose == CallPurpose.Refresh && session !== null) {
      key = RefreshCoalescer.keyOf(session.refreshToken);
      const running = this.refreshes.inFlight(key);
      if (running !== null) {
        running.waiters.push(new Waiter(streamId, cont));
        return true;
      }
    }
    const token = host.dispatchHttpCall(call.cluster, call.headers, call.body, call.timeoutMs);
    if (token == 0) return false;
    const p = new PendingCall(CallKind.Flow, streamId, cont);
    if (key.length > 0) {
      p.refreshKey = key;
      this.refreshes.begin(key, host.nowMs());
    }
    this.pending.set(token, p);
    return true;
  }

  /** The decision for a refresh whose token was redeemed moments ago by another request, or null. */
  reusedRefresh(cont: Continuation): Decision | null {
    const session = cont.session;
    const cfg = this.config;
    if (cont.purpose != CallPurpose.Refresh || session === null || cfg === null) return null;
    const done = this.refreshes.reusable(RefreshCoalescer.keyOf(session.refreshToken), host.nowMs());
    if (done === null) return null;
    return this.nextStep(cfg, cont, done.status, done.body, false);
  }

  /**
   * The decision that follows a token-endpoint answer for a paused flow: finish the login or the
   * refresh. `canRefetch` is false once the JWKS was fetched again for it (no second refetch).
   */
  nextStep(cfg: Config, cont: Continuation, status: i32, body: Uint8Array, canRefetch: bool): Decision {
    const nowS = host.nowMs() / 1000;
    const view = this.view();
    return cont.purpose == CallPurpose.TokenExchange
      ? finishLogin(cfg, view.jwks, cont, status, body, nowS, this.entropy, canRefetch)
      : finishRefresh(cfg, view.meta, view.jwks, cont, status, body, nowS, this.entropy, canRefetch);
  }

  /** Parks a stream until the JWKS was fetched again; false when a refetch is not allowed now. */
  awaitKeys(streamId: u32, cont: Continuation): bool {
    const now = host.nowMs();
    if (!this.provider.inFlight && !this.provider.mayRefetchForKid(now)) return false;
    this.keyWaiters.push(new KeyWaiter(streamId, cont));
    if (!this.provider.inFlight) {
      const cfg = this.config;
      const meta = this.provider.meta;
      if (cfg === null || meta === null) return false;
      this.provider.lastKidRefetchMs = now;
      this.fetch(CallKind.Keys, clusterFor(cfg, meta.jwksUri), callHeaders("GET", meta.jwksUri), cfg.httpTimeoutMs, now);
    }
    return true;
  }

  onHttpCallResponse(token: u32, headers: u32, bodySize: u32, trailers: u32): void {
    if (!this.pending.has(token)) return;
    const p = this.pending.get(token);
    this.pending.delete(token);
    let status = 0;
    let body = new Uint8Array(0);
    if (headers > 0) {
      const hs = host.httpCallResponseHeaders();
      for (let i = 0; i < hs.length; i++) {
        if (unchecked(hs[i]).name == ":status") status = I32.parseInt(unchecked(hs[i]).value);
      }
      if (bodySize > MAX_IDP_BODY_BYTES) status = -1;
      else body = host.httpCallResponseBody(bodySize);
    }
    if (p.kind == CallKind.Discovery) this.onDiscovery(status, body);
    else if (p.kind == CallKind.Keys) this.onKeys(status, body);
    else {
      this.continueFlow(p.streamId, p.cont, status, body, true);
      if (p.refreshKey.length > 0) {
        const waiters = this.refreshes.finish(p.refreshKey, status, body, host.nowMs());
        for (let i = 0; i < waiters.length; i++) {
          const w = unchecked(waiters[i]);
          this.continueFlow(w.streamId, w.cont, status, body, true);
        }
      }
    }
  }

  private onDiscovery(status: i32, body: Uint8Array): void {
    const cfg = this.config;
    const now = host.nowMs();
    if (cfg === null) return;
    if (status != 200) {
      this.provider.failed(now, "discovery answered " + status.toString());
      // Bounded by the backoff: at most one line per attempt, at most one a minute once the IdP stays down.
      host.logWarn("oidc-sso: discovery answered " + status.toString() + " (0: no answer); retrying");
      return;
    }
    const r = parseDiscovery(body, cfg.issuer);
    const meta = r.metadata;
    if (meta === null) {
      this.provider.failed(now, r.error);
      host.logError("oidc-sso: " + r.error);
      return;
    }
    this.provider.discovered(meta);
    this.refreshProvider();
  }

  private onKeys(status: i32, body: Uint8Array): void {
    const now = host.nowMs();
    const jwks = status == 200 ? parseJwks(body) : null;
    if (jwks === null) {
      this.provider.failed(now, "JWKS fetch failed (status " + status.toString() + ")");
      host.logWarn("oidc-sso: JWKS fetch failed; keeping the previous keys and retrying");
    } else {
      this.provider.keysLoaded(jwks, now);
      if (this.provider.phase == Phase.Ready) host.logInfo("oidc-sso: IdP ready (" + jwks.keys.length.toString() + " key(s))");
    }
    const waiters = this.keyWaiters;
    this.keyWaiters = new Array<KeyWaiter>();
    for (let i = 0; i < waiters.length; i++) {
      const w = unchecked(waiters[i]);
      const c = w.cont;
      const b = c.tokenBody;
      this.continueFlow(w.streamId, c, c.tokenStatus, b === null ? new Uint8Array(0) : b, false);
    }
  }

  /** Continues a paused stream with its call's answer, if the stream still exists. */
  private continueFlow(streamId: u32, cont: Continuation | null, status: i32, body: Uint8Array, canRefetch: bool): void {
    const cfg = this.config;
    if (cont === null || cfg === null) return;
    // A stream that ended while it waited is unknown to the host by now: nothing to continue.
    if (!host.setEffectiveContext(streamId)) return;
    const result = applyDecision(this, streamId, this.nextStep(cfg, cont, status, body, canRefetch));
    if (result == FilterHeadersStatusValues.Continue) host.continueRequest();
  }
}
