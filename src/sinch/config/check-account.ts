/**
 * One account entry — from a file or from `SINCH_*` variables — checked into a usable account or a broken
 * one with every problem it has (issue #16 item 5): `${VAR}` references (file only), the fields' schema, the
 * base URL rules, and the restrictions of a working-directory file (issue #10 item 3, config-source.ts).
 */
import type { z } from 'zod';
import type { Account } from '../../integration/types';
import { guardrailFieldsAt } from '../../guardrails/config';
import { didYouMean } from '../../integration/suggest';
import { accountEntrySchema, toAccountConfig, type SinchAccountConfig } from './account-config';
import { baseUrlProblem } from './base-url';
import { ENV_VARIABLES, type EnvField } from './config-source';
import { expandEnv } from './expand-env';
import type { AccountOrigin, BrokenAccount, ConfigProblem } from './problems';

export interface CheckedAccount {
  readonly name: string;
  /** Set when the account can be used. */
  readonly account?: Account<SinchAccountConfig>;
  /** Set when it cannot. */
  readonly broken?: BrokenAccount;
  /** What a working-directory file asked for and did not get (e.g. write "allow" counted as "ask"). */
  readonly restrictions: readonly string[];
}

export interface CheckOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly origin: AccountOrigin;
}

const BASE_URL_FIELDS = ['sms_base_url', 'numbers_base_url', 'auth_base_url'] as const;
const TIMEOUT_EXPECTED = 'must be a whole number of milliseconds from 1 to 600000';

/** How a field is named to the user: `accounts.work.region` in a file, `SINCH_REGION` for the environment. */
function namer(name: string, origin: AccountOrigin): (path: readonly PropertyKey[]) => string {
  if (origin.kind === 'env') {
    return (path) => {
      const field = path.map(String).join('.');
      return (ENV_VARIABLES as Record<string, string>)[field as EnvField] ?? (field || 'SINCH_*');
    };
  }
  return (path) => ['accounts', name, ...path.map(String)].join('.');
}

function schemaProblems(error: z.ZodError, fieldName: (path: readonly PropertyKey[]) => string): ConfigProblem[] {
  return error.issues.flatMap((issue): ConfigProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      // Fields that belong where the unknown one was: an account, its permissions, or its guardrails.
      const path = issue.path.map(String);
      const known =
        path.length === 0 ? Object.keys(accountEntrySchema.shape) : path[0] === 'guardrails' ? guardrailFieldsAt(path.slice(1)) : ['read', 'write'];
      return issue.keys.map((key) => ({
        field: fieldName([...issue.path, key]),
        message: `unknown field${didYouMean(key, known)}`,
      }));
    }
    const message = issue.path[0] === 'timeout_ms' ? TIMEOUT_EXPECTED : issue.message;
    return [{ field: fieldName(issue.path), message }];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkAccount(name: string, raw: unknown, options: CheckOptions): CheckedAccount {
  const { env, origin } = options;
  const fieldName = namer(name, origin);
  const problems: ConfigProblem[] = [];
  // Only a file's strings are expanded: a variable's value is taken as it is.
  const expanded = origin.kind === 'file' ? expandEnv(raw, env, fieldName([]), problems) : raw;
  const parsed = accountEntrySchema.safeParse(expanded);
  const restrictions: string[] = [];
  const workingDirectory = origin.kind === 'file' && origin.workingDirectory === true;
  if (!parsed.success) problems.push(...schemaProblems(parsed.error, fieldName));
  // Checked whether or not the schema passed, so that every problem is reported at once.
  for (const field of BASE_URL_FIELDS) {
    const url = isRecord(expanded) ? expanded[field] : undefined;
    const problem = typeof url === 'string' && url !== '' ? baseUrlProblem(url, workingDirectory) : undefined;
    if (problem) problems.push({ field: fieldName([field]), message: problem });
  }
  if (!parsed.success || problems.length > 0) return { name, broken: { name, origin, problems }, restrictions };

  const { permissions, ...rest } = parsed.data;
  let effective = permissions;
  // A working-directory file may not loosen a policy beyond the defaults (read "allow", write "ask").
  if (workingDirectory && permissions.write === 'allow') {
    effective = { ...permissions, write: 'ask' };
    restrictions.push(
      `${fieldName(['permissions', 'write'])} "allow" counts as "ask": the file is in the working directory ` +
        `(--config ${origin.path} trusts it)`,
    );
  }
  const config: SinchAccountConfig = { ...toAccountConfig(rest), origin };
  return { name, account: { name, permissions: effective, config }, restrictions };
}
