import net from 'node:net';
import { send as socketSend } from '../../src/sinch/http/socket-transport';
import { send as nodeSend, TransportError } from '../../src/sinch/http/transport';

/**
 * A server that answers the first request on every connection and resets the connection on the next one:
 * what a client sees when the server closes an idle keep-alive socket just as the client reuses it.
 */
function resettingServer() {
  const seen: string[] = [];
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let answered = false;
    let buffer = '';
    socket.on('data', (chunk) => {
      if (answered) {
        seen.push('reset');
        socket.destroy();
        return;
      }
      buffer += chunk.toString('latin1');
      if (!buffer.includes('\r\n\r\n')) return;
      seen.push(buffer.split(' ', 2).join(' '));
      answered = true;
      const body = '{"ok":true}';
      socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n${body}`);
    });
    socket.on('error', () => undefined);
  });
  return {
    seen,
    connections: () => connections,
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}`))),
    // The clients' idle keep-alive connections are closed here: server.close() waits for every connection.
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe.each([
  ['the socket transport (the default)', socketSend],
  ['the node:http transport', nodeSend],
])('a keep-alive socket reset as it is reused, on %s', (_name, send) => {
  const server = resettingServer();
  let url: string;
  beforeAll(async () => {
    url = await server.listen();
  });
  afterAll(() => server.close());

  it('repeats a read once, at once, on a new connection', async () => {
    const first = await send({ url: `${url}/a`, method: 'GET', headers: {} });
    const second = await send({ url: `${url}/b`, method: 'GET', headers: {} });
    expect([first.status, second.data]).toEqual([200, '{"ok":true}']);
    expect(server.seen).toEqual(['GET /a', 'reset', 'GET /b']);
  });

  it('does not repeat a read that is itself a retry: a call makes at most one such repeat', async () => {
    await send({ url: `${url}/e`, method: 'GET', headers: {} }); // leaves a connection that answered, idle
    const error = await send({ url: `${url}/f`, method: 'GET', headers: {}, repeatOnStaleSocket: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ failure: 'connection_lost' });
    expect(server.seen.at(-1)).toBe('reset');
    expect(server.seen).not.toContain('GET /f');
  });

  it('never repeats a send: it fails as a connection lost after the request may have been read', async () => {
    await send({ url: `${url}/c`, method: 'GET', headers: {} }); // leaves a connection that answered, idle
    const error = await send({ url: `${url}/d`, method: 'POST', headers: {}, data: '{}' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ failure: 'connection_lost', mayHaveReachedServer: true });
    // The POST reached only a connection that was reset; it was not sent again on a new one.
    expect(server.seen.at(-1)).toBe('reset');
    expect(server.seen.filter((line) => line.startsWith('POST'))).toEqual([]);
  });

  it('repeats it on a new connection, not on another idle one (idle longer, so stale too)', async () => {
    // Two requests at once leave two connections that answered, idle; both reset when reused.
    await Promise.all([send({ url: `${url}/g1`, method: 'GET', headers: {} }), send({ url: `${url}/g2`, method: 'GET', headers: {} })]);
    const before = server.connections();
    const response = await send({ url: `${url}/h`, method: 'GET', headers: {} });
    expect(response.data).toBe('{"ok":true}');
    expect(server.seen.slice(-2)).toEqual(['reset', 'GET /h']);
    expect(server.connections()).toBe(before + 1);
  });
});
