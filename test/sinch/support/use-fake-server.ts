/**
 * Per test file: one FakeServer, reset before each test, and a guard that makes any connection to a host
 * other than loopback throw (no test reaches the internet).
 */
import net from 'node:net';
import { FakeServer } from './fake-server';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', undefined]);

function guardNetwork(): () => void {
  const original = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guarded(this: net.Socket, ...args: any[]) {
    const first = args[0];
    const host = typeof first === 'object' && first !== null ? first.host : typeof args[1] === 'string' ? args[1] : undefined;
    if (!LOOPBACK.has(host)) throw new Error(`test tried to reach ${host}: only loopback is allowed`);
    return (original as any).apply(this, args);
  } as typeof original;
  return () => {
    net.Socket.prototype.connect = original;
  };
}

export function useFakeServer(): { readonly server: FakeServer } {
  const holder: { server?: FakeServer } = {};
  let restore: (() => void) | undefined;
  beforeAll(async () => {
    restore = guardNetwork();
    holder.server = await FakeServer.start();
  });
  beforeEach(() => holder.server!.reset());
  // A request no test expected is a bug in the client or the test.
  afterEach(() => expect(holder.server!.unexpected.map((r) => `${r.method} ${r.url}`)).toEqual([]));
  afterAll(async () => {
    await holder.server?.close();
    restore?.();
  });
  return {
    get server(): FakeServer {
      return holder.server!;
    },
  };
}
