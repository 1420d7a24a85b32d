/** Shared by the reliability tests: Sinch hosts over chosen accounts, the JS-stack check, the figures report. */
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Host } from '../../src/host/host';
import { sinchHostFor } from '../../src/host/sinch-host';
import type { Account, AccountDirectory, Permissions } from '../../src/integration/types';
import type { SinchClientOptions } from '../../src/sinch/client/sinch-client';
import type { SinchAccountConfig } from '../../src/sinch/config/account-config';
import { accountDirectory } from '../../src/sinch/config/account-directory';
import { EMULATOR_CREDENTIALS } from '../../src/sinch/config/emulator-accounts';

/** Text that only a JavaScript stack trace or a leaked JS error would put into a result or an output. */
export const JS_STACK = /\bat (?:Object\.<anonymous>|new \w|async |[\w$.<>]+ \()|\.[cm]?[jt]s:\d+|node_modules|node:internal/;

/** Everything a result can show, as one string (for the JS-stack and canary checks). */
export function everything(...values: unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n');
}

/** An account pointed at an emulator origin (the contract's credentials unless overridden). */
export function emulatorAccount(
  url: string,
  name = 'default',
  overrides: Partial<SinchAccountConfig> = {},
  permissions: Permissions = { read: 'allow', write: 'allow' },
): Account<SinchAccountConfig> {
  return {
    name,
    permissions,
    config: {
      ...EMULATOR_CREDENTIALS,
      region: 'us',
      sms_base_url: url,
      numbers_base_url: url,
      auth_base_url: url,
      timeout_ms: 5000,
      ...overrides,
    },
  };
}

/** A host with the Sinch integration bound to these accounts (its own clients, built with `clientOptions`), and the runtime docs. */
export function sinchHost(
  accounts: readonly Account<SinchAccountConfig>[] | AccountDirectory<SinchAccountConfig>,
  clientOptions: SinchClientOptions = {},
): Host {
  const directory = 'get' in accounts ? accounts : accountDirectory(accounts);
  return sinchHostFor(directory, clientOptions);
}

/** A small seeded PRNG (mulberry32), so that a campaign can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---- The figures section of docs/reliability.md ----------------------------------------------------------

/** `RELIABILITY_REPORT=1 npx jest test/reliability` rewrites the figures in docs/reliability.md. */
export const REPORTING = process.env.RELIABILITY_REPORT === '1';

const DOC = join(__dirname, '../../docs/reliability.md');
const LOCK = `${DOC}.lock`;

/**
 * Replace the block between `<!-- figures:NAME -->` and `<!-- /figures:NAME -->` in docs/reliability.md.
 * Test files run in parallel workers: a lock directory serialises the read-modify-write.
 */
export async function writeFigures(name: string, markdown: string): Promise<void> {
  for (let tries = 0; ; tries++) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 200) throw error;
      await sleep(50);
    }
  }
  try {
    const open = `<!-- figures:${name} -->`;
    const close = `<!-- /figures:${name} -->`;
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(open);
    const end = doc.indexOf(close);
    if (start < 0 || end < start) throw new Error(`docs/reliability.md has no ${open} … ${close} block`);
    writeFileSync(DOC, `${doc.slice(0, start + open.length)}\n${markdown.trim()}\n${doc.slice(end)}`);
  } finally {
    rmdirSync(LOCK);
  }
}

/** A markdown table. */
export function table(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const line = (cells: ReadonlyArray<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
