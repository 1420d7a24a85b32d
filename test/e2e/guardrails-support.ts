/**
 * Guardrails end to end: a config with guarded emulator accounts over either store (a SQLite file in a
 * temporary directory, or the suite's own redis-server), and the store opened from the test to read the
 * ledger and the budgets (test/guardrails/redis-server.ts starts the server).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type GuardrailStore, type StoreConfig } from '../../src/guardrails';
import { useRedis } from '../guardrails/redis-server';
import { emulatorAccount } from './harness';

export type StoreKind = 'sqlite' | 'redis';

export interface GuardedSetup {
  /** A fresh store configuration (a new SQLite file, or a new Redis key prefix): tests do not share state. */
  store(): StoreConfig;
  /** Opens `config` from the test (closed after the test). */
  open(config: StoreConfig): GuardrailStore;
  /** The config file's contents: `default` on emulator plan 1 with `guardrails`, over `store`. */
  config(url: string, guardrails: unknown, store: StoreConfig): Record<string, unknown>;
  /** Writes `config` to a file of its own (for `--config` and in-process hosts). */
  configFile(config: unknown): string;
}

export function useGuardedSetup(kind: StoreKind): GuardedSetup {
  const redis = kind === 'redis' ? useRedis() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'kosmo-guard-e2e-'));
  const opened: GuardrailStore[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    store: () =>
      redis !== undefined
        ? { type: 'redis', url: redis.url(), prefix: `e2e-${randomUUID().slice(0, 8)}:` }
        : { type: 'sqlite', path: join(dir, `${randomUUID()}.sqlite`) },
    open: (config) => {
      const store = openStore(config);
      opened.push(store);
      return store;
    },
    config: (url, guardrails, store) => ({ accounts: { default: emulatorAccount(url, 1, { guardrails }) }, guardrails_store: store }),
    configFile: (config) => {
      const file = join(dir, `${randomUUID()}.json`);
      writeFileSync(file, JSON.stringify(config));
      return file;
    },
  };
}

/** The UTC day of a time: a budget test that crosses midnight UTC sees two daily windows. */
export const utcDay = (ms = Date.now()) => Math.floor(ms / 86_400_000);
