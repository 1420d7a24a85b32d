/**
 * Reading the accounts configuration from where config-source.ts found it (README.md, "Configuration"):
 * a file, `SINCH_*` variables for an environment-only `default`, or nothing (`source: 'none'`: the CLI then
 * starts the embedded emulator).
 *
 * A file broken as a whole (not JSON, unknown top-level fields, bad account names) throws `not_configured`.
 * A broken account does not: it is listed, and a call under it raises `not_configured` with every problem it
 * has (issue #16 item 5). Errors name the file, the account and the field — never a value, which may be a
 * secret.
 */
import fs from 'node:fs';
import type { z } from 'zod';
import { IntegrationError } from '../../errors';
import type { AccountDirectory } from '../../integration/types';
import { didYouMean } from '../../integration/suggest';
import { configFileSchema } from './account-config';
import { accountDirectory } from './account-directory';
import { checkAccount, type CheckedAccount } from './check-account';
import { ENV_VARIABLES, locateConfig, type ConfigLocation, type ConfigSource, type LoadAccountsOptions } from './config-source';
import { problemLines, type BrokenAccount, type ConfigProblem } from './problems';
import { expandEnv } from './expand-env';
import { isLoopbackHost } from './base-url';
import type { StoreConfig } from '../../guardrails/config';
import type { SinchAccountConfig } from './account-config';

export type { LoadAccountsOptions } from './config-source';

export interface LoadedAccounts {
  /** Every configured account; broken ones are listed and raise their `not_configured` when called. */
  readonly accounts: AccountDirectory<SinchAccountConfig>;
  readonly source: ConfigSource;
  /** The file read, when `source` is `file`. */
  readonly path?: string;
  /** Where the configuration was found (how, and which working-directory file was ignored). */
  readonly location: ConfigLocation;
  /** Each account in configuration order: usable (with restrictions applied, if any) or broken. */
  readonly checked: readonly CheckedAccount[];
  /** The file's `guardrails_store` (`${VAR}` expanded), when it has one (src/guardrails/config.ts). */
  readonly guardrailsStore?: StoreConfig;
}

export function loadSinchAccounts(options: LoadAccountsOptions = {}): LoadedAccounts {
  const env = options.env ?? process.env;
  const location = locateConfig(options);
  let checked: CheckedAccount[] = [];
  let guardrailsStore: StoreConfig | undefined;
  if (location.source === 'file') ({ checked, guardrailsStore } = readConfigFile(location, env));
  if (location.source === 'env') checked = [accountFromEnv(env)];
  return {
    accounts: accountDirectory(checked.map((entry) => entry.account ?? entry.broken!)),
    source: location.source,
    ...(location.path !== undefined ? { path: location.path } : {}),
    location,
    checked,
    ...(guardrailsStore !== undefined ? { guardrailsStore } : {}),
  };
}

/** The broken accounts of a load, with what is wrong with each. */
export function brokenAccounts(loaded: LoadedAccounts): BrokenAccount[] {
  return loaded.checked.flatMap((entry) => (entry.broken ? [entry.broken] : []));
}

function readConfigFile(location: ConfigLocation, env: NodeJS.ProcessEnv): { checked: CheckedAccount[]; guardrailsStore?: StoreConfig } {
  const file = location.path!;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new IntegrationError('not_configured', `Sinch config file ${file} cannot be read`, { path: file });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new IntegrationError('not_configured', `Sinch config file ${file} is not valid JSON (${syntaxProblem(error as SyntaxError, text)})`, {
      path: file,
    });
  }
  const parsed = configFileSchema.safeParse(withStoreExpanded(file, raw, env));
  if (!parsed.success) throw fileError(file, parsed.error);
  const origin = { kind: 'file' as const, path: file, ...(location.origin === 'working_directory' ? { workingDirectory: true } : {}) };
  const guardrailsStore = parsed.data.guardrails_store;
  if (origin.workingDirectory === true && guardrailsStore !== undefined) checkLocalStore(file, guardrailsStore);
  const checked = Object.entries(parsed.data.accounts).map(([name, entry]) => checkAccount(name, entry, { env, origin }));
  return { checked, ...(guardrailsStore !== undefined ? { guardrailsStore } : {}) };
}

/**
 * `${VAR}` in the file's `guardrails_store` (a Redis URL with a password, say), expanded before the schema
 * checks it. A problem there breaks the file as a whole: every account shares the store.
 */
function withStoreExpanded(file: string, raw: unknown, env: NodeJS.ProcessEnv): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || !('guardrails_store' in raw)) return raw;
  const problems: ConfigProblem[] = [];
  const store = expandEnv((raw as Record<string, unknown>).guardrails_store, env, 'guardrails_store', problems);
  if (problems.length > 0) {
    throw new IntegrationError('not_configured', `Sinch config file ${file} is invalid: ${problemLines(problems).join('; ')}`, {
      path: file,
      field: problems[0].field,
    });
  }
  return { ...(raw as Record<string, unknown>), guardrails_store: store };
}

/**
 * A working-directory file may not send the ledger (phone numbers, bodies' hashes) to a Redis elsewhere — only
 * to one on this machine, as its base URLs may point only at Sinch or loopback (config-source.ts) — nor name
 * a file of the user's to keep it in: its SQLite store is the default file.
 */
function checkLocalStore(file: string, store: StoreConfig): void {
  if (store.type === 'sqlite') {
    if (store.path === undefined) return;
    throw new IntegrationError(
      'not_configured',
      `Sinch config file ${file} is invalid: guardrails_store.path may not be set in a working-directory file ` +
        '(the default file in your state directory is used; pass --config to trust it)',
      { path: file, field: 'guardrails_store.path' },
    );
  }
  let host = '';
  try {
    host = new URL(store.url).hostname;
  } catch {
    // Not a URL: the store reports it when it is opened.
  }
  if (!isLoopbackHost(host)) {
    throw new IntegrationError(
      'not_configured',
      `Sinch config file ${file} is invalid: guardrails_store.url may point only at a Redis on loopback (localhost, 127.0.0.1, [::1]), ` +
        'because the file is in the working directory (pass --config to trust it)',
      { path: file, field: 'guardrails_store.url' },
    );
  }
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

/** The file's structure is wrong (not its accounts' fields): `file: (top level): unknown field "acounts"...`. */
function fileError(file: string, error: z.ZodError): IntegrationError {
  const lines = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.map(String).join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      const known = issue.path.length === 0 ? ['accounts', 'guardrails_store'] : ['type', 'path', 'url', 'prefix', 'retention_days'];
      return issue.keys.map((key) => `${where}: unknown field "${key}"${didYouMean(key, known)}`).join('; ');
    }
    // zod's record-key issue says only "Invalid key in record".
    if (issue.code === 'invalid_key') return `${where}: account names are Lua identifiers (letters, digits and _), e.g. "work"`;
    return `${where}: ${issue.message}`;
  });
  const first = error.issues[0];
  return new IntegrationError('not_configured', `Sinch config file ${file} is invalid: ${lines.join('; ')}`, {
    path: file,
    field: first ? first.path.map(String).join('.') : null,
  });
}

/** `default` from `SINCH_*` variables (config-source.ts, ENV_VARIABLES). */
function accountFromEnv(env: NodeJS.ProcessEnv): CheckedAccount {
  const entry: Record<string, unknown> = {};
  const permissions: Record<string, string> = {};
  for (const [field, variable] of Object.entries(ENV_VARIABLES)) {
    const value = env[variable];
    if (!value) continue;
    if (field === 'region') entry.region = value.toLowerCase();
    else if (field === 'timeout_ms') entry.timeout_ms = /^\s*\d+\s*$/.test(value) ? Number(value) : value;
    else if (field.startsWith('permissions.')) permissions[field.slice('permissions.'.length)] = value.toLowerCase();
    else entry[field] = value;
  }
  if (Object.keys(permissions).length > 0) entry.permissions = permissions;
  return checkAccount('default', entry, { env, origin: { kind: 'env' } });
}
