/**
 * A real redis-server for the tests that use the Redis store (issue #12: nothing mocked at the store level):
 * started by the suite itself on a free loopback port, without persistence, and stopped afterwards, so
 * that `npm test` alone works. A missing redis-server fails the suite loudly — it is never skipped
 * (`.ci/run` installs Debian's `redis-server`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, Socket } from 'node:net';

export const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) => existsSync(path));

export interface RunningRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startOn(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(REDIS_SERVER!, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) on port ${port}: ${output.trim()}`)));
    // Ready when it answers on its port (its log line depends on --loglevel).
    const poll = setInterval(() => {
      const probe = new Socket();
      probe.once('connect', () => {
        probe.destroy();
        clearInterval(poll);
        child.removeAllListeners('exit');
        resolve(child);
      });
      probe.once('error', () => probe.destroy());
      probe.connect(port, '127.0.0.1');
    }, 20);
    child.once('exit', () => clearInterval(poll));
  });
}

export async function startRedis(): Promise<RunningRedis> {
  if (REDIS_SERVER === undefined) {
    throw new Error('redis-server is not installed: the Redis store is tested against a real server (apt-get install redis-server; .ci/run does).');
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    try {
      const child = await startOn(port);
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    } catch (error) {
      lastError = error; // the port was taken meanwhile: try another
    }
  }
  throw lastError;
}

/** Starts a redis-server for the suite (beforeAll) and stops it (afterAll). */
export function useRedis(): { readonly url: () => string; readonly server: () => RunningRedis } {
  let running: RunningRedis | undefined;
  beforeAll(async () => {
    running = await startRedis();
  });
  afterAll(async () => {
    await running?.stop();
  });
  return {
    url: () => running!.url,
    server: () => running!,
  };
}
