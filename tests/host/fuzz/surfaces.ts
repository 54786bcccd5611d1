// Every input surface the fuzzer drives, and how a total count is shared out among them.
import type { Surface } from "./surface.ts";
import { cookieSurface } from "./surface-cookie.ts";
import { requestSurface } from "./surface-request.ts";
import { tokenSurface } from "./surface-token.ts";
import { sealedSurface } from "./surface-sealed.ts";
import { jwksSurface } from "./surface-jwks.ts";
import { discoverySurface } from "./surface-discovery.ts";
import { configSurface } from "./surface-config.ts";

export const SURFACES: readonly Surface[] = [cookieSurface, requestSurface, tokenSurface, sealedSurface, jwksSurface, discoverySurface, configSurface];

export function surfaceByName(name: string): Surface {
  const s = SURFACES.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no surface "${name}" (have: ${SURFACES.map((x) => x.name).join(", ")})`);
  return s;
}

/** Splits `total` by the surfaces' shares (rounding into the largest), optionally over a subset. */
export function shareOut(total: number, surfaces: readonly Surface[] = SURFACES): Map<Surface, number> {
  const sum = surfaces.reduce((a, s) => a + s.share, 0);
  const out = new Map<Surface, number>();
  let given = 0;
  for (const s of surfaces) {
    const n = Math.floor((total * s.share) / sum);
    out.set(s, n);
    given += n;
  }
  const largest = [...surfaces].sort((a, b) => b.share - a.share)[0];
  out.set(largest, out.get(largest)! + (total - given));
  return out;
}
