/**
 * `kosmo-sinch accounts [--json] [--config PATH]`: configured accounts, the hosts each uses, which
 * credentials exist, and what is wrong with a broken one — never a secret. Where the configuration comes
 * from goes to stderr as for `lua` (src/sinch/config/announce.ts).
 */
import { describeAccounts, type AccountSummary, type BrokenAccountSummary } from '../host/accounts';
import { writeErr, writeOut } from './output';
import { EXIT_OK } from './usage-error';

export interface AccountsCommandOptions {
  readonly json?: boolean;
  readonly config?: string;
}

function textLines(account: AccountSummary | BrokenAccountSummary, isDefault: boolean): string[] {
  const title = `- ${account.name}${isDefault ? ' (default)' : ''}`;
  if (!account.usable) {
    return [`${title}: NOT USABLE, calls under it raise not_configured:`, ...account.problems.map((problem) => `    ${problem}`)];
  }
  const present = Object.entries(account.credentials).flatMap(([field, set]) => (set ? [field] : []));
  const lines = [
    title,
    `    region: ${account.region}`,
    `    sms: ${account.hosts.sms} (${account.sms_auth === 'none' ? 'no SMS credentials' : `auth ${account.sms_auth}`})`,
    `    numbers: ${account.hosts.numbers} (${account.numbers_api ? 'usable' : 'needs project_id, key_id and key_secret'})`,
    `    auth: ${account.hosts.auth}`,
  ];
  if (account.service_plan_id) lines.push(`    service_plan_id: ${account.service_plan_id}`);
  if (account.project_id) lines.push(`    project_id: ${account.project_id}`);
  lines.push(
    `    credentials set: ${present.length > 0 ? present.join(', ') : 'none'}`,
    `    timeout_ms: ${account.timeout_ms}`,
    `    permissions: read ${account.permissions.read}, write ${account.permissions.write}`,
  );
  if (account.guardrails !== undefined) lines.push(`    guardrails: ${JSON.stringify(account.guardrails)}`);
  for (const restriction of account.restrictions ?? []) lines.push(`    restricted: ${restriction}`);
  return lines;
}

export async function accountsCommand(options: AccountsCommandOptions): Promise<number> {
  const { description, broken, notices } = describeAccounts({ configPath: options.config });
  for (const line of notices) await writeErr(`${line}\n`);
  if (options.json) {
    await writeOut(`${JSON.stringify({ success: true, error: null, ...description }, null, 2)}\n`);
    return EXIT_OK;
  }
  if (description.source === 'none') {
    await writeOut(
      'No Sinch account is configured (no config file, no SINCH_* variables).\n' +
        '`kosmo-sinch lua` will use the built-in emulator. See README.md, "Configuration".\n',
    );
    return EXIT_OK;
  }
  const origin = description.source === 'file' ? `from ${description.path}` : 'from the environment (SINCH_* variables)';
  const lines = [`Accounts ${origin}:`];
  for (const account of description.accounts) lines.push(...textLines(account, account.name === description.default));
  const total = description.accounts.length;
  if (broken > 0) lines.push(`${broken} of ${total} account${total === 1 ? '' : 's'} cannot be used (the others work).`);
  await writeOut(`${lines.join('\n')}\n`);
  return EXIT_OK;
}
