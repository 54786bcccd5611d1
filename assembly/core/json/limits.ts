// Bounds on what the JSON parser will build. Every limit is checked before the work or memory it
// guards is spent, so a hostile body (10^5 nested "[", a 1 MiB string, an object with 10^6 keys)
// costs at most a scan of its first few bytes past the limit.

export class JsonLimits {
  constructor(
    /** Longest accepted document, in bytes. Checked before any byte is read. */
    public readonly maxInputBytes: i32 = 1 << 20,
    /** Deepest nesting of arrays and objects; a top-level array or object is depth 1. */
    public readonly maxDepth: i32 = 32,
    /** Longest string (key or value), counted in bytes of source between the quotes. */
    public readonly maxStringBytes: i32 = 64 << 10,
    /** Most members in one object or elements in one array. */
    public readonly maxMembers: i32 = 10000,
    /** Most values in the whole document (bounds memory: each value is one small object). */
    public readonly maxValues: i32 = 100000,
  ) {}

  /** The same limits with a different input size (ID-token parts are far smaller than a JWKS). */
  withMaxInputBytes(bytes: i32): JsonLimits {
    return new JsonLimits(bytes, this.maxDepth, this.maxStringBytes, this.maxMembers, this.maxValues);
  }

  /** The same limits with a different nesting depth. */
  withMaxDepth(depth: i32): JsonLimits {
    return new JsonLimits(this.maxInputBytes, depth, this.maxStringBytes, this.maxMembers, this.maxValues);
  }
}

/** 1 MiB, depth 32, strings of 64 KiB, 10,000 members per container, 100,000 values in all. */
export const DEFAULT_LIMITS: JsonLimits = new JsonLimits();
