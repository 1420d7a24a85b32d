/**
 * Start-up from bundles (issue #14): runs a bundle (one CommonJS file made by scripts/bundle.js) with V8's
 * code cache. Knows only Node's fs, path and vm; imports nothing of the project, so every layer may use it
 * (the CLI's entry, the sandbox worker, the host's embedded emulator).
 *
 * Node 20 has no module compile cache (`module.enableCompileCache` came in Node 22), so a bundle is compiled
 * here through `vm.Script` with the bytecode `npm run build` saved beside it (`<bundle>.cache`,
 * scripts/bundle.js). V8 checks the cache against its version, flags and the source and compiles normally
 * when it does not match (`cachedDataRejected`): a stale cache costs time, never behaviour.
 */
import { isAscii } from 'node:buffer';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import vm from 'node:vm';

export interface LoadedBundle {
  readonly script: vm.Script;
  /** What the bundle exported (`module.exports`). */
  readonly exports: unknown;
  /** A cache was found and V8 took it. */
  readonly cached: boolean;
}

/** The file the code cache of `bundle` is kept in. */
export function cacheFileOf(bundle: string): string {
  return `${bundle}.cache`;
}

/**
 * Compile and run `bundle` as a CommonJS module (with its code cache when there is a usable one). `load` is
 * the `require` the bundle gets for what it leaves outside (Node's modules, lazily loaded packages): the
 * caller's own, which resolves them from the same node_modules (`module.createRequire` would load Node's ESM
 * loader into the worker at start-up).
 */
export function runBundle(bundle: string, load: NodeJS.Require): LoadedBundle {
  const bytes = readFileSync(bundle);
  // esbuild writes ASCII (it escapes everything else; scripts/bundle.js), and ASCII decodes as latin1 by a plain
  // copy: ~2 ms less than UTF-8's decoding for the 1.3 MB worker bundle (issue #14). Anything else as UTF-8.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFileOf(bundle));
  } catch {
    cachedData = undefined; // not built (yet): compile from source
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: bundle, cachedData });
  const module = { exports: {} as unknown, filename: bundle, id: bundle, loaded: false };
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  fn.call(module.exports, module.exports, load, module, bundle, dirname(bundle));
  module.loaded = true;
  return { script, exports: module.exports, cached: cachedData !== undefined && !script.cachedDataRejected };
}

/**
 * Save the bytecode of everything the bundle has compiled so far (V8 compiles functions lazily, on first
 * call: run the code paths worth caching first). Written beside the bundle, replacing any older cache at once.
 */
export function writeCodeCache(bundle: string, script: vm.Script): number {
  const data = script.createCachedData();
  const file = cacheFileOf(bundle);
  writeFileSync(`${file}.${process.pid}.tmp`, data);
  renameSync(`${file}.${process.pid}.tmp`, file);
  return data.length;
}
