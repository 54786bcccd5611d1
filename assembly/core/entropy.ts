// Randomness comes into the core as an argument. The filter passes WASI random_get (Envoy's
// CSPRNG); tests pass a deterministic source so golden values are possible.

export abstract class Entropy {
  /** `n` fresh random bytes, or null when the source failed (the caller must fail closed). */
  abstract bytes(n: i32): Uint8Array | null;
}
