// Small answers a person can read (HTML for a browser navigation) or a program can parse (JSON for
// XHR/API clients). They never carry a secret, token, code or raw IdP text: only fixed messages
// and, where useful, IdP-supplied text that is escaped first (security.md B.21).

import { Decision } from "./decision";
import { Request } from "./request";
import { joinStrings } from "../encoding/join";

/** Escapes text for an HTML text node or a double-quoted attribute. */
export function htmlEscape(s: string): string {
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x26 || c == 0x3c || c == 0x3e || c == 0x22 || c == 0x27) { plain = false; break; }
  }
  if (plain) return s;
  const parts = new Array<string>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x26) parts.push("&amp;");
    else if (c == 0x3c) parts.push("&lt;");
    else if (c == 0x3e) parts.push("&gt;");
    else if (c == 0x22) parts.push("&quot;");
    else if (c == 0x27) parts.push("&#39;");
    else parts.push(String.fromCharCode(c));
  }
  return joinStrings(parts, "");
}

/** A JSON string literal for ASCII-safe output: quotes, backslashes and controls escaped. */
export function jsonString(s: string): string {
  const parts = new Array<string>();
  parts.push('"');
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x22) parts.push('\\"');
    else if (c == 0x5c) parts.push("\\\\");
    else if (c < 0x20 || c == 0x2028 || c == 0x2029 || c == 0x3c || c == 0x3e || c == 0x26) {
      const hex = c.toString(16);
      parts.push("\\u" + "0000".substring(hex.length) + hex);
    } else parts.push(String.fromCharCode(c));
  }
  parts.push('"');
  return joinStrings(parts, "");
}

const PAGE_HEAD = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>';
const PAGE_STYLE =
  "</title><style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}" +
  "h1{font-size:1.4rem}p{line-height:1.5}a{color:#0645ad}</style></head><body><h1>";

/**
 * An error answer. `code` is a stable machine-readable word; `title` and `message` are fixed text
 * (message may include IdP text, which is escaped here). `retryPath`, when given, becomes a link.
 */
export function errorPage(req: Request, status: i32, code: string, title: string, message: string, retryPath: string): Decision {
  if (!req.isBrowserNavigation()) {
    const body = '{"error":' + jsonString(code) + ',"message":' + jsonString(message) + "}";
    return Decision.respond(status, "application/json", body, code);
  }
  let html = PAGE_HEAD + htmlEscape(title) + PAGE_STYLE + htmlEscape(title) + "</h1><p>" + htmlEscape(message) + "</p>";
  if (retryPath.length > 0) html += '<p><a href="' + htmlEscape(retryPath) + '">Try again</a></p>';
  html += "</body></html>";
  const d = Decision.respond(status, "text/html; charset=utf-8", html, code);
  // The page must not leak the callback URL (code, state) to other sites (RFC 9700 §4.2.4).
  d.addResponseHeader("referrer-policy", "no-referrer");
  d.addResponseHeader("x-content-type-options", "nosniff");
  return d;
}
