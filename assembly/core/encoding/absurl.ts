// Absolute http(s) URLs as they appear in the configuration and the IdP's discovery document
// (RFC 3986 §3). Deliberately narrow: no userinfo (a classic open-redirect trick), no fragment,
// no whitespace or control characters; anything else is refused rather than interpreted.

export class AbsoluteUrl {
  scheme: string = "";
  /** Lower-cased host name or IP literal (IPv6 kept in brackets). */
  host: string = "";
  /** The explicit port, or the scheme's default (80/443). */
  port: i32 = 0;
  /** host[:port] with the port only when it is not the default. */
  authority: string = "";
  /** Path, at least "/". */
  path: string = "/";
  /** Query without "?", possibly empty. */
  query: string = "";

  /** :path for an HTTP request to this URL. */
  pathAndQuery(): string {
    return this.query.length > 0 ? this.path + "?" + this.query : this.path;
  }

  /** scheme://authority, the origin (RFC 6454 §4), for exact comparisons. */
  origin(): string {
    return this.scheme + "://" + this.authority;
  }

  isLoopback(): bool {
    return this.host == "127.0.0.1" || this.host == "localhost" || this.host == "[::1]";
  }

  toString(): string {
    return this.origin() + this.pathAndQuery();
  }
}

function isHostChar(c: i32): bool {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x2d || c == 0x2e;
}

/** Parses an absolute http or https URL; null when it is anything else or malformed. */
export function parseAbsoluteUrl(input: string): AbsoluteUrl | null {
  if (input.length == 0 || input.length > 2048) return null;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c == 0x5c || c == 0x23) return null;
  }
  const u = new AbsoluteUrl();
  let rest: string;
  if (input.startsWith("https://")) { u.scheme = "https"; rest = input.substring(8); u.port = 443; }
  else if (input.startsWith("http://")) { u.scheme = "http"; rest = input.substring(7); u.port = 80; }
  else return null;
  let slash = rest.indexOf("/");
  const q = rest.indexOf("?");
  if (q >= 0 && (slash < 0 || q < slash)) slash = q;
  const authority = slash < 0 ? rest : rest.substring(0, slash);
  const tail = slash < 0 ? "" : rest.substring(slash);
  if (authority.length == 0 || authority.includes("@")) return null;
  let host = authority.toLowerCase();
  let portText = "";
  if (host.startsWith("[")) {
    const close = host.indexOf("]");
    if (close < 0) return null;
    portText = host.substring(close + 1);
    host = host.substring(0, close + 1);
    if (portText.length > 0) {
      if (!portText.startsWith(":")) return null;
      portText = portText.substring(1);
    }
  } else {
    const colon = host.indexOf(":");
    if (colon >= 0) {
      portText = host.substring(colon + 1);
      host = host.substring(0, colon);
    }
    if (host.length == 0) return null;
    for (let i = 0; i < host.length; i++) if (!isHostChar(host.charCodeAt(i))) return null;
    if (host.startsWith(".") || host.endsWith(".") || host.includes("..")) return null;
  }
  if (portText.length > 0) {
    if (portText.length > 5) return null;
    let port = 0;
    for (let i = 0; i < portText.length; i++) {
      const c = portText.charCodeAt(i);
      if (c < 0x30 || c > 0x39) return null;
      port = port * 10 + (c - 0x30);
    }
    if (port < 1 || port > 65535) return null;
    u.port = port;
  }
  u.host = host;
  const defaultPort = u.scheme == "https" ? 443 : 80;
  u.authority = u.port == defaultPort ? host : host + ":" + u.port.toString();
  if (tail.length == 0) return u;
  const qi = tail.indexOf("?");
  u.path = qi < 0 ? tail : tail.substring(0, qi);
  if (u.path.length == 0) u.path = "/";
  u.query = qi < 0 ? "" : tail.substring(qi + 1);
  return u;
}

/** Envoy cluster name Istio creates for a ServiceEntry host and port (outbound|port||host). */
export function istioClusterName(u: AbsoluteUrl): string {
  return "outbound|" + u.port.toString() + "||" + u.host;
}
