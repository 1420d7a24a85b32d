/**
 * Reads under the emulator's injected faults, through the whole stack (Lua → host → client → HTTP), with
 * real retry pauses: each read succeeds within the retry budget (at most 2 repeats) or fails with a code
 * saying what happened and `retryable` set. One emulator per function, so that the functions run side by side.
 */
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import type { Host } from '../../src/host/host';
import { MAX_RETRIES } from '../../src/sinch/http/retry';
import { emulatorAccount, everything, JS_STACK, REPORTING, sinchHost, table, writeFigures } from './support';

const TIMEOUT_MS = 1000;

/** A batch of the demo data and one of its recipients, read from the emulator's state before the faults. */
interface Demo {
  readonly batchId: string;
  readonly recipient: string;
}

/**
 * Each read function with arguments that succeed against the emulator's demo data, and its API's routes —
 * round one's reads and the ones issue #9 added (a read that makes several requests is held to the budget
 * per request: `attempts` counts per path).
 */
const READS: ReadonlyArray<readonly [name: string, args: (demo: Demo) => string, route: string]> = [
  ['list_messages', () => '{}', '/xms/v1/**'],
  ['list_batches', () => '{}', '/xms/v1/**'],
  ['list_groups', () => '{}', '/xms/v1/**'],
  ['get_group', () => '{ group_id = "01GCQ3MT0J8NBX9N0A2M4A9H14" }', '/xms/v1/**'],
  ['list_group_members', () => '{ group_id = "01GCQ3MT0J8NBX9N0A2M4A9H14" }', '/xms/v1/**'],
  ['get_batch', (d) => `{ batch_id = "${d.batchId}" }`, '/xms/v1/**'],
  ['get_delivery_report', (d) => `{ batch_id = "${d.batchId}" }`, '/xms/v1/**'],
  ['get_recipient_delivery_report', (d) => `{ batch_id = "${d.batchId}", recipient = "+${d.recipient}" }`, '/xms/v1/**'],
  ['list_delivery_reports', () => '{}', '/xms/v1/**'],
  ['preview_sms', () => '{ to = { "+12025550134" }, body = "Hi – café ☕", dry_run = true }', '/xms/v1/**'],
  ['list_phone_numbers', () => '{}', '/v1/projects/**'],
  ['get_phone_number', () => '{ phone_number = "+12025550142" }', '/v1/projects/**'],
];

interface FaultCase {
  readonly name: string;
  readonly fault: Record<string, unknown>;
  /** 'ok', or the error code and the `retryable` it must carry. */
  readonly expect: 'ok' | { code: string; retryable: boolean; retry_after?: number };
}

const PERSISTENT = 1000;

const FAULTS: readonly FaultCase[] = [
  { name: '429 with Retry-After: 0, once', fault: { status: 429, retry_after: 0 }, expect: 'ok' },
  { name: '429 without Retry-After, once', fault: { status: 429 }, expect: 'ok' },
  { name: '503, once', fault: { status: 503 }, expect: 'ok' },
  { name: '503, twice (the whole retry budget)', fault: { status: 503, times: 2 }, expect: 'ok' },
  { name: 'connection dropped before the answer, once', fault: { drop: 'before' }, expect: 'ok' },
  { name: 'connection dropped after processing, once', fault: { drop: 'after' }, expect: 'ok' },
  { name: '503, every time', fault: { status: 503, times: PERSISTENT }, expect: { code: 'upstream_error', retryable: true } },
  { name: '429 with Retry-After: 0, every time', fault: { status: 429, retry_after: 0, times: PERSISTENT }, expect: { code: 'rate_limited', retryable: true } },
  { name: '429 with Retry-After: 120', fault: { status: 429, retry_after: 120 }, expect: { code: 'rate_limited', retryable: true, retry_after: 120 } },
  // 500 is not retried by the client's policy (src/sinch/http/retry.ts): only 429 and 502/503/504 are.
  { name: '500, once', fault: { status: 500 }, expect: { code: 'upstream_error', retryable: false } },
  { name: `an answer slower than timeout_ms (${TIMEOUT_MS} ms)`, fault: { delay_ms: TIMEOUT_MS + 1500 }, expect: { code: 'timeout', retryable: true } },
  { name: 'connection dropped every time', fault: { drop: 'before', times: PERSISTENT }, expect: { code: 'network_error', retryable: true } },
];

const emulators = new Map<string, RunningEmulator>();
const hosts = new Map<string, Host>();
const requestLines = new Map<string, string[]>();
const outcomes = new Map<string, string[]>(); // fault case → outcome per function
let demo: Demo;

beforeAll(async () => {
  for (const [fn] of READS) {
    const lines: string[] = [];
    const emulator = await startEmulator({ logRequests: true, log: (line) => lines.push(line) });
    emulators.set(fn, emulator);
    requestLines.set(fn, lines);
    hosts.set(fn, sinchHost([emulatorAccount(emulator.url, 'default', { timeout_ms: TIMEOUT_MS })]));
  }
  // Every emulator has the same seeded demo data: a batch sent to numbers (not a group), and its first recipient.
  const state = (await (await fetch(`${emulators.get('get_batch')!.url}/_emulator/state`)).json()) as {
    sms: Record<string, { batches: Array<{ id: string; to: string[] }> }>;
  };
  const batch = state.sms['emulator-plan'].batches.find((b) => b.to.every((to) => /^\d+$/.test(to)))!;
  demo = { batchId: batch.id, recipient: batch.to[0] };
});

afterAll(async () => {
  await Promise.all([...emulators.values()].map((e) => e.close()));
  if (REPORTING && outcomes.size === FAULTS.length) {
    await writeFigures(
      'read-faults',
      `Each read function under each fault, through Lua with real retry pauses, timeout_ms ${TIMEOUT_MS} ` +
        `(\`test/reliability/read-faults.test.ts\`); requests = attempts on the faulted route, at most ${1 + MAX_RETRIES + 1} per request (retries, and one immediate repeat on a closed keep-alive socket):\n\n` +
        table(['fault', ...READS.map(([fn]) => fn)], FAULTS.map((f) => [f.name, ...(outcomes.get(f.name) ?? [])])),
    );
  }
});

async function readUnder(fn: string, args: string, route: string, fault: Record<string, unknown>) {
  const emulator = emulators.get(fn)!;
  const lines = requestLines.get(fn)!;
  await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
  await fetch(`${emulator.url}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ route, ...fault }) });
  lines.length = 0;
  const result = await hosts.get(fn)!.run(`return app.integrations.sinch.${fn}(${args})`, { limits: { timeoutMs: 30_000 } });
  const prefix = route.replace('/**', '/');
  const attempts = new Map<string, number>();
  for (const line of lines) {
    const path = line.split(' ')[1].split('?')[0];
    if (path.startsWith(prefix)) attempts.set(path, (attempts.get(path) ?? 0) + 1);
  }
  return { result, attempts: [...attempts.values()] };
}

describe('a read under injected faults', () => {
  it.each(FAULTS.map((f) => [f.name, f] as const))('%s: succeeds within the retry budget or fails with retryable set', async (_name, faultCase) => {
    const runs = await Promise.all(READS.map(([fn, args, route]) => readUnder(fn, args(demo), route, faultCase.fault)));
    outcomes.set(
      faultCase.name,
      runs.map(({ result, attempts }) => `${result.success ? 'ok' : `\`${result.error?.code}\`${result.error?.retryable ? ' (retryable)' : ''}`}, ${Math.max(...attempts)} req.`),
    );
    runs.forEach(({ result, attempts }, i) => {
      const fn = READS[i][0];
      expect(everything(result)).not.toMatch(JS_STACK);
      // Never more than the first attempt, MAX_RETRIES retries, and the one immediate repeat the transport
      // makes when the first attempt's reused keep-alive socket turns out closed (a dropped connection can
      // look just like that).
      for (const n of attempts) expect(n).toBeLessThanOrEqual(1 + MAX_RETRIES + 1);
      if (faultCase.expect === 'ok') {
        expect({ fn, success: result.success, error: result.error }).toEqual({ fn, success: true, error: null });
        return;
      }
      expect({ fn, error: result.error }).toMatchObject({ fn, error: faultCase.expect });
      expect(result.integration_calls[0]).toMatchObject({ status: 'error', error: { code: faultCase.expect.code } });
    });
  }, 30_000);
});
