/** `kosmo-sinch accounts [--json] [--config PATH]`: configured accounts and which credentials exist — never a secret. */
import { describeAccount, loadSinchAccounts } from '../sinch';
import { writeOut } from './output';
import { EXIT_OK } from './usage-error';

export interface AccountsCommandOptions {
  readonly json?: boolean;
  readonly config?: string;
}

export async function accountsCommand(options: AccountsCommandOptions): Promise<number> {
  const loaded = loadSinchAccounts({ configPath: options.config });
  const accounts = loaded.accounts.names.map((name) => describeAccount(loaded.accounts.get(name)!));
  if (options.json) {
    const payload = {
      source: loaded.source,
      path: loaded.path ?? null,
      default: loaded.accounts.defaultName ?? null,
      accounts,
    };
    await writeOut(`${JSON.stringify(payload, null, 2)}\n`);
    return EXIT_OK;
  }
  if (loaded.source === 'none') {
    await writeOut(
      'No Sinch account is configured (no config file, no SINCH_* variables).\n' +
        '`kosmo-sinch lua` will use the built-in emulator. See README.md, "Configuration".\n',
    );
    return EXIT_OK;
  }
  const origin = loaded.source === 'file' ? `from ${loaded.path}` : 'from the environment (SINCH_*)';
  const lines = [`Accounts ${origin}:`];
  for (const account of accounts) {
    const isDefault = account.name === loaded.accounts.defaultName ? ' (default)' : '';
    lines.push(`- ${account.name}${isDefault}`);
    for (const [key, value] of Object.entries(account)) {
      if (key === 'name') continue;
      lines.push(`    ${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
    }
  }
  await writeOut(`${lines.join('\n')}\n`);
  return EXIT_OK;
}
