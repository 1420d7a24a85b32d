/**
 * What the configured accounts are, for people and programs (`kosmo-sinch accounts`, an MCP server's account
 * listing): where the configuration comes from, each account's hosts, auth, credentials present, policy and
 * restrictions, and what is wrong with a broken one — never a secret (src/sinch/config/describe-account.ts).
 * The CLI prints this; it does not read configuration itself (issue #16, "the CLI only parses and prints").
 */
import type { ConfigOrigin, ConfigSource } from '../sinch/config/config-source';
import { configNotices } from '../sinch/config/announce';
import { describeChecked, type AccountSummary, type BrokenAccountSummary } from '../sinch/config/describe-account';
import { brokenAccounts, loadSinchAccounts } from '../sinch/config/load-accounts';

export type { AccountSummary, BrokenAccountSummary, AccountHosts } from '../sinch/config/describe-account';

/** `kosmo-sinch accounts --json` prints these fields (README.md, "Configuration"). */
export interface AccountsDescription {
  readonly source: ConfigSource;
  /** The file read, when `source` is `file`. */
  readonly path: string | null;
  /** How the file was found: `flag`, `variable`, `user`, `working_directory`. */
  readonly origin: ConfigOrigin | null;
  /** A `./kosmo-sinch.json` that was not used because an earlier source exists. */
  readonly ignored_path: string | null;
  /** The account plain `app.integrations.sinch.<fn>` calls use. */
  readonly default: string | null;
  readonly accounts: ReadonlyArray<AccountSummary | BrokenAccountSummary>;
}

export interface AccountsReport {
  readonly description: AccountsDescription;
  /** How many accounts cannot be used (the others work). */
  readonly broken: number;
  /** The lines the CLI writes on stderr: where the accounts come from, unused and misspelt variables. */
  readonly notices: readonly string[];
}

export interface DescribeAccountsOptions {
  /** `--config PATH`. */
  readonly configPath?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The configured accounts, described. Throws `not_configured` when the configuration as a whole is broken
 * (a named file missing, not JSON, unknown top-level fields); a broken account is described, not thrown.
 */
export function describeAccounts(options: DescribeAccountsOptions = {}): AccountsReport {
  const env = options.env ?? process.env;
  const loaded = loadSinchAccounts({ configPath: options.configPath, env });
  return {
    description: {
      source: loaded.source,
      path: loaded.path ?? null,
      origin: loaded.location.origin ?? null,
      ignored_path: loaded.location.ignoredLocalFile ?? null,
      default: loaded.accounts.defaultName ?? null,
      accounts: loaded.checked.map(describeChecked),
    },
    broken: brokenAccounts(loaded).length,
    notices: configNotices(loaded.location, env),
  };
}
