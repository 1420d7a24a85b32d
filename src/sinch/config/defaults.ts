/** Defaults of an account's configuration, in a module of their own: the embedded emulator's accounts need them without the configuration file's schema (zod), which a sandbox worker would otherwise build at every start (issue #14). */
export const DEFAULT_TIMEOUT_MS = 30_000;
