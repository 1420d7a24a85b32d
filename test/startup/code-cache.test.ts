import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { cacheFileOf } from '../../src/startup/code-cache';

// A bundled worker runs through runBundle with V8's code cache (issue #14, start-up); the cache is an
// optimisation only: missing, corrupt or made for other source, the bundle runs the same. Each load is in a
// fresh worker, as in the pool: within one isolate V8 reuses what it compiled and would not read the cache.
interface Load {
  cached: boolean;
  rejected: boolean | undefined;
  exports: unknown;
}

function load(bundle: string, save = false): Promise<Load> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { runBundle, writeCodeCache } = require(${JSON.stringify(join(__dirname, '../../src/startup/code-cache.ts'))});
    const loaded = runBundle(workerData.bundle, require);
    if (workerData.save) writeCodeCache(workerData.bundle, loaded.script);
    parentPort.postMessage({ cached: loaded.cached, rejected: loaded.script.cachedDataRejected, exports: loaded.exports });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { bundle, save }, execArgv: ['-r', 'ts-node/register/transpile-only'] });
    worker.once('message', (message: Load) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('running a bundle with its code cache', () => {
  let dir: string;
  let bundle: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kosmo-code-cache-'));
    bundle = join(dir, 'bundle.js');
    writeFileSync(bundle, `module.exports = { answer: 6 * 7, where: [__filename, __dirname], sep: require('node:path').sep };`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the bundle as a CommonJS module with its file name, its directory and the given require', async () => {
    expect(await load(bundle)).toEqual({ cached: false, rejected: undefined, exports: { answer: 42, where: [bundle, dir], sep: '/' } });
  });

  it('takes the cache saved by an earlier load, and runs the same with a corrupt one', async () => {
    await load(bundle, true);
    expect(await load(bundle)).toMatchObject({ cached: true, rejected: false, exports: { answer: 42 } });
    writeFileSync(cacheFileOf(bundle), 'not a code cache');
    expect(await load(bundle)).toMatchObject({ cached: false, rejected: true, exports: { answer: 42 } });
  }, 60_000);

  it('reads a bundle that is not ASCII as UTF-8', async () => {
    writeFileSync(bundle, `module.exports = { text: 'héllo ✓ 😀' };`);
    expect(await load(bundle)).toMatchObject({ exports: { text: 'héllo ✓ 😀' } });
  });

  it('does not take a cache saved for another version of the bundle', async () => {
    await load(bundle, true);
    writeFileSync(bundle, `module.exports = { answer: 43 };`);
    expect(await load(bundle)).toMatchObject({ cached: false, rejected: true, exports: { answer: 43 } });
  }, 60_000);
});
