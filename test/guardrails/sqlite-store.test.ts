/** The store conformance suite (store-conformance.ts) against the embedded SQLite store. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, StoreUnavailable } from '../../src/guardrails';
import { storeConformance } from './store-conformance';

describe('the SQLite store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kosmo-guard-sqlite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'state', 'guardrails.sqlite');

  storeConformance(() => ({
    open: () => openStore({ type: 'sqlite', path }),
    unreachable: () => {
      // A path under a plain file: the directory cannot be made.
      const file = join(dir, 'not-a-directory');
      writeFileSync(file, '');
      try {
        return openStore({ type: 'sqlite', path: join(file, 'guardrails.sqlite') });
      } catch (error) {
        if (error instanceof StoreUnavailable) return error;
        throw error;
      }
    },
  }));
});
