// Host comparison for the callback: the browser must come back to the authority of redirect_url
// (security.md B.22, E.39). Lower-cased, a trailing dot removed, the scheme's default port dropped.

export function normalizeAuthority(authority: string, scheme: string): string {
  let a = authority.toLowerCase();
  let port = "";
  if (!a.startsWith("[")) {
    const colon = a.lastIndexOf(":");
    if (colon >= 0) {
      port = a.substring(colon + 1);
      a = a.substring(0, colon);
    }
  } else {
    const close = a.indexOf("]");
    if (close >= 0 && close + 1 < a.length && a.charCodeAt(close + 1) == 0x3a) {
      port = a.substring(close + 2);
      a = a.substring(0, close + 1);
    }
  }
  if (a.endsWith(".")) a = a.substring(0, a.length - 1);
  if ((scheme == "https" && port == "443") || (scheme == "http" && port == "80")) port = "";
  return port.length > 0 ? a + ":" + port : a;
}
