/**
 * Where the accounts configuration comes from, found without reading or validating it (README.md,
 * "Configuration"; issue #10 item 3, config trust). The first of:
 *
 *   1. `--config PATH`                                   trusted (must exist)
 *   2. `$KOSMO_SINCH_CONFIG`                             trusted (must exist)
 *   3. `$XDG_CONFIG_HOME/kosmo-sinch/config.json`        trusted: the user's own file (default `~/.config/...`)
 *   4. `SINCH_*` variables defining the `default` account trusted: the user's own environment
 *   5. `./kosmo-sinch.json` in the working directory     restricted
 *   6. nothing (the CLI then uses the embedded emulator)
 *
 * Why: the working directory is often a repository the user (or their agent) did not write. Before, its
 * `./kosmo-sinch.json` came before the user's own file, so a repository could turn the user's `write: "deny"`
 * into `"allow"`, and with `${VAR}` and `sms_base_url` send the user's secrets over http to any host. Now it
 * is used only when the user has configured nothing, and even then it may not loosen a policy beyond the
 * defaults (write `"allow"` counts as `"ask"`) nor point base URLs anywhere but Sinch's hosts or loopback
 * (load-accounts.ts applies both). `--config ./kosmo-sinch.json` trusts it explicitly. A working-directory
 * file that is ignored or restricted is announced (announce.ts).
 *
 * Kept apart from load-accounts.ts, and free of zod, so that `kosmo-sinch lua` can decide whether to start
 * the embedded emulator, and announce the source, without loading the schema library in the main thread
 * (issue #5, cold start): the sandbox worker reads and validates the configuration anyway.
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

/** How the file in force was found: `--config`, `$KOSMO_SINCH_CONFIG`, the user's file, or the working directory. */
export type ConfigOrigin = 'flag' | 'variable' | 'user' | 'working_directory';

export interface ConfigLocation {
  readonly source: ConfigSource;
  /** The file in force, when `source` is `file`. */
  readonly path?: string;
  /** How that file was found, when `source` is `file`. */
  readonly origin?: ConfigOrigin;
  /** A `./kosmo-sinch.json` that exists but is not used because a trusted source comes first. */
  readonly ignoredLocalFile?: string;
}

/**
 * The environment variables of an environment-only configuration (the `default` account), by file field.
 * Each is `SINCH_` and the field's path in capitals (`permissions.write` → `SINCH_PERMISSIONS_WRITE`).
 */
export const ENV_VARIABLES = {
  service_plan_id: 'SINCH_SERVICE_PLAN_ID',
  api_token: 'SINCH_API_TOKEN',
  region: 'SINCH_REGION',
  project_id: 'SINCH_PROJECT_ID',
  key_id: 'SINCH_KEY_ID',
  key_secret: 'SINCH_KEY_SECRET',
  sms_base_url: 'SINCH_SMS_BASE_URL',
  numbers_base_url: 'SINCH_NUMBERS_BASE_URL',
  auth_base_url: 'SINCH_AUTH_BASE_URL',
  timeout_ms: 'SINCH_TIMEOUT_MS',
  'permissions.read': 'SINCH_PERMISSIONS_READ',
  'permissions.write': 'SINCH_PERMISSIONS_WRITE',
} as const;

export type EnvField = keyof typeof ENV_VARIABLES;

/**
 * Variables that define the `default` account by themselves: credentials and hosts (so that a lone
 * `SINCH_SMS_BASE_URL` is an account that says what it lacks, not silently ignored — issue #16 item 1).
 * `SINCH_REGION`, `SINCH_TIMEOUT_MS` and `SINCH_PERMISSIONS_*` only tune it: they are often set for other tools.
 */
const DEFINING_FIELDS: readonly EnvField[] = [
  'service_plan_id',
  'api_token',
  'project_id',
  'key_id',
  'key_secret',
  'sms_base_url',
  'numbers_base_url',
  'auth_base_url',
];

/** The user's own file: `$XDG_CONFIG_HOME/kosmo-sinch/config.json`, default `~/.config/kosmo-sinch/config.json`. */
export function userConfigFile(env: NodeJS.ProcessEnv, home?: string): string {
  const xdg = env.XDG_CONFIG_HOME || path.join(home ?? os.homedir(), '.config');
  return path.join(xdg, 'kosmo-sinch', 'config.json');
}

/** Whether a `SINCH_*` variable that makes an account by itself is set. */
export function envDefinesAccount(env: NodeJS.ProcessEnv): boolean {
  return DEFINING_FIELDS.some((field) => Boolean(env[ENV_VARIABLES[field]]));
}

/** Where the accounts come from. Throws `not_configured` for a file named by `--config` or the variable that does not exist. */
export function locateConfig(options: LoadAccountsOptions = {}): ConfigLocation {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const local = path.join(cwd, 'kosmo-sinch.json');
  const localExists = fs.existsSync(local);
  const trusted = (location: ConfigLocation): ConfigLocation =>
    localExists && location.path !== local ? { ...location, ignoredLocalFile: local } : location;

  // Named explicitly: a missing file is an error, not a reason to fall back silently.
  for (const [named, how, origin] of [
    [options.configPath, '--config', 'flag'],
    [env.KOSMO_SINCH_CONFIG, '$KOSMO_SINCH_CONFIG', 'variable'],
  ] as const) {
    if (!named) continue;
    const resolved = path.resolve(cwd, named);
    if (!fs.existsSync(resolved)) {
      throw new IntegrationError('not_configured', `Sinch config file ${resolved} (from ${how}) does not exist`, {
        path: resolved,
      });
    }
    return trusted({ source: 'file', path: resolved, origin });
  }
  const user = userConfigFile(env, options.home);
  if (fs.existsSync(user)) return trusted({ source: 'file', path: user, origin: 'user' });
  if (envDefinesAccount(env)) return trusted({ source: 'env' });
  if (localExists) return { source: 'file', path: local, origin: 'working_directory' };
  return { source: 'none' };
}

/** The configuration file in force, if any. */
export function findConfigFile(options: LoadAccountsOptions = {}): string | undefined {
  return locateConfig(options).path;
}

/** Where the accounts would be loaded from. Throws `not_configured` for a named file that does not exist. */
export function configSource(options: LoadAccountsOptions = {}): ConfigSource {
  return locateConfig(options).source;
}
