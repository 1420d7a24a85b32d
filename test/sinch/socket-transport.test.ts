/**
 * The default transport (src/sinch/http/socket-transport.ts): HTTP/1.1 on bare keep-alive sockets, and its
 * response reader. The reader is fed bytes directly, whole and split at every byte; the transport talks to
 * real servers on 127.0.0.1 (a `net` server where the test must write exact bytes, `node:http` and
 * `node:https` where it needs a real HTTP server). What both transports must do alike (keep-alive reuse,
 * never-connected vs lost, a cut-off answer, the stale-socket repeat) is in transport.test.ts and
 * stale-socket.test.ts, run on each.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { MalformedResponseError, ResponseReader, ResponseTooLargeError, type ReadResponse } from '../../src/sinch/http/response-reader';
import { send } from '../../src/sinch/http/socket-transport';
import { TransportError } from '../../src/sinch/http/transport-error';

const LIMIT = 1024;

/** Feed `text` to a fresh reader in pieces of `size` bytes; the response it completes with. */
function readIn(text: string | Buffer, size = Infinity, limit = LIMIT): ReadResponse | undefined {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const reader = new ResponseReader(limit);
  let response: ReadResponse | undefined;
  for (let at = 0; at < bytes.length; at += Math.min(size, bytes.length)) {
    const got = reader.push(bytes.subarray(at, at + Math.min(size, bytes.length)));
    if (got !== undefined) {
      expect(response).toBeUndefined(); // completes once
      response = got;
    }
  }
  return response ?? reader.end();
}

/** The same response read whole and split at every byte. */
function readBothWays(text: string): ReadResponse | undefined {
  const whole = readIn(text);
  expect(readIn(text, 1)).toEqual(whole);
  return whole;
}

const OK_JSON = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}';

describe('the response reader', () => {
  it('reads a response whose head and content-length body arrive in one chunk, or a byte at a time', () => {
    expect(readBothWays(OK_JSON)).toEqual({
      status: 200,
      statusText: 'OK',
      headers: Object.assign(Object.create(null), { 'content-type': 'application/json', 'content-length': '11' }),
      data: '{"ok":true}',
      reusable: true,
      keepAliveMs: undefined,
    });
  });

  it('decodes a UTF-8 body whose multi-byte characters are split between chunks', () => {
    const body = 'Grüße 👋 ✓';
    const text = `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    expect(readBothWays(text)?.data).toBe(body);
  });

  it('reads a chunked body with chunk extensions and trailer fields', () => {
    const text = 'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4;name=x\r\n{"a"\r\nA\r\n:"0123456"\r\n1\r\n}\r\n0\r\nX-Trailer: t\r\n\r\n';
    expect(readBothWays(text)).toMatchObject({ status: 201, data: '{"a":"0123456"}', reusable: true });
  });

  it('reads a body delimited by the end of the connection, and never reuses that connection', () => {
    expect(readBothWays('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it')).toMatchObject({ data: 'all of it', reusable: false });
  });

  it('skips interim 1xx answers and reads the final one', () => {
    expect(readBothWays(`HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n${OK_JSON}`)).toMatchObject({
      status: 200,
      data: '{"ok":true}',
    });
  });

  it('gives 204 and 304 no body, and keeps the connection', () => {
    expect(readBothWays('HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n')).toMatchObject({ status: 204, data: '', reusable: true });
    expect(readBothWays('HTTP/1.1 304 Not Modified\r\n\r\n')).toMatchObject({ status: 304, data: '', reusable: true });
  });

  it('does not reuse a connection the server closes, or an HTTP/1.0 one without keep-alive', () => {
    expect(readIn('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')?.reusable).toBe(false);
    expect(readIn('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n')?.reusable).toBe(false);
    expect(readIn('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n')?.reusable).toBe(true);
  });

  it("reads the server's keep-alive timeout", () => {
    expect(readIn('HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5, max=100\r\nContent-Length: 0\r\n\r\n')?.keepAliveMs).toBe(5000);
  });

  it('does not reuse a connection that carried bytes past the end of the response', () => {
    expect(readIn(`${OK_JSON}HTTP/1.1 200 OK\r\n`)).toMatchObject({ data: '{"ok":true}', reusable: false });
  });

  it('joins repeated headers and keeps a header named __proto__ as an ordinary key', () => {
    const response = readIn('HTTP/1.1 200 OK\r\nVia: a\r\nvia: b\r\n__proto__: x\r\nContent-Length: 0\r\n\r\n');
    expect(response?.headers.via).toBe('a, b');
    expect(response?.headers.__proto__).toBe('x');
    expect(Object.getPrototypeOf(response?.headers)).toBeNull();
  });

  it('refuses a body over the limit from its content-length, before reading it', () => {
    const reader = new ResponseReader(10);
    expect(() => reader.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n'))).toThrow(ResponseTooLargeError);
  });

  it('refuses a chunked body once it grows over the limit', () => {
    expect(() => readIn('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n123456\r\n6\r\n123456\r\n0\r\n\r\n', 1, 10)).toThrow(
      ResponseTooLargeError,
    );
    expect(() => readIn('HTTP/1.1 200 OK\r\n\r\n' + 'x'.repeat(11), 4, 10)).toThrow(ResponseTooLargeError);
  });

  it.each([
    ['a status line that is not HTTP/1.x', 'HTTP/2 200\r\n\r\n'],
    ['two different content-lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx'],
    ['a content-length that is not a number', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'],
    ['a folded header line', 'HTTP/1.1 200 OK\r\nX-A: 1\r\n  continued\r\nContent-Length: 0\r\n\r\n'],
    ['a malformed chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['chunk data not followed by CRLF', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n'],
    ['a protocol switch', 'HTTP/1.1 101 Switching Protocols\r\n\r\n'],
  ])('refuses %s as malformed', (_what, text) => {
    expect(() => readIn(text)).toThrow(MalformedResponseError);
  });

  it('never reuses a connection whose answer has both transfer-encoding and content-length', () => {
    const text = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n2\r\nok\r\n0\r\n\r\n';
    expect(readBothWays(text)).toMatchObject({ data: 'ok', reusable: false });
  });
});

/** A `net` server that answers every request on a connection with `answer(n)` (n counts requests per connection). */
function scriptedServer(answer: (requestOnConnection: number, request: string) => string | undefined) {
  const requests: string[] = [];
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let n = 0;
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let end: number;
      while ((end = buffer.indexOf('\r\n\r\n')) !== -1) {
        const head = buffer.slice(0, end);
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        const request = buffer.slice(0, end + 4 + length);
        buffer = buffer.slice(end + 4 + length);
        requests.push(request);
        const reply = answer(n++, request);
        if (reply !== undefined) socket.write(reply);
      }
    });
    socket.on('error', () => undefined);
  });
  return {
    requests,
    connections: () => connections,
    /** Connections still open on the server's side. */
    open: () => sockets.size,
    url: '',
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      this.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('the socket transport on real sockets', () => {
  let server: ReturnType<typeof scriptedServer>;
  let reply: (n: number, request: string) => string | undefined;
  beforeEach(async () => {
    reply = () => OK_JSON;
    server = scriptedServer((n, request) => reply(n, request));
    await server.listen();
  });
  afterEach(() => server.close());

  it('writes one well-formed request with the host, the headers given and the body length', async () => {
    const response = await send({ url: `${server.url}/xms/v1/p/batches?page=2`, method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, data: '{"body":"Grüße"}' });
    expect(response).toMatchObject({ status: 200, data: '{"ok":true}' });
    const port = new URL(server.url).port;
    expect(server.requests).toEqual([
      `POST /xms/v1/p/batches?page=2 HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nauthorization: Bearer t\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength('{"body":"Grüße"}')}\r\n\r\n{"body":"Grüße"}`
        .replace('Grüße', Buffer.from('Grüße', 'utf8').toString('latin1')),
    ]);
  });

  it('sends a URL with a query and no path as a request for / with that query', async () => {
    await send({ url: `${server.url}?page=2`, method: 'GET', headers: {} });
    expect(server.requests[0].split('\r\n')[0]).toBe('GET /?page=2 HTTP/1.1');
  });

  it('refuses a header value that would end the line, before connecting', async () => {
    const error = await failureOf(send({ url: `${server.url}/x`, method: 'GET', headers: { authorization: 'Bearer t\r\nx-injected: 1' } }));
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toContain('invalid character in header "authorization"');
    expect(server.connections()).toBe(0);
  });

  it('refuses a path with characters that must be escaped, before connecting', async () => {
    const error = await failureOf(send({ url: `${server.url}/a b`, method: 'GET', headers: {} }));
    expect(String(error)).toContain('must be escaped');
    expect(server.connections()).toBe(0);
  });

  it('opens a new connection after an answer that closes it', async () => {
    reply = () => 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok';
    for (let i = 0; i < 3; i++) expect((await send({ url: `${server.url}/x`, method: 'GET', headers: {} })).data).toBe('ok');
    expect(server.connections()).toBe(3);
  });

  it("does not reuse an idle connection past the server's keep-alive timeout", async () => {
    // timeout=1: the transport keeps a connection until a second before the server's limit, i.e. not at all.
    reply = () => 'HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1\r\nContent-Length: 2\r\n\r\nok';
    await send({ url: `${server.url}/x`, method: 'GET', headers: {} });
    await send({ url: `${server.url}/x`, method: 'GET', headers: {} });
    expect(server.connections()).toBe(2);
  });

  it('closes a connection left idle past its limit on its own, with no further request', async () => {
    // timeout=2: the connection may idle 1 s; the transport's sweep (every 5 s while any is idle) closes it.
    reply = () => 'HTTP/1.1 200 OK\r\nKeep-Alive: timeout=2\r\nContent-Length: 2\r\n\r\nok';
    await send({ url: `${server.url}/x`, method: 'GET', headers: {} });
    expect(server.open()).toBe(1);
    while (server.open() > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.connections()).toBe(1);
  });

  it('many requests at once each get their own answer, on connections that are then reused', async () => {
    reply = (_n, request) => {
      const id = /GET \/(\d+)/.exec(request)?.[1] ?? '?';
      return `HTTP/1.1 200 OK\r\nContent-Length: ${id.length}\r\n\r\n${id}`;
    };
    const ids = Array.from({ length: 20 }, (_, i) => String(i));
    const first = await Promise.all(ids.map((id) => send({ url: `${server.url}/${id}`, method: 'GET', headers: {} })));
    const second = await Promise.all(ids.map((id) => send({ url: `${server.url}/${id}`, method: 'GET', headers: {} })));
    expect([...first, ...second].map((r) => r.data)).toEqual([...ids, ...ids]);
    expect(server.connections()).toBe(20);
  });

  it('times out a request that gets no answer, as one that may have reached the server', async () => {
    // The first request opens the connection the second reuses: connected before its timeout can start,
    // however long a connection takes on a loaded machine.
    reply = (n) => (n === 0 ? OK_JSON : undefined);
    await send({ url: `${server.url}/first`, method: 'GET', headers: {} });
    const error = await failureOf(send({ url: `${server.url}/slow`, method: 'POST', headers: {}, data: '{}', timeout: 50 }));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ failure: 'timeout', mayHaveReachedServer: true });
  });

  it("ends every request of a run when the run's signal aborts, and closes their connections", async () => {
    reply = () => undefined;
    const controller = new AbortController();
    const requests = [1, 2].map(() => failureOf(send({ url: `${server.url}/wait`, method: 'GET', headers: {}, signal: controller.signal })));
    while (server.requests.length < 2) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    for (const error of await Promise.all(requests)) expect(error).toMatchObject({ failure: 'aborted', mayHaveReachedServer: true });
    reply = () => OK_JSON;
    expect((await send({ url: `${server.url}/after`, method: 'GET', headers: {} })).data).toBe('{"ok":true}');
    expect(server.connections()).toBe(3);
  });

  it('refuses an answer larger than the limit, and a malformed one, as failures that may have reached the server', async () => {
    reply = () => 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n';
    expect(await failureOf(send({ url: `${server.url}/big`, method: 'GET', headers: {}, maxContentLength: 10 }))).toMatchObject({
      failure: 'too_large',
      mayHaveReachedServer: true,
    });
    reply = () => 'SMTP ready\r\n\r\n';
    expect(await failureOf(send({ url: `${server.url}/odd`, method: 'GET', headers: {} }))).toMatchObject({
      failure: 'connection_lost',
      mayHaveReachedServer: true,
    });
  });

  it('reads an answer a server sends chunked, and one it ends by closing', async () => {
    const httpServer = http.createServer((req, res) => {
      if (req.url === '/chunked') {
        res.write('{"part":1,');
        setImmediate(() => res.end('"done":true}'));
      } else {
        res.shouldKeepAlive = false;
        res.removeHeader('transfer-encoding');
        res.useChunkedEncodingByDefault = false;
        res.end('until close');
      }
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(httpServer.address() as net.AddressInfo).port}`;
    try {
      expect((await send({ url: `${url}/chunked`, method: 'GET', headers: {} })).data).toBe('{"part":1,"done":true}');
      expect((await send({ url: `${url}/close`, method: 'GET', headers: {} })).data).toBe('until close');
    } finally {
      httpServer.closeAllConnections();
      await new Promise((resolve) => httpServer.close(resolve));
    }
  });
});

describe('the socket transport over TLS', () => {
  const TLS = path.join(__dirname, 'support', 'tls');
  const cert = fs.readFileSync(path.join(TLS, 'cert.pem'));
  let server: https.Server;
  let url: string;
  beforeAll(async () => {
    server = https.createServer({ cert, key: fs.readFileSync(path.join(TLS, 'key.pem')) }, (req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ path: req.url, port: req.socket.remotePort }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://localhost:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("refuses a server whose certificate nothing trusts, as a connection that was never made", async () => {
    const error = await failureOf(send({ url: `${url}/x`, method: 'POST', headers: {}, data: '{}' }));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ failure: 'connect', mayHaveReachedServer: false });
    expect((error as TransportError).code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
  });

  it('talks to a trusted server over one kept connection, and lets the process exit with it idle', async () => {
    // A process of its own: Node reads NODE_EXTRA_CA_CERTS at start-up only. It never closes its idle
    // connection, so exiting on its own shows that an idle connection does not hold the process open.
    // It runs the built transport (dist/, made by `npm run build` before the tests, as the e2e tests need).
    const transport = path.join(__dirname, '..', '..', 'dist', 'sinch', 'http', 'socket-transport.js');
    const script = `
      const { send } = require(${JSON.stringify(transport)});
      (async () => {
        const a = await send({ url: ${JSON.stringify(`${url}/a`)}, method: 'GET', headers: {} });
        const b = await send({ url: ${JSON.stringify(`${url}/b`)}, method: 'GET', headers: {} });
        console.log(JSON.stringify([JSON.parse(a.data), JSON.parse(b.data)]));
      })().catch((e) => { console.error(String(e)); process.exit(3); });`;
    const child = spawn(process.execPath, ['-e', script], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(TLS, 'cert.pem') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const [a, b] = JSON.parse(out) as { path: string; port: number }[];
    expect([a.path, b.path]).toEqual(['/a', '/b']);
    expect(b.port).toBe(a.port);
  });
});
