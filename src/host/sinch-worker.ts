/**
 * The sandbox worker of the Sinch host as one file (issue #14, start-up): `npm run build` bundles this entry
 * with src/sandbox/worker.ts, src/host/sinch-host.ts and what they load (fengari, zod) into
 * `dist/host/sinch-worker.bundle.js` (scripts/bundle.js), which src/host/script-runner.ts hands the pool as
 * HostSpec.worker. Starting a worker then reads two files (the bundle and its code cache) instead of
 * resolving, reading and compiling a few hundred modules.
 */
import { join } from 'node:path';
import { provideHostModule } from '../sandbox/host-modules';
import * as sinchHost from './sinch-host';

// The host module under the path script-runner.ts names it by (this file sits beside sinch-host.js in dist/).
provideHostModule(join(__dirname, 'sinch-host.js'), sinchHost);
// Then the worker itself (a require, so that it runs after the host module is provided).
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../sandbox/worker');
