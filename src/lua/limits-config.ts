/** Per-run limits and their defaults (dependency-free: the sandbox pool imports it in the main thread). */

export interface RunLimits {
  /** Wall-clock budget for the whole run. */
  readonly timeoutMs: number;
  /** VM instructions (counted in steps of the hook interval). */
  readonly maxInstructions: number;
  /** Bytes of printed output kept; printing past it ends the run. */
  readonly maxOutputBytes: number;
  /** Largest single string, and total live Lua memory (strings and tables), in bytes. */
  readonly memoryLimitBytes: number;
}

export const DEFAULT_LIMITS: RunLimits = {
  timeoutMs: 30_000,
  maxInstructions: 1_000_000_000,
  maxOutputBytes: 1024 * 1024,
  memoryLimitBytes: 32 * 1024 * 1024,
};
