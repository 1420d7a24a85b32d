/**
 * The guardrails of one account, and where their state lives, as the configuration file writes them
 * (README.md, "Guardrails"; docs/guardrails.md): zod schemas that refuse anything unknown or out of range
 * with a message saying what is expected, and the policy the check works with (durations in milliseconds,
 * patterns compiled). Knows no integration: an account's `guardrails` entry and the file's
 * `guardrails_store` are read by whoever loads the configuration (src/sinch/config).
 */
import { z } from 'zod';
import { compilePattern, patternProblem, type RecipientPattern } from './patterns';

const DURATION = /^([1-9][0-9]*)(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** The longest duplicate window: a week (a mark is kept that long for every recipient of every send). */
export const MAX_DUPLICATE_WINDOW_MS = 7 * UNIT_MS.d;

/** `"90s"`, `"10m"`, `"2h"`, `"1d"` in milliseconds, or undefined when it is not such a duration. */
export function durationMs(text: string): number | undefined {
  const match = DURATION.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : undefined;
}

const count = (what: string) =>
  z.number({ error: `expected a whole number of ${what} (1 or more)` }).int({ error: `expected a whole number of ${what}` }).min(1, {
    error: `expected at least 1 ${what.replace(/s$/, '')} (remove the field for no limit)`,
  });

const pattern = z.string({ error: 'expected a pattern string such as "+1*"' }).superRefine((value, ctx) => {
  const problem = patternProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const patterns = z.array(pattern, { error: 'expected a list of patterns such as ["+1*", "+46701234567"]' });

const duplicateWindow = z.string({ error: 'expected a duration such as "10m" (s, m, h or d)' }).superRefine((value, ctx) => {
  const ms = durationMs(value);
  if (ms === undefined) ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration; expected a whole number and a unit: "90s", "10m", "2h", "1d"` });
  else if (ms > MAX_DUPLICATE_WINDOW_MS) ctx.addIssue({ code: 'custom', message: `"${value}" is longer than the longest window, "7d"` });
});

/** An account's `guardrails` entry. Every field is optional; `{}` keeps only the audit ledger. */
export const guardrailsSchema = z
  .object({
    budget: z
      .object({ per_run: count('messages').optional(), per_hour: count('messages').optional(), per_day: count('messages').optional() })
      .strict()
      .optional(),
    max_recipients: count('recipients').optional(),
    recipients: z.object({ allow: patterns.optional(), deny: patterns.optional() }).strict().optional(),
    duplicate_window: duplicateWindow.optional(),
    rate_per_second: z
      .number({ error: 'expected messages per second, a number above 0 (e.g. 10 or 0.5)' })
      .positive({ error: 'expected messages per second above 0 (remove the field for no rate)' })
      .max(100_000, { error: 'expected at most 100000 messages per second' })
      .optional(),
    ledger_body: z.enum(['sha256', 'text'], { error: 'expected "sha256" (the default: the body\'s hash) or "text"' }).optional(),
  })
  .strict();

export type GuardrailsConfig = z.output<typeof guardrailsSchema>;

/** The fields an object of the `guardrails` entry may have, by path (for "unknown field" messages). */
export function guardrailFieldsAt(path: readonly string[]): readonly string[] {
  if (path.length === 0) return Object.keys(guardrailsSchema.shape);
  if (path[0] === 'budget') return ['per_run', 'per_hour', 'per_day'];
  if (path[0] === 'recipients') return ['allow', 'deny'];
  return [];
}

const retention = z
  .number({ error: 'expected a whole number of days' })
  .int({ error: 'expected a whole number of days' })
  .min(1, { error: 'expected at least 1 day' })
  .max(3650, { error: 'expected at most 3650 days' });

/** The file's `guardrails_store`: where budgets, duplicate marks, the rate and the ledger live. */
export const storeSchema = z.discriminatedUnion(
  'type',
  [
    z
      .object({
        type: z.literal('sqlite'),
        /** Default: `$XDG_STATE_HOME/kosmo-sinch/guardrails.sqlite` (`~/.local/state/...`). */
        path: z.string().min(1, { error: 'must not be empty' }).optional(),
        retention_days: retention.optional(),
      })
      .strict(),
    z
      .object({
        type: z.literal('redis'),
        url: z.string({ error: 'expected a redis:// or rediss:// URL' }).regex(/^rediss?:\/\/./, { error: 'expected a redis:// or rediss:// URL' }),
        /** Prefix of every key (default `kosmo-sinch:`): several deployments can share one Redis. */
        prefix: z.string().min(1).max(100).regex(/^[A-Za-z0-9:_.-]+$/, { error: 'expected letters, digits, ":", "_", "." or "-"' }).optional(),
        retention_days: retention.optional(),
      })
      .strict(),
  ],
  { error: 'expected {"type": "sqlite", "path"?: ...} or {"type": "redis", "url": "redis://..."}' },
);

export type StoreConfig = z.output<typeof storeSchema>;

/** How long ledger entries are kept (days) unless the store says otherwise. */
export const DEFAULT_RETENTION_DAYS = 90;

/** An account's guardrails as the check applies them. */
export interface GuardrailPolicy {
  readonly perRun?: number;
  readonly perHour?: number;
  readonly perDay?: number;
  readonly maxRecipients?: number;
  readonly allow?: readonly RecipientPattern[];
  readonly deny?: readonly RecipientPattern[];
  readonly duplicateWindowMs?: number;
  readonly ratePerSecond?: number;
  readonly ledgerBody: 'sha256' | 'text';
  /** The budgets, duplicate marks or rate need the store (the ledger always does). */
  readonly usesStore: boolean;
}

export function toPolicy(config: GuardrailsConfig): GuardrailPolicy {
  const duplicateWindowMs = config.duplicate_window !== undefined ? durationMs(config.duplicate_window) : undefined;
  const policy = {
    perRun: config.budget?.per_run,
    perHour: config.budget?.per_hour,
    perDay: config.budget?.per_day,
    maxRecipients: config.max_recipients,
    allow: config.recipients?.allow?.map(compilePattern),
    deny: config.recipients?.deny?.map(compilePattern),
    duplicateWindowMs,
    ratePerSecond: config.rate_per_second,
    ledgerBody: config.ledger_body ?? 'sha256',
  };
  return {
    ...policy,
    usesStore: policy.perHour !== undefined || policy.perDay !== undefined || duplicateWindowMs !== undefined || policy.ratePerSecond !== undefined,
  };
}
