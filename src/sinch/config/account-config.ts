/**
 * One Sinch account's configuration, as docs/contract.md ("Accounts configuration") defines it, and the zod
 * schema that checks an entry of the config file after `${VAR}` expansion.
 */
import { z } from 'zod';
// The guardrails' schemas are generic (src/guardrails knows no Sinch): an account's `guardrails` entry and the
// file's `guardrails_store` (issue #12; docs/guardrails.md).
import { guardrailsSchema, storeSchema, type GuardrailsConfig } from '../../guardrails/config';
import { SMS_REGIONS, type SmsRegion } from '../../wire/oauth';
import type { AccountOrigin } from './problems';

/** Default per-request timeout (the issue: "Per-request timeout from the account (default 30 s)"). */
import { DEFAULT_TIMEOUT_MS } from './defaults';

export { DEFAULT_TIMEOUT_MS };

/** Everything the client needs for one account. May hold secrets: never print it (use describeAccount). */
export interface SinchAccountConfig {
  /** SMS service plan id (service-plan auth, all regions). */
  readonly service_plan_id?: string;
  /** SMS API token for the service plan. Secret. */
  readonly api_token?: string;
  /** SMS region. @default 'us' */
  readonly region: SmsRegion;
  /** Sinch project id: Numbers API, and SMS over OAuth2 when there is no api_token. */
  readonly project_id?: string;
  /** Access key id (OAuth2 client id). */
  readonly key_id?: string;
  /** Access key secret. Secret. */
  readonly key_secret?: string;
  /** Overrides `https://{region}.sms.api.sinch.com` (or the `zt.` host for OAuth2); `/xms/v1/...` is appended. */
  readonly sms_base_url?: string;
  /** Overrides `https://numbers.api.sinch.com`; `/v1/projects/...` is appended. */
  readonly numbers_base_url?: string;
  /** Overrides `https://auth.sinch.com`; `/oauth2/token` is appended. */
  readonly auth_base_url?: string;
  /** Per-request timeout in milliseconds. @default 30000 */
  readonly timeout_ms: number;
  /** Budgets, recipient lists, duplicate guard, rate, ledger (src/guardrails/config.ts); absent: none. */
  readonly guardrails?: GuardrailsConfig;
  /**
   * Where the account is defined, so that a `not_configured` error says what to fix: `SINCH_*` variables for
   * the environment's account, fields of a file otherwise (issue #16 item 5). Absent for accounts built in code.
   */
  readonly origin?: AccountOrigin;
}

const policy = z.enum(['allow', 'ask', 'deny']);
const nonEmpty = z.string().min(1, { message: 'must not be empty' });
// The URL rules (https except on loopback, no credentials, the working-directory restriction) are
// base-url.ts's, applied after this schema by load-accounts.ts: they depend on where the file was found.
const baseUrl = nonEmpty;

/** One entry under `accounts` in the config file. Unknown fields are refused (typos would lose a secret). */
export const accountEntrySchema = z
  .object({
    service_plan_id: nonEmpty.optional(),
    api_token: nonEmpty.optional(),
    region: z.enum(SMS_REGIONS).default('us'),
    project_id: nonEmpty.optional(),
    key_id: nonEmpty.optional(),
    key_secret: nonEmpty.optional(),
    sms_base_url: baseUrl.optional(),
    numbers_base_url: baseUrl.optional(),
    auth_base_url: baseUrl.optional(),
    timeout_ms: z.number().int().min(1).max(600_000).default(DEFAULT_TIMEOUT_MS),
    permissions: z
      .object({ read: policy.default('allow'), write: policy.default('ask') })
      .strict()
      .default({ read: 'allow', write: 'ask' }),
    guardrails: guardrailsSchema.optional(),
  })
  .strict();

/**
 * The file as a whole. Accounts are checked one by one afterwards (accountEntrySchema): a broken account
 * disables only itself (issue #16 item 5), while a file that is broken as a whole fails.
 */
export const configFileSchema = z
  .object({
    accounts: z.record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'account names are Lua identifiers, e.g. "work"' }),
      z.unknown(),
    ),
    guardrails_store: storeSchema.optional(),
  })
  .strict();

export type AccountEntry = z.output<typeof accountEntrySchema>;

/** The account entry without its permissions: what the client needs. Drops undefined fields. */
export function toAccountConfig(entry: Omit<AccountEntry, 'permissions'>): SinchAccountConfig {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (value !== undefined && key !== 'permissions') config[key] = value;
  }
  return config as unknown as SinchAccountConfig;
}
