// proxy-runtime 0.1.8 was written for AssemblyScript 0.14's reference-counting runtime and imports
// `__retain`/`__release` from "rt/index-full". AssemblyScript 0.27 has a tracing GC instead, so the
// closest meaning is pin/unpin: a buffer the host asked us to allocate (malloc) must survive until
// the runtime has taken a managed reference to it (toArrayBuffer, which then calls free).
export function __retain(ptr: usize): usize {
  if (ptr == 0) return 0;
  return __pin(ptr);
}

export function __release(ptr: usize): void {
  if (ptr == 0) return;
  __unpin(ptr);
}
