/**
 * Host modules a bundled worker carries inside itself (issue #14, start-up): a worker bundle registers its
 * host module under the path a HostSpec names it by, so that the worker takes the bundled copy instead of
 * loading the module (and everything under it) again from separate files.
 */
const provided = new Map<string, unknown>();

/** Register `exports` as the module at `path` (an absolute file path, as HostSpec.module gives it). */
export function provideHostModule(path: string, exports: unknown): void {
  provided.set(path, exports);
}

/** The module at `path`: the registered copy, else `require(path)`. */
export function hostModule(path: string): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (provided.get(path) ?? require(path)) as Record<string, unknown>;
}
