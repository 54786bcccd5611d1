// The IdP's metadata and keys as one worker's VM knows them, with an explicit state machine
// (design rule 4): Discovering → FetchingKeys → Ready, retried with exponential backoff while the
// IdP is unreachable. Pure bookkeeping: the root context performs the calls this asks for.

import { ProviderMetadata } from "../core/oidc/discovery";
import { Jwks } from "../core/jwt/jwks";

export enum Phase { Discovering, FetchingKeys, Ready }

/** First retry after 1 s, doubling up to a minute: quick recovery, no hammering of a down IdP. */
export const BACKOFF_START_MS: i64 = 1000;
export const BACKOFF_MAX_MS: i64 = 60_000;
/** Keys are refreshed hourly even without an unknown kid (OIDC Core §10.1.1 rotation). */
export const JWKS_MAX_AGE_MS: i64 = 3600_000;
/** An unknown kid may trigger at most one JWKS refetch per this interval (security.md G.49). */
export const KID_REFETCH_INTERVAL_MS: i64 = 10_000;

export class ProviderState {
  phase: Phase = Phase.Discovering;
  meta: ProviderMetadata | null = null;
  jwks: Jwks | null = null;
  /** A discovery or JWKS call is in flight (single-flight). */
  inFlight: bool = false;
  nextAttemptMs: i64 = 0;
  backoffMs: i64 = BACKOFF_START_MS;
  keysFetchedAtMs: i64 = 0;
  lastKidRefetchMs: i64 = -KID_REFETCH_INTERVAL_MS;
  lastError: string = "";

  /** Metadata to hand to requests: only once keys are known too, so logins can finish. */
  usableMeta(): ProviderMetadata | null {
    return this.jwks !== null ? this.meta : null;
  }

  failed(nowMs: i64, error: string): void {
    this.inFlight = false;
    this.lastError = error;
    this.nextAttemptMs = nowMs + this.backoffMs;
    this.backoffMs = min(this.backoffMs * 2, BACKOFF_MAX_MS);
  }

  discovered(meta: ProviderMetadata): void {
    this.meta = meta;
    this.phase = Phase.FetchingKeys;
    this.inFlight = false;
    this.nextAttemptMs = 0;
  }

  keysLoaded(jwks: Jwks, nowMs: i64): void {
    this.jwks = jwks;
    this.phase = Phase.Ready;
    this.inFlight = false;
    this.keysFetchedAtMs = nowMs;
    this.backoffMs = BACKOFF_START_MS;
    this.lastError = "";
  }

  /** What to fetch now, if anything: 1 = discovery, 2 = JWKS, 0 = nothing. */
  due(nowMs: i64): i32 {
    if (this.inFlight || nowMs < this.nextAttemptMs) return 0;
    if (this.phase == Phase.Discovering) return 1;
    if (this.phase == Phase.FetchingKeys) return 2;
    return nowMs - this.keysFetchedAtMs >= JWKS_MAX_AGE_MS ? 2 : 0;
  }

  /** Whether an unknown kid may trigger a refetch now (single-flight, rate-limited). */
  mayRefetchForKid(nowMs: i64): bool {
    return this.meta !== null && nowMs - this.lastKidRefetchMs >= KID_REFETCH_INTERVAL_MS;
  }
}
