#!/usr/bin/env node
/**
 * The kosmo-sinch binary (package.json "bin"; the e2e tests spawn it): starts the sandbox worker for `lua`
 * before anything else is loaded, then runs the command line (program.ts) from the CLI's bundle, one file
 * compiled with V8's code cache (scripts/bundle.js; issue #14, cold start), or from its modules when no
 * bundle was built (running from src/).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

type Program = typeof import('./program');

/** The bundle of program.ts and what the `lua` path loads at start (commander, the output, the notices). */
function loadProgram(): Program {
  const bundle = join(__dirname, 'cli.bundle.js');
  if (__filename.endsWith('.js') && existsSync(bundle)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runBundle } = require('../startup/code-cache') as typeof import('../startup/code-cache');
    // The bundle requires what it leaves outside (src/host's script runner, src/errors, the other commands'
    // layers) by paths relative to this directory, with this module's require.
    return runBundle(bundle, require).exports as Program;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./program') as Program;
}

if (require.main === module) {
  // `kosmo-sinch lua`: the worker first, even before the argument parser (src/host/script-runner.ts,
  // prestartSandbox; issue #5, cold start). The bundle leaves the script runner outside so that its `lua`
  // command takes this prestarted worker.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (process.argv[2] === 'lua') (require('../host/script-runner') as typeof import('../host/script-runner')).prestartSandbox();
  loadProgram()
    .main(process.argv)
    .then(
      (code) => process.exit(code),
      () => process.exit(1), // EXIT_FAILED (usage-error.ts), not loaded here
    );
}
