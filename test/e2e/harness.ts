/**
 * End-to-end harness: the built `kosmo-sinch` binary (dist/cli/main.js) as a subprocess, talking either to
 * its embedded emulator or, through a config file, to an emulator this test process started. Everything the
 * tests check goes through the product's outside (docs/contract.md): the `--json` envelope, stdout/stderr, exit
 * codes, and the emulator's control routes (`/_emulator/state`, `/faults`, `/clock`).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { runCli, sandboxDir, writeUserConfig, type CliResult } from '../cli/run-cli';

export const REPO = resolve(__dirname, '../..');

/** One entry of `integration_calls` (docs/contract.md; docs/pipeline.md, "The record"). */
export interface CallRecord {
  path: string;
  function: string;
  account: string | null;
  operation: 'read' | 'write';
  status: 'ok' | 'error';
  duration_ms: number;
  attempts: number;
  error?: { code: string; message: string };
  reference?: string;
  sent?: boolean | 'unknown';
  created_id?: string;
  refused_by?: string;
}

/** The `lua --json` envelope (docs/contract.md). */
export interface Envelope {
  success: boolean;
  output: string;
  error: null | ({ code: string; message: string } & Record<string, unknown>);
  // The script's return value as JSON: any shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  result: any;
  execution_time_ms: number;
  integration_calls: CallRecord[];
  meta: { emulator: boolean; sandbox: 'worker' };
}

export interface LuaRun {
  envelope: Envelope;
  cli: CliResult;
}

export interface LuaRunOptions {
  /** Written as the user's own config file (`$XDG_CONFIG_HOME/kosmo-sinch/config.json`) of the run. */
  config?: unknown;
  /** More CLI flags, e.g. `--force`, `--emulator`. */
  flags?: string[];
  /** Run this script file (relative to the repository) instead of `-e code`. */
  file?: string;
}

/** `kosmo-sinch lua --json` on inline code (or a file), in a fresh directory with no other configuration. */
export async function runLua(code: string | undefined, options: LuaRunOptions = {}): Promise<LuaRun> {
  const cwd = sandboxDir();
  if (options.config !== undefined) writeUserConfig(cwd, options.config);
  const source = options.file !== undefined ? [join(REPO, options.file)] : ['-e', code ?? ''];
  let cli: CliResult;
  try {
    cli = await runCli(['lua', '--json', ...(options.flags ?? []), ...source], { cwd });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  let envelope: Envelope;
  try {
    envelope = JSON.parse(cli.stdout) as Envelope;
  } catch {
    throw new Error(`kosmo-sinch printed no JSON envelope (exit ${cli.code}).\nstdout: ${cli.stdout}\nstderr: ${cli.stderr}`);
  }
  return { envelope, cli };
}

/** The one stderr line of the embedded default (docs/contract.md, "The embedded default"). */
export const EMBEDDED_NOTICE = /^kosmo-sinch: using the built-in Sinch emulator at http:\/\/127\.0\.0\.1:\d+ .*nothing is really sent\.\n$/;

/** The one stderr line of a run whose accounts come from the user's own file (`runLua` with `config`). */
export const USER_CONFIG_NOTICE = /^kosmo-sinch: accounts from \/\S+\/\.config\/kosmo-sinch\/config\.json\n$/;

// --- accounts -------------------------------------------------------------------------------------------

/** Account fields for one of the emulator's two service plans (docs/emulator.md, "Credentials"). */
export function emulatorAccount(url: string, plan: 1 | 2 = 1, extra: Record<string, unknown> = {}) {
  const n = plan === 1 ? '' : '-2';
  return {
    service_plan_id: `emulator-plan${n}`,
    api_token: `emulator-token${n}`,
    project_id: `emulator-project${n}`,
    key_id: `emulator-key${n}`,
    key_secret: `emulator-secret${n}`,
    sms_base_url: url,
    numbers_base_url: url,
    auth_base_url: url,
    permissions: { read: 'allow', write: 'allow' },
    ...extra,
  };
}

/** `default` on plan 1 (demo data) and `work` on plan 2 (empty), both on one emulator. */
export function twoAccounts(url: string) {
  return { accounts: { default: emulatorAccount(url, 1), work: emulatorAccount(url, 2) } };
}

// --- the emulator, from outside -------------------------------------------------------------------------

export interface TestEmulator {
  readonly url: string;
  /** Request lines (`METHOD /path?query -> status (ms)`) the emulator served, in order. */
  readonly requests: string[];
  /** `GET /_emulator/state`. */
  state(): Promise<EmulatorState>;
  /** `POST /_emulator/faults`. */
  fault(spec: Record<string, unknown>): Promise<void>;
  /** `GET /_emulator/faults`: those not used up yet. */
  pendingFaults(): Promise<unknown[]>;
  /** `POST /_emulator/clock`. */
  advanceSeconds(seconds: number): Promise<void>;
  close(): Promise<void>;
}

export interface StateBatch {
  id: string;
  from: string;
  to: string[];
  body: string;
  client_reference?: string;
  created_at: string;
  recipients: Array<{ recipient: string; status: string; code: number; at: string }>;
}

export interface StateGroup {
  id: string;
  name?: string;
  size: number;
  members: string[];
  [field: string]: unknown;
}

export interface EmulatorState {
  now: string;
  sms: Record<string, { batches: StateBatch[]; inbounds: Array<{ id: string; from: string; to: string; body: string }>; groups: StateGroup[] }>;
  projects: Array<{ project_id: string; active_numbers: Array<Record<string, unknown> & { phoneNumber: string }> }>;
  faults: unknown[];
}

async function call(url: string, method: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** An emulator in this process on port 0, seen only through HTTP (plus its request log). */
export async function startTestEmulator(options: { demoData?: boolean } = {}): Promise<TestEmulator> {
  const requests: string[] = [];
  const emulator: RunningEmulator = await startEmulator({
    port: 0,
    demoData: options.demoData ?? true,
    logRequests: true,
    log: (line) => {
      if (line.startsWith('Sinch emulator defect')) throw new Error(line);
      // Control routes are the test's own requests, not the client's.
      if (!line.includes(' /_emulator/')) requests.push(line);
    },
  });
  const control = `${emulator.url}/_emulator`;
  return {
    url: emulator.url,
    requests,
    state: () => call(`${control}/state`, 'GET') as Promise<EmulatorState>,
    fault: async (spec) => void (await call(`${control}/faults`, 'POST', spec)),
    pendingFaults: async () => ((await call(`${control}/faults`, 'GET')) as { faults: unknown[] }).faults,
    advanceSeconds: async (seconds) => void (await call(`${control}/clock`, 'POST', { advance_seconds: seconds })),
    close: () => emulator.close(),
  };
}

/** Run `body` with a fresh emulator and close it afterwards (for tests that run concurrently). */
export async function withEmulator<T>(body: (emulator: TestEmulator) => Promise<T>, options?: { demoData?: boolean }): Promise<T> {
  const emulator = await startTestEmulator(options);
  try {
    return await body(emulator);
  } finally {
    await emulator.close();
  }
}

/** The requests the emulator served for `METHOD path` (query ignored), e.g. `POST /xms/v1/emulator-plan/batches`. */
export function requestsTo(emulator: TestEmulator, method: string, path: string): string[] {
  return emulator.requests.filter((line) => {
    const [lineMethod, url] = line.split(' ');
    return lineMethod === method && url.split('?')[0] === path;
  });
}

export function batchesWithReference(state: EmulatorState, plan: string, reference: string): StateBatch[] {
  return state.sms[plan].batches.filter((b) => b.client_reference === reference);
}

// --- the published functions ----------------------------------------------------------------------------

interface ManifestFunction {
  name: string;
  aliases: string[];
}

/** The published functions, from manifest.json (so a new function shows up in the tests that use this). */
export function publishedFunctions(): ManifestFunction[] {
  return (JSON.parse(readFileSync(join(REPO, 'manifest.json'), 'utf8')) as { functions: ManifestFunction[] }).functions;
}
