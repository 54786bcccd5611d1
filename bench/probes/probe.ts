// Probe modules: the floor (bench/noop) plus exactly one kind of host work per request, each the
// same work the filter does for a signed-in request. `bench/run.ts --probes` runs them beside
// (a), (b), (c) and the floor, so the filter's cost over the floor splits into reading the header
// map, the two header changes, reading the clock, and what remains: the filter's own logic.
import { RootContext, StreamRoot, FilterHeadersStatusValues } from "../../assembly/glue/runtime";
import * as host from "../../assembly/glue/host";

export const READ_HEADERS: i32 = 1;
export const WRITE_HEADERS: i32 = 2;
export const READ_CLOCK: i32 = 4;

// The size of the Authorization value the filter sets with the bench's session (an RS256 ID token).
const BEARER = "Bearer " + "x".repeat(900);

export class ProbeRoot extends StreamRoot {
  constructor(contextId: u32, private mode: i32) {
    super(contextId);
  }

  streamRequestHeaders(_streamId: u32, _endOfStream: bool): FilterHeadersStatusValues {
    // Each result is used, so the optimizer cannot drop the call.
    if ((this.mode & READ_HEADERS) != 0 && host.requestHeaders().length > 9999) return FilterHeadersStatusValues.StopIteration;
    if ((this.mode & WRITE_HEADERS) != 0) {
      host.replaceRequestHeader("authorization", BEARER);
      host.removeRequestHeader("cookie");
    }
    if ((this.mode & READ_CLOCK) != 0 && host.nowMs() == 1) return FilterHeadersStatusValues.StopIteration;
    return FilterHeadersStatusValues.Continue;
  }
}

export function probeFactory(mode: i32): (contextId: u32) => RootContext {
  if (mode == READ_HEADERS) return (contextId: u32): RootContext => new ProbeRoot(contextId, READ_HEADERS);
  if (mode == WRITE_HEADERS) return (contextId: u32): RootContext => new ProbeRoot(contextId, WRITE_HEADERS);
  return (contextId: u32): RootContext => new ProbeRoot(contextId, READ_CLOCK);
}
