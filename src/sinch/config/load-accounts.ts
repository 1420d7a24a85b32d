/**
 * Finding and reading the accounts configuration (docs/contract.md, "Accounts configuration"):
 * first found of `--config PATH`, `$KOSMO_SINCH_CONFIG`, `./kosmo-sinch.json`,
 * `$XDG_CONFIG_HOME/kosmo-sinch/config.json` (default `~/.config/...`); with no file, `SINCH_*` variables
 * define `default`; with neither, `source: 'none'` (the CLI then starts the embedded emulator).
 *
 * Errors are `not_configured` and name the file, the account and the field — never a value, which may be a
 * secret.
 */
import fs from 'node:fs';
import type { z } from 'zod';
import { IntegrationError } from '../../errors';
import type { Account, AccountDirectory } from '../../integration/types';
import { didYouMean } from '../../integration/suggest';
import { SMS_REGIONS, type SmsRegion } from '../../wire/oauth';
import { accountEntrySchema, configFileSchema, DEFAULT_TIMEOUT_MS, toAccountConfig, type SinchAccountConfig } from './account-config';
import { accountDirectory } from './account-directory';
import { ENV_FIELDS, findConfigFile, type LoadAccountsOptions } from './config-source';
import { expandEnv } from './expand-env';

export type { LoadAccountsOptions } from './config-source';

export interface LoadedAccounts {
  readonly accounts: AccountDirectory<SinchAccountConfig>;
  readonly source: 'file' | 'env' | 'none';
  /** The file read, when `source` is `file`. */
  readonly path?: string;
}

export function loadSinchAccounts(options: LoadAccountsOptions = {}): LoadedAccounts {
  const env = options.env ?? process.env;
  const file = findConfigFile(options, env);
  if (file) return { accounts: readConfigFile(file, env), source: 'file', path: file };
  const fromEnv = accountFromEnv(env);
  if (fromEnv) return { accounts: accountDirectory([fromEnv]), source: 'env' };
  return { accounts: accountDirectory([]), source: 'none' };
}

function readConfigFile(file: string, env: NodeJS.ProcessEnv): AccountDirectory<SinchAccountConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const why = error instanceof SyntaxError ? `is not valid JSON (${syntaxProblem(error, fs.readFileSync(file, 'utf8'))})` : 'cannot be read';
    throw new IntegrationError('not_configured', `Sinch config file ${file} ${why}`, { path: file });
  }
  const parsed = configFileSchema.safeParse(expandEnv(raw, env, file));
  if (!parsed.success) throw configError(file, parsed.error);

  const accounts: Account<SinchAccountConfig>[] = [];
  for (const [name, entry] of Object.entries(parsed.data.accounts)) {
    const { permissions, ...rest } = entry;
    accounts.push({ name, permissions, config: toAccountConfig(rest) });
  }
  return accountDirectory(accounts);
}

/**
 * What is wrong with the JSON, without V8's excerpt of the text: `Unexpected token 'C', ..."i_token": CANARY-TOK"...
 * is not valid JSON` quotes the file around the mistake — an unquoted secret, say. Positions become lines.
 */
function syntaxProblem(error: SyntaxError, text: string): string {
  const problem = error.message.replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '').replace(/ in JSON/, '').replace(/^Unexpected token '.+'$/s, 'Unexpected token');
  return problem.replace(/ at position (\d+)/, (_match, position: string) => {
    const before = text.slice(0, Number(position));
    const line = before.split('\n').length;
    return ` at line ${line}, column ${Number(position) - before.lastIndexOf('\n')}`;
  });
}

/** Zod issues as `file: accounts.work.region: ...`, with did-you-mean for misspelt fields. */
function configError(file: string, error: z.ZodError): IntegrationError {
  const lines = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.map(String).join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      // Fields that belong where the unknown one was: the file's top level, an account, or its permissions.
      const known =
        issue.path.length === 0 ? ['accounts'] : issue.path.length === 2 ? Object.keys(accountEntrySchema.shape) : ['read', 'write'];
      return issue.keys.map((key) => `${where}: unknown field "${key}"${didYouMean(key, known)}`).join('; ');
    }
    return `${where}: ${issue.message}`;
  });
  const first = error.issues[0];
  return new IntegrationError('not_configured', `Sinch config file ${file} is invalid: ${lines.join('; ')}`, {
    path: file,
    account: first && first.path[0] === 'accounts' && first.path.length > 1 ? String(first.path[1]) : null,
    field: first ? first.path.map(String).join('.') : null,
  });
}

/** `default` from `SINCH_*`, or undefined when no credential variable is set (SINCH_REGION alone is not an account). */
function accountFromEnv(env: NodeJS.ProcessEnv): Account<SinchAccountConfig> | undefined {
  const config: Record<string, unknown> = {};
  for (const [field, variable] of Object.entries(ENV_FIELDS)) {
    const value = env[variable];
    if (value) config[field] = value;
  }
  if (Object.keys(config).length === 0) return undefined;
  const region = (env.SINCH_REGION || 'us').toLowerCase();
  if (!(SMS_REGIONS as readonly string[]).includes(region)) {
    throw new IntegrationError(
      'not_configured',
      `SINCH_REGION must be one of ${SMS_REGIONS.join(', ')} (got "${env.SINCH_REGION}")`,
      { field: 'SINCH_REGION' },
    );
  }
  config.region = region as SmsRegion;
  config.timeout_ms = DEFAULT_TIMEOUT_MS;
  return { name: 'default', permissions: { read: 'allow', write: 'ask' }, config: config as unknown as SinchAccountConfig };
}
