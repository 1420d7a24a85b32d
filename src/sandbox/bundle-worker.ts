/**
 * The entry of a worker started from a bundle (HostSpec.worker; src/sandbox/pool.ts): runs the bundle with
 * V8's code cache (src/startup/code-cache.ts). With `produceCodeCache` in its workerData (scripts/bundle.js, at build
 * time), it saves the cache when told to (`{type: 'write-code-cache'}`), after the scripts that warm it ran.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runBundle, writeCodeCache } from '../startup/code-cache';

const data = workerData as { bundle: string; produceCodeCache?: boolean };
const loaded = runBundle(data.bundle, require);
if (data.produceCodeCache) {
  parentPort!.on('message', (message: { type: string }) => {
    if (message.type !== 'write-code-cache') return;
    const bytes = writeCodeCache(data.bundle, loaded.script);
    parentPort!.postMessage({ type: 'code-cache-written', bytes, hadCache: loaded.cached });
  });
}
