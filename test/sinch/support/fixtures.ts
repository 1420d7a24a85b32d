/**
 * Shared test data and helpers: accounts on Sinch's real hosts (nock answers them: support/nock.ts), a fake
 * sleep, Sinch-shaped objects.
 */
import type { Account } from '../../../src/integration/types';
import { SinchClient, type SinchClientOptions } from '../../../src/sinch/client/sinch-client';
import { nodeHttp } from '../../../src/sinch/http/transport';
import type { SinchAccountConfig } from '../../../src/sinch/config/account-config';

export const PLAN = 'test-plan';
export const TOKEN = 'test-token-0123456789';
export const PROJECT = 'test-project';
export const KEY_ID = 'test-key-id';
export const KEY_SECRET = 'test-key-secret-987654';
/** The Basic credential of the token request: base64 of `key_id:key_secret`. */
export const BASIC = Buffer.from(`${KEY_ID}:${KEY_SECRET}`).toString('base64');

/** Service-plan auth in region us. */
export function planConfig(extra: Partial<SinchAccountConfig> = {}): SinchAccountConfig {
  return { service_plan_id: PLAN, api_token: TOKEN, region: 'us', timeout_ms: 2000, ...extra };
}

/** Project keys only: the Numbers API, and SMS over OAuth2. */
export function projectConfig(extra: Partial<SinchAccountConfig> = {}): SinchAccountConfig {
  return { project_id: PROJECT, key_id: KEY_ID, key_secret: KEY_SECRET, region: 'us', timeout_ms: 2000, ...extra };
}

/** Both: SMS with the service plan, the Numbers API with the project keys. */
export function fullConfig(extra: Partial<SinchAccountConfig> = {}): SinchAccountConfig {
  return { ...projectConfig(), service_plan_id: PLAN, api_token: TOKEN, ...extra };
}

/** A sleep that returns at once and remembers what it was asked to wait. */
export function fakeSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

/**
 * A client for nock's tests: on `nodeHttp`, the transport nock intercepts (the default, socket-transport.ts,
 * writes to sockets itself: its own tests run on real sockets, test/sinch/socket-transport.test.ts).
 */
export function testClient(config: SinchAccountConfig, options: SinchClientOptions = {}) {
  const clock = fakeSleep();
  const client = new SinchClient(config, { http: nodeHttp, sleep: clock.sleep, random: () => 0, sendLookupSettleMs: 0, ...options });
  return { client, delays: clock.delays };
}

export function account(config: SinchAccountConfig, name = 'default'): Account<SinchAccountConfig> {
  return { name, permissions: { read: 'allow', write: 'allow' }, config };
}


export function batch(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '01W4FFL35P4NC4K35SMSBATCH1',
    to: ['12025550134'],
    from: '12025550100',
    canceled: false,
    body: 'Hello',
    type: 'mt_text',
    created_at: '2024-06-06T09:22:14.304Z',
    modified_at: '2024-06-06T09:22:14.304Z',
    delivery_report: 'none',
    ...overrides,
  };
}

export function inbound(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '01W4FFL35P4NC4K35INBOUND01',
    from: '12025550134',
    to: '12025550100',
    body: 'Hi back',
    type: 'mo_text',
    received_at: '2024-06-06T09:30:00.000Z',
    ...overrides,
  };
}

/** Catch a rejection and return it (fails the test when the promise resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

import { prepareCall } from '../../../src/integration/validate';
import type { FunctionDeclaration } from '../../../src/integration/types';
import { SinchServices, type SinchContext } from '../../../src/sinch/services';

/**
 * The Sinch functions called as the pipeline calls them, over services of the test's own (no process-wide
 * client defaults: issue #15): `invoke` validates `args` as the host would (one Lua table), then runs a
 * read's handler, or a write's plan and execute, against `config`.
 */
export function sinchCalls(clientOptions: SinchClientOptions = {}) {
  const services = new SinchServices({ http: nodeHttp, ...clientOptions }); // nodeHttp: what nock intercepts
  const context = (config: SinchAccountConfig, functionName: string, signal: AbortSignal = new AbortController().signal): SinchContext => ({
    account: account(config),
    functionName,
    signal,
    services,
    runId: 'test-run',
    countAttempt: () => undefined,
  });
  const invoke = async (fn: FunctionDeclaration, args: unknown, config: SinchAccountConfig, signal?: AbortSignal): Promise<any> => {
    const input = prepareCall(fn, args === undefined ? [] : [args]);
    const ctx = context(config, fn.name, signal);
    if (fn.operation === 'read') return fn.handler(input, ctx);
    return (await fn.execute(await fn.plan(input, ctx), ctx)).value;
  };
  return { services, context, invoke };
}
