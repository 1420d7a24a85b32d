/** How a command ends badly (docs/contract.md, "Exit codes"). */
import type { ErrorCode, ErrorDetail } from '../errors';

/** A command-line usage mistake: exit code 2, `usage_error` under --json. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * A command that could not do its job for a reason outside the script (the emulator's port is taken):
 * exit code 1, the message on stderr, `{code, message}` under --json.
 */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';

  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  toJSON(): Record<string, ErrorDetail> {
    return { code: this.code, message: this.message };
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
