/**
 * `startEmulator`: the in-process API the CLI (`kosmo-sinch emulator`), the end-to-end tests and the
 * benchmark use. A real HTTP server on loopback; Sinch's SMS, Numbers and OAuth2 APIs share its origin.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Clock } from '../clock';
import {
  DEFAULT_PROJECTS,
  DEFAULT_SERVICE_PLANS,
  EMULATOR_CREDENTIALS,
  type ProjectConfig,
  type ServicePlanConfig,
} from '../credentials';
import { seedDemoData } from '../seed/demo-data';
import { Backend } from '../state/backend';
import type { StorageLimits } from '../state/storage';
import { createHttpHandler } from './http-handler';

export const DEFAULT_SEED = 'sinch-emulator';

export interface EmulatorOptions {
  /** TCP port. @default 0 (a free port) */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** Seeds ids and demo data: the same seed and requests give the same ids. @default 'sinch-emulator' */
  seed?: number | string;
  /** Load the demo groups, numbers, batches and inbounds. @default true */
  demoData?: boolean;
  /** The clock's base (epoch ms); the control route `/_emulator/clock` advances from there. @default Date.now */
  now?: () => number;
  /** Service plans in addition to `emulator-plan` and `emulator-plan-2`. */
  servicePlans?: ServicePlanConfig[];
  /** Projects in addition to `emulator-project` and `emulator-project-2`. */
  projects?: ProjectConfig[];
  /** Lifetime of OAuth2 access tokens, in seconds. @default 3600 */
  tokenTtlSeconds?: number;
  /**
   * Caps on what is stored (issue #10): past one, a write is refused with 409 `emulator_storage_full`.
   * @default DEFAULT_STORAGE_LIMITS: 10,000 batches, 1,000,000 recipients, 10,000 inbounds, 16 MiB of text
   */
  limits?: Partial<StorageLimits>;
  /** Log one line per request through `log`. @default false */
  logRequests?: boolean;
  /** Where request lines and defects (500s) go. @default console.error */
  log?: (line: string) => void;
}

export interface RunningEmulator {
  /** `http://HOST:PORT`, no trailing slash: the SMS, Numbers and auth base URL alike. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The default credentials (docs/contract.md). */
  readonly credentials: typeof EMULATOR_CREDENTIALS;
  /** Direct access to the state, for tests. */
  readonly backend: Backend;
  readonly clock: Clock;
  /** Moves the emulator clock forward (same as `POST /_emulator/clock`). */
  advanceClock(ms: number): void;
  /** Same as `POST /_emulator/reset`: empties state, then loads demo data if `demo` is true. */
  reset(options?: { demo?: boolean }): void;
  /** Stops listening and ends open (keep-alive) connections. */
  close(): Promise<void>;
}

/** The state without the HTTP server (also what `startEmulator` uses). */
export function createBackend(options: EmulatorOptions = {}): Backend {
  const backend = new Backend({
    seed: options.seed ?? DEFAULT_SEED,
    clock: new Clock(options.now),
    servicePlans: [...DEFAULT_SERVICE_PLANS, ...(options.servicePlans ?? [])],
    projects: [...DEFAULT_PROJECTS, ...(options.projects ?? [])],
    tokenTtlSeconds: options.tokenTtlSeconds,
    limits: options.limits,
  });
  if (options.demoData ?? true) seedDemoData(backend);
  return backend;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const backend = createBackend(options);
  const handler = createHttpHandler(backend, {
    host,
    log: options.log ?? ((line) => console.error(line)),
    logRequests: options.logRequests ?? false,
  });
  const server = createServer(handler.listener);
  const address = await listen(server, options.port ?? 0, host);
  // The host as given (the CLI prints it back), bracketed when it is an IPv6 literal.
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    host,
    port: address.port,
    credentials: EMULATOR_CREDENTIALS,
    backend,
    clock: backend.clock,
    advanceClock: (ms) => backend.clock.advance(ms),
    reset({ demo = false } = {}) {
      backend.clear();
      if (demo) seedDemoData(backend);
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        handler.cancelTimers();
        backend.changes.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
