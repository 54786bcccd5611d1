// The outcome of the flow for one request, applied by the glue: continue upstream (with headers
// changed), answer locally, or pause while a dispatched HTTP call runs. Keeping it a plain value
// lets host-level tests assert every branch without a host.

import { Header, Request } from "./request";
import { Session } from "../session/session";

export enum Action {
  /** Forward upstream after applying the header edits. */
  Continue,
  /** Answer the client directly; the request never reaches the backend. */
  Respond,
  /** Dispatch `call`, keep the request paused, and decide again when the answer arrives. */
  Call,
  /** Keep the request paused until the JWKS has been fetched again (unknown kid), then decide again. */
  AwaitKeys,
}

/** Why a call was dispatched; tells the root which step of the flow its answer continues. */
export enum CallPurpose { TokenExchange, Refresh }

/**
 * What a paused request needs to continue when its call answers. Plain data, owned by the root
 * context while the call runs.
 */
export class Continuation {
  purpose: CallPurpose = CallPurpose.TokenExchange;
  /** The request that started it (for the browser/XHR choice and its cookies). */
  request: Request;
  /** Login flow: the opened login state and the name of its cookie (to clear it). */
  loginCookieName: string = "";
  loginNonce: string = "";
  returnTo: string = "/";
  /** Refresh: the session being renewed. */
  session: Session | null = null;
  /** Set when the verification waits for a JWKS refetch: the token response to verify again. */
  tokenStatus: i32 = 0;
  tokenBody: Uint8Array | null = null;

  constructor(request: Request) {
    this.request = request;
  }
}

/** A dispatched HTTP call to the IdP cluster (proxy_http_call). */
export class HttpCall {
  constructor(
    public cluster: string,
    public headers: Array<Header>,
    public body: string,
    public timeoutMs: u32,
  ) {}
}

export class Decision {
  action: Action = Action.Continue;
  status: i32 = 0;
  /** Response headers of a local answer (Location, Set-Cookie, Content-Type...). */
  responseHeaders: Array<Header> = new Array<Header>();
  body: string = "";
  /** Request headers to set (replace) before forwarding. */
  setRequestHeaders: Array<Header> = new Array<Header>();
  /** Set-Cookie values to add to the upstream response (a refreshed session). */
  responseCookies: Array<string> = new Array<string>();
  /** The Cookie header to forward upstream with the filter's own cookies removed; null: unchanged. */
  upstreamCookie: string | null = null;
  call: HttpCall | null = null;
  continuation: Continuation | null = null;
  /** A short reason for the log; never a secret. */
  reason: string = "";

  static forward(): Decision {
    return new Decision();
  }

  static respond(status: i32, contentType: string, body: string, reason: string): Decision {
    const d = new Decision();
    d.action = Action.Respond;
    d.status = status;
    d.body = body;
    d.reason = reason;
    d.responseHeaders.push(new Header("content-type", contentType));
    // Error and redirect pages carry state for one user: never cache them (RFC 9111 §5.2.2.5).
    d.responseHeaders.push(new Header("cache-control", "no-store"));
    return d;
  }

  static redirect(location: string, reason: string): Decision {
    const d = Decision.respond(302, "text/html; charset=utf-8", "", reason);
    d.responseHeaders.push(new Header("location", location));
    return d;
  }

  static dispatch(call: HttpCall, next: Continuation, reason: string): Decision {
    const d = new Decision();
    d.action = Action.Call;
    d.call = call;
    d.continuation = next;
    d.reason = reason;
    return d;
  }

  static awaitKeys(next: Continuation): Decision {
    const d = new Decision();
    d.action = Action.AwaitKeys;
    d.continuation = next;
    d.reason = "jwks_refetch";
    return d;
  }

  addResponseHeader(name: string, value: string): Decision {
    this.responseHeaders.push(new Header(name, value));
    return this;
  }
}
