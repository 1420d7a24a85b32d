/** A host factory for pool tests: loaded inside worker threads (through ts-node in tests). */
import { makeHost, type AccountSpec } from '../lua/helpers';
import type { Host } from '../../src/host/host';

export function createFakeHost(options: { accounts?: AccountSpec; fail?: boolean }): Host {
  if (options.fail) throw new Error('cannot build');
  return makeHost(options.accounts ?? { default: { label: 'in-worker' } });
}
