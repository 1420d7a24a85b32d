/**
 * Drives an emulator over real HTTP for the tests in this folder. Each suite starts its own emulator on
 * port 0 (beforeAll) with a fixed clock, so that timestamps and windows are predictable and nothing
 * sleeps for real time.
 */
import { EMULATOR_CREDENTIALS, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator';

/** The emulator clock's base in tests: a fixed instant; tests move it with `/_emulator/clock`. */
export const T0 = Date.parse('2025-03-10T12:00:00.000Z');

export const PLAN = EMULATOR_CREDENTIALS.service_plan_id;
export const TOKEN = EMULATOR_CREDENTIALS.api_token;
export const PROJECT = EMULATOR_CREDENTIALS.project_id;
export const BASIC = `Basic ${Buffer.from(`${EMULATOR_CREDENTIALS.key_id}:${EMULATOR_CREDENTIALS.key_secret}`).toString('base64')}`;

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface CallOptions {
  body?: unknown;
  /** A full `Authorization` value, or `null` for none. Default: the plan's bearer token. */
  auth?: string | null;
  headers?: Record<string, string>;
}

export interface Harness {
  emulator: RunningEmulator;
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  /** `call` under `/xms/v1/emulator-plan`. */
  sms(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  /** Sends a batch and returns the created batch. */
  send(request: Record<string, unknown>): Promise<ApiResponse['json']>;
  advance(ms: number): Promise<void>;
  reset(demo?: boolean): Promise<void>;
}

/** Starts an emulator for one suite; call in the describe body (registers beforeAll/afterAll). */
export function useEmulator(options: EmulatorOptions = {}): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    harness.emulator = await startEmulator({ now: () => T0, ...options });
  });
  afterAll(async () => {
    await harness.emulator.close();
  });
  harness.call = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const auth = options.auth === undefined ? `Bearer ${TOKEN}` : options.auth;
    if (auth !== null) headers.authorization = auth;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${harness.emulator.url}${path}`, { method, headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  harness.sms = (method, path, options) => harness.call(method, `/xms/v1/${PLAN}${path}`, options);
  harness.send = async (request) => {
    const res = await harness.sms('POST', '/batches', { body: { from: '12025550142', body: 'Hello', ...request } });
    if (res.status !== 201) throw new Error(`send failed: ${res.status} ${res.text}`);
    return res.json;
  };
  harness.advance = async (ms) => {
    const res = await harness.call('POST', '/_emulator/clock', { body: { advance_ms: ms }, auth: null });
    if (res.status !== 200) throw new Error(`clock: ${res.status} ${res.text}`);
  };
  harness.reset = async (demo = false) => {
    const res = await harness.call('POST', '/_emulator/reset', { body: { demo }, auth: null });
    if (res.status !== 200) throw new Error(`reset: ${res.status} ${res.text}`);
  };
  return harness;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const iso = (ms: number): string => new Date(ms).toISOString();
