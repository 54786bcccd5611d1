// What every input surface provides, and what it may use: the host it runs on (read-only: time),
// the valid seeds of the current login, a counter for unique values, and shared request bits.
import type { FakeHost } from "../fake-host/host.ts";
import type { Rng } from "./prng.ts";
import type { Scenario, Pairs } from "./scenario.ts";
import type { Seeds } from "./seeds.ts";
import { mutateBytes, utf8 } from "./mutate.ts";

export interface FuzzContext {
  host: FakeHost;
  seeds: Seeds;
  /** Increases with every input: unique refresh tokens, cookie nonces. */
  serial: number;
}

export interface Surface {
  name: string;
  /** What it covers, for the report and docs/fuzzing.md. */
  covers: string;
  /** Share of the full run (the shares of all surfaces add up to 1). */
  share: number;
  /** True when its scenarios reconfigure the filter or reset the provider. */
  reconfigures: boolean;
  next(ctx: FuzzContext, rng: Rng): Scenario;
}

export const nowS = (ctx: FuzzContext): number => Math.floor(ctx.host.nowMs / 1000);

/** Request headers a browser, an XHR, an API client or a confused client would send. */
export function clientHeaders(rng: Rng): Pairs {
  switch (rng.int(6)) {
    case 0: case 1: return [["accept", "text/html,application/xhtml+xml"], ["sec-fetch-mode", "navigate"], ["sec-fetch-site", rng.pick(["none", "same-origin", "cross-site", "same-site"])], ["sec-fetch-dest", "document"]];
    case 2: return [["accept", "application/json"], ["x-requested-with", "XMLHttpRequest"]];
    case 3: return [["accept", "*/*"], ["sec-fetch-mode", "cors"], ["sec-fetch-site", "same-origin"]];
    case 4: return [["accept", "text/html"]];
    default: return [];
  }
}

const HEADER_NAMES = [
  "accept", "sec-fetch-mode", "sec-fetch-site", "sec-fetch-dest", "sec-fetch-user", "x-requested-with", "authorization",
  "cookie", "x-forwarded-user", "x-forwarded-email", "x-forwarded-access-token", "x-forwarded-preferred-username",
  "x-forwarded-groups", "x-jwt-payload", "x-auth-request-user", "x-auth-request-email", "x-auth-request-", "x-forwarded-host",
  "x-forwarded-proto", "x-forwarded-uri", "x-original-uri", "x-envoy-original-path", "forwarded", "host", "origin", "referer",
  "user-agent", "x-forwarded-for", "content-type", "content-length", "te", "upgrade", "x-request-id", ":path", ":method",
  ":authority", ":scheme", "", " ", "x".repeat(300),
];

const HEADER_VALUES = [
  "", " ", "text/html", "navigate", "cors", "no-cors", "same-origin", "cross-site", "same-site", "none", "XMLHttpRequest",
  "Bearer forged", "Bearer ", "Basic Zm9vOmJhcg==", "mallory", "https", "http", "evil.example", "/admin", "?1",
  "text/html;q=0", "TEXT/HTML", "*/*", "application/json", "\x00", "\r\n", "\xff\xfe", utf8("\u202e"),
];

/** Extra headers: spoofable identity headers, Fetch Metadata, repeats, odd names and values. */
export function extraHeaders(rng: Rng, count = rng.smallLength(6)): Pairs {
  const out: Pairs = [];
  for (let i = 0; i < count; i++) {
    const name = rng.chance(0.9) ? rng.pick(HEADER_NAMES) : mutateBytes(rng, rng.pick(HEADER_NAMES)).toLowerCase();
    const value = rng.chance(0.7) ? rng.pick(HEADER_VALUES) : mutateBytes(rng, rng.pick(HEADER_VALUES), { maxLength: 9000 });
    out.push([name, value]);
    if (rng.chance(0.1)) out.push([name, value]);
  }
  return out;
}
