/**
 * Where the accounts configuration comes from (docs/contract.md, "Accounts configuration"), found without reading
 * or validating it: first found of `--config PATH`, `$KOSMO_SINCH_CONFIG`, `./kosmo-sinch.json`,
 * `$XDG_CONFIG_HOME/kosmo-sinch/config.json` (default `~/.config/...`); with no file, `SINCH_*` variables;
 * else nothing.
 *
 * Kept apart from load-accounts.ts, and free of zod, so that `kosmo-sinch lua` can decide whether to start
 * the embedded emulator without loading the schema library in the main thread (issue #5, cold start):
 * the sandbox worker reads and validates the configuration anyway.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IntegrationError } from '../../errors';

export interface LoadAccountsOptions {
  /** `--config PATH`: must exist. */
  readonly configPath?: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default process.cwd() */
  readonly cwd?: string;
  /** @default os.homedir() */
  readonly home?: string;
}

export type ConfigSource = 'file' | 'env' | 'none';

/** Environment variables that define the `default` account when there is no file. */
export const ENV_FIELDS = {
  service_plan_id: 'SINCH_SERVICE_PLAN_ID',
  api_token: 'SINCH_API_TOKEN',
  project_id: 'SINCH_PROJECT_ID',
  key_id: 'SINCH_KEY_ID',
  key_secret: 'SINCH_KEY_SECRET',
} as const;

/** The configuration file in force, if any. A file named by `--config` or the variable must exist. */
export function findConfigFile(options: LoadAccountsOptions, env: NodeJS.ProcessEnv): string | undefined {
  const cwd = options.cwd ?? process.cwd();
  // Named explicitly: a missing file is an error, not a reason to fall back silently.
  for (const [named, how] of [
    [options.configPath, '--config'],
    [env.KOSMO_SINCH_CONFIG, '$KOSMO_SINCH_CONFIG'],
  ] as const) {
    if (!named) continue;
    const resolved = path.resolve(cwd, named);
    if (!fs.existsSync(resolved)) {
      throw new IntegrationError('not_configured', `Sinch config file ${resolved} (from ${how}) does not exist`, {
        path: resolved,
      });
    }
    return resolved;
  }
  const xdg = env.XDG_CONFIG_HOME || path.join(options.home ?? os.homedir(), '.config');
  for (const candidate of [path.join(cwd, 'kosmo-sinch.json'), path.join(xdg, 'kosmo-sinch', 'config.json')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Whether a `SINCH_*` credential variable is set (SINCH_REGION alone is not an account). */
export function envDefinesAccount(env: NodeJS.ProcessEnv): boolean {
  return Object.values(ENV_FIELDS).some((variable) => Boolean(env[variable]));
}

/** Where the accounts would be loaded from. Throws `not_configured` for a named file that does not exist. */
export function configSource(options: LoadAccountsOptions = {}): ConfigSource {
  const env = options.env ?? process.env;
  if (findConfigFile(options, env) !== undefined) return 'file';
  return envDefinesAccount(env) ? 'env' : 'none';
}
