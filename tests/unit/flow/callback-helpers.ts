// Shared steps of the login specs (callback.spec.ts, finish-login.spec.ts, callback-hostile.spec.ts):
// start a login, come back to the callback with its state and login cookie, and answer the token
// call, all at the fixed time of the JWT fixtures.
import { decide, ProviderView } from "../../../assembly/core/oidc/flow";
import { finishLogin } from "../../../assembly/core/oidc/finish";
import { Decision, Continuation } from "../../../assembly/core/http/decision";
import { Request, Header } from "../../../assembly/core/http/request";
import { Config } from "../../../assembly/core/config/config";
import { parseJwks, Jwks } from "../../../assembly/core/jwt/jwks";
import { utf8Encode } from "../../../assembly/core/encoding/utf8";
import { ConfigBuilder, CounterEntropy, makeMeta, browserGet, header, headerValues, cookiePair, urlParam,
  CALLBACK_PATH, APP_HOST } from "./helpers";
import * as F from "./jwt-fixtures";

export const NOW = F.FX_NOW;

export function config(): Config { return new ConfigBuilder().build(); }
export function jwks(): Jwks { return parseJwks(utf8Encode(F.JWKS_MAIN))!; }
export function ready(issParam: bool = false): ProviderView { return new ProviderView(makeMeta(issParam), jwks()); }

/** A started login: its state and the "name=value" of its login cookie. */
export class Flow {
  constructor(public state: string, public cookie: string) {}
}

export function startFlow(cfg: Config, returnPath: string = "/app/page?x=1", firstCall: i32 = 0): Flow {
  const e = new CounterEntropy();
  e.calls = firstCall;
  const d = decide(cfg, ready(), browserGet(returnPath), NOW, e);
  return new Flow(urlParam(header(d, "location"), "state"), cookiePair(headerValues(d, "set-cookie")[0]));
}

export function callbackReq(query: string, cookie: string, method: string = "GET", authority: string = APP_HOST): Request {
  const h = new Array<Header>();
  h.push(new Header(":method", method));
  h.push(new Header(":path", CALLBACK_PATH + (query.length > 0 ? "?" + query : "")));
  h.push(new Header(":authority", authority));
  h.push(new Header(":scheme", "https"));
  h.push(new Header("accept", "text/html"));
  if (cookie.length > 0) h.push(new Header("cookie", cookie));
  return Request.fromHeaders(h);
}

export function callback(cfg: Config, req: Request, provider: ProviderView = ready(), now: i64 = NOW): Decision {
  return decide(cfg, provider, req, now, new CounterEntropy());
}

export function clears(d: Decision, cookieName: string): bool {
  const v = headerValues(d, "set-cookie");
  for (let i = 0; i < v.length; i++) if (v[i].startsWith(cookieName + "=;") && v[i].includes("Max-Age=0")) return true;
  return false;
}

/** The "name=value" of every cookie the answer sets, leaving out those it clears. */
export function setCookiePairs(d: Decision): Array<string> {
  const set = headerValues(d, "set-cookie");
  const pairs = new Array<string>();
  for (let i = 0; i < set.length; i++) if (!set[i].includes("Max-Age=0")) pairs.push(cookiePair(set[i]));
  return pairs;
}

export function nameOf(pair: string): string { return pair.substring(0, pair.indexOf("=")); }

/** The continuation of a valid callback, as the root would hold it while the token call runs. */
export function pending(cfg: Config, returnPath: string = "/app/page?x=1"): Continuation {
  const f = startFlow(cfg, returnPath);
  return callback(cfg, callbackReq("state=" + f.state + "&code=c", f.cookie)).continuation!;
}

export function tokenBody(idToken: string, extra: string = ""): Uint8Array {
  return utf8Encode('{"access_token":"' + F.FX_ACCESS_TOKEN + '","token_type":"Bearer","expires_in":300,"id_token":"' + idToken + '"' + extra + "}");
}

export function finish(cfg: Config, cont: Continuation, status: i32, body: Uint8Array, canRefetch: bool = true): Decision {
  return finishLogin(cfg, jwks(), cont, status, body, NOW, new CounterEntropy(), canRefetch);
}
