// The fake time source: a wall clock tests may set or advance, a monotonic clock that only
// advances, and Envoy-style tick timers (one per root context, re-armed after each tick).
const NS_PER_MS = 1_000_000n;

export class FakeClock {
  realtimeNs: bigint;
  monotonicNs = 1_000_000_000n;
  private readonly timers = new Map<number, { periodMs: number; nextNs: bigint }>();

  constructor(nowMs: number) {
    this.realtimeNs = BigInt(nowMs) * NS_PER_MS;
  }

  get nowMs(): number {
    return Number(this.realtimeNs / NS_PER_MS);
  }

  /** Jumps the wall clock only (as an NTP step would). */
  setTime(ms: number): void {
    this.realtimeNs = BigInt(ms) * NS_PER_MS;
  }

  /** Moves both clocks forward to an absolute wall-clock time. */
  moveTo(ns: bigint): void {
    if (ns > this.realtimeNs) this.monotonicNs += ns - this.realtimeNs;
    this.realtimeNs = ns;
  }

  msToNs(ms: number): bigint {
    return BigInt(ms) * NS_PER_MS;
  }

  /** set_tick_period_milliseconds: (re)starts the timer; 0 stops it. */
  setTickPeriod(rootId: number, ms: number): void {
    this.timers.set(rootId, { periodMs: ms, nextNs: this.realtimeNs + this.msToNs(ms) });
  }

  tickPeriodMs(rootId: number): number {
    return this.timers.get(rootId)?.periodMs ?? 0;
  }

  removeTimer(rootId: number): void {
    this.timers.delete(rootId);
  }

  clearTimers(): void {
    this.timers.clear();
  }

  /** The earliest due tick at or before limitNs. */
  nextTick(limitNs: bigint): { rootId: number; atNs: bigint } | null {
    let best: { rootId: number; atNs: bigint } | null = null;
    for (const [rootId, t] of this.timers) {
      if (t.periodMs > 0 && t.nextNs <= limitNs && (best === null || t.nextNs < best.atNs)) best = { rootId, atNs: t.nextNs };
    }
    return best;
  }

  /** After a tick ran: re-arm from now, unless the module reset the timer during the tick. */
  rearm(rootId: number, firedAtNs: bigint): void {
    const t = this.timers.get(rootId);
    if (t !== undefined && t.nextNs === firedAtNs) t.nextNs = this.realtimeNs + this.msToNs(t.periodMs);
  }

  /**
   * Moves both clocks forward by `ms`, stopping at each due tick or call timeout in time order so
   * that the module sees the clock at the moment the event fires.
   */
  advance(ms: number, events: {
    nextTimeout(limitNs: bigint): { token: number; atNs: bigint } | null;
    timeout(token: number): void;
    tick(rootId: number): void;
    vmFailed(): boolean;
  }): void {
    const target = this.realtimeNs + this.msToNs(ms);
    for (;;) {
      const tick = this.nextTick(target);
      const call = events.nextTimeout(target);
      if (tick === null && call === null) break;
      if (call !== null && (tick === null || call.atNs < tick.atNs)) {
        this.moveTo(call.atNs);
        events.timeout(call.token);
      } else {
        this.moveTo(tick!.atNs);
        events.tick(tick!.rootId);
        this.rearm(tick!.rootId, tick!.atNs);
        if (events.vmFailed()) this.clearTimers(); // Envoy stops calling a failed VM
      }
    }
    this.moveTo(target);
  }
}
