// What the flow needs to know about a downstream request, extracted once by the glue from the
// header map. Repeated headers are kept as counts so that ambiguity can be refused
// (security.md F.46: duplicate Cookie or Authorization headers).

import { Cookie, parseCookieHeader } from "../encoding/cookie";
import { splitPathQuery } from "../encoding/url";

export class Header {
  constructor(public name: string, public value: string) {}
}

export class Request {
  method: string = "";
  /** The :path pseudo-header as Envoy passes it (after its own normalization). */
  rawPath: string = "";
  path: string = "";
  query: string = "";
  authority: string = "";
  scheme: string = "";
  accept: string = "";
  secFetchMode: string = "";
  secFetchSite: string = "";
  xRequestedWith: bool = false;
  cookieHeaders: i32 = 0;
  authorizationHeaders: i32 = 0;
  cookies: Array<Cookie> = new Array<Cookie>();
  /** The Cookie header exactly as received (the last one, when repeated: then the request is refused anyway). */
  rawCookieHeader: string = "";
  /** False when the Cookie header held more cookies than we are willing to parse. */
  cookiesParsed: bool = true;

  /** Builds a Request from header pairs (names already lower-case, as HTTP/2 and Envoy give them). */
  static fromHeaders(headers: Array<Header>): Request {
    const r = new Request();
    for (let i = 0; i < headers.length; i++) {
      const h = unchecked(headers[i]);
      const name = h.name;
      if (name == ":method") r.method = h.value;
      else if (name == ":path") r.rawPath = h.value;
      else if (name == ":authority") r.authority = h.value;
      else if (name == ":scheme") r.scheme = h.value;
      else if (name == "accept") r.accept = h.value;
      else if (name == "sec-fetch-mode") r.secFetchMode = h.value;
      else if (name == "sec-fetch-site") r.secFetchSite = h.value;
      else if (name == "x-requested-with") r.xRequestedWith = true;
      else if (name == "authorization") r.authorizationHeaders++;
      else if (name == "cookie") {
        r.cookieHeaders++;
        r.rawCookieHeader = h.value;
        if (!parseCookieHeader(h.value, r.cookies)) r.cookiesParsed = false;
      }
    }
    const parts = splitPathQuery(r.rawPath);
    r.path = unchecked(parts[0]);
    r.query = unchecked(parts[1]);
    return r;
  }

  /**
   * A top-level browser navigation, which may be redirected to the IdP. Anything else (XHR, fetch,
   * API clients, non-GET) gets 401: a redirect to an HTML login page is useless to them.
   */
  isBrowserNavigation(): bool {
    if (this.method != "GET" && this.method != "HEAD") return false;
    if (this.xRequestedWith) return false;
    // Fetch Metadata (W3C): only "navigate" is a page load; absent on old browsers and curl.
    if (this.secFetchMode.length > 0 && this.secFetchMode != "navigate") return false;
    return this.accept.toLowerCase().includes("text/html");
  }
}
