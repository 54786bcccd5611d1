// What tests observe about the VM: logs, host-detected bugs, traps, memory, and ABI-level access.
// FakeHost extends this class.
import { LOG_LEVEL_NAMES, type LogLevelName } from "./abi.ts";
import type { Bug, LogEntry, TrapInfo, VmCore } from "./core.ts";

export abstract class HostObservations {
  abstract readonly vm: VmCore;

  get logs(): LogEntry[] {
    return this.vm.logs;
  }

  /** Every log message (proxy_log and stdout/stderr), one per line: grep it for secrets. */
  logText(): string {
    return this.vm.logs.map((l) => l.message).join("\n");
  }

  logsAtLeast(level: LogLevelName): LogEntry[] {
    const min = LOG_LEVEL_NAMES.indexOf(level);
    return this.vm.logs.filter((l) => l.level >= min);
  }

  get bugs(): Bug[] {
    return this.vm.bugs;
  }

  assertNoBugs(): void {
    if (this.vm.bugs.length > 0) {
      throw new Error(`host detected ${this.vm.bugs.length} bug(s):\n  ${this.vm.bugs.map((b) => `${b.kind} (context ${b.contextId}, during ${b.during}): ${b.message}`).join("\n  ")}`);
    }
  }

  get trapped(): TrapInfo | null {
    return this.vm.trapped;
  }

  get alive(): boolean {
    return this.vm.trapped === null;
  }

  assertAlive(): void {
    const t = this.vm.trapped;
    if (t !== null) {
      const tail = this.logsAtLeast("error").slice(-3).map((l) => l.message).join(" | ");
      throw new Error(`VM trapped in ${t.call} (context ${t.contextId}): ${t.message}${tail ? ` — last errors: ${tail}` : ""}`);
    }
  }

  /** Linear memory size in bytes (grows only): compare across many requests to spot leaks. */
  get memoryBytes(): number {
    return this.vm.memory.byteLength;
  }

  /** Low-level access for ABI tests: run a host function as if the module called it in `contextId`. */
  callHostFunction(contextId: number, name: string, ...args: (number | bigint)[]): number {
    return this.vm.callHostFunction(contextId, name, args);
  }

  /** Copies bytes (a string as UTF-8) into module memory through its malloc; returns the pointer. */
  allocate(data: string | Uint8Array): number {
    return this.vm.memory.allocateCopy(typeof data === "string" ? Buffer.from(data, "utf8") : data);
  }
}
