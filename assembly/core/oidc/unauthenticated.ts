// A request that needs authentication and has no usable session: a browser navigation goes to the
// IdP (at most one trip: the login cookie makes the callback self-contained), anything else gets
// 401, and nothing at all passes while the IdP's metadata is unknown (503).

import { Config } from "../config/config";
import { ProviderMetadata } from "./discovery";
import { Request } from "../http/request";
import { Decision } from "../http/decision";
import { errorPage } from "../http/pages";
import { Entropy } from "../entropy";
import { startLogin } from "./login";

export function unauthenticated(cfg: Config, meta: ProviderMetadata | null, req: Request, nowS: i64, entropy: Entropy): Decision {
  if (meta === null) {
    return errorPage(req, 503, "idp_not_ready", "Sign-in is unavailable",
      "The identity provider cannot be reached yet. Please try again shortly.", req.isBrowserNavigation() ? "/" : "");
  }
  if (!req.isBrowserNavigation()) {
    const d = errorPage(req, 401, "unauthenticated", "Sign-in required", "This request needs a signed-in session.", "");
    // RFC 6750 §3: tell API clients which scheme the gateway speaks.
    d.addResponseHeader("www-authenticate", "Bearer");
    return d;
  }
  return startLogin(cfg, meta, req, nowS, entropy);
}
