// Errors are values. AssemblyScript has no try/catch: a throw aborts the VM and fails every request
// on that Envoy worker. Every function that reads input from a browser or an IdP returns a Result
// (or a nullable with an error out-parameter) instead of throwing.

export class Result<T> {
  constructor(
    public readonly value: T | null,
    public readonly error: string,
  ) {}

  get ok(): bool {
    return this.error.length == 0;
  }

  static ok<T>(value: T): Result<T> {
    return new Result<T>(value, "");
  }

  static err<T>(error: string): Result<T> {
    return new Result<T>(null, error.length == 0 ? "error" : error);
  }

  /** The value of a successful result. Call only after checking `ok`. */
  unwrap(): T {
    return changetype<T>(this.value);
  }
}
