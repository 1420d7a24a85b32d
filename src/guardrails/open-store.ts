/**
 * Opening the configured store (README.md, "Guardrails"): SQLite in the user's state directory unless the
 * configuration's `guardrails_store` says otherwise. The engines' modules — and their native or network
 * libraries — are required here, on first use, never at start-up: reads, and hosts without guardrails,
 * never load them (issue #5, cold start).
 */
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_RETENTION_DAYS, type StoreConfig } from './config';
import { StoreUnavailable, redisOrigin, type GuardrailStore } from './store';

/** `$XDG_STATE_HOME/kosmo-sinch/guardrails.sqlite`, default `~/.local/state/kosmo-sinch/guardrails.sqlite`. */
export function defaultSqlitePath(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  const state = env.XDG_STATE_HOME || path.join(home, '.local', 'state');
  return path.join(state, 'kosmo-sinch', 'guardrails.sqlite');
}

/** The store a configuration names (undefined: the default SQLite file), resolved to plain data. */
export function resolveStore(config: StoreConfig | undefined, env: NodeJS.ProcessEnv = process.env): StoreConfig {
  if (config === undefined) return { type: 'sqlite', path: defaultSqlitePath(env) };
  if (config.type === 'sqlite' && config.path === undefined) return { ...config, path: defaultSqlitePath(env) };
  return config;
}

/** Opens a store (throws StoreUnavailable when it cannot be opened). */
export function openStore(config: StoreConfig): GuardrailStore {
  const retentionDays = config.retention_days ?? DEFAULT_RETENTION_DAYS;
  if (config.type === 'redis') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { RedisStore } = require('./redis-store') as typeof import('./redis-store');
    return new RedisStore({ url: config.url, prefix: config.prefix ?? 'kosmo-sinch:', retentionDays });
  }
  const file = config.path ?? defaultSqlitePath();
  let SqliteStore: typeof import('./sqlite-store').SqliteStore;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    SqliteStore = (require('./sqlite-store') as typeof import('./sqlite-store')).SqliteStore;
  } catch {
    throw new StoreUnavailable(`the SQLite file ${file} (the better-sqlite3 module could not be loaded)`);
  }
  return new SqliteStore({ path: file, retentionDays });
}

/** What a configured store is, for messages: never a password. */
export function describeStore(config: StoreConfig): string {
  if (config.type === 'sqlite') return `sqlite:${config.path ?? defaultSqlitePath()}`;
  return redisOrigin(config.url);
}
