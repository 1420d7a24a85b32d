/**
 * A scripted HTTP server on 127.0.0.1:0, for the few transport tests that need a real socket (everything
 * else runs on nock: support/nock.ts). Replies are queued per route and consumed in order, every request is
 * recorded with the client's port (equal for requests that reused a keep-alive connection), and a reply can
 * drop the connection after reading the request, or send the head and part of the body and then drop it.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query exactly as sent. */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** The client's port: equal for requests that reused a keep-alive connection. */
  readonly remotePort: number | undefined;
}

export type Reply =
  | { readonly status: number; readonly body?: unknown }
  /** Destroy the socket once the request has been read: no answer at all. */
  | { readonly drop: true }
  /** Send the status line, headers and the first half of `body`, then destroy the socket. */
  | { readonly cut: true; readonly status: number; readonly body: unknown };

interface Route {
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
  readonly reply: Reply;
  remaining: number;
}

export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  readonly unexpected: RecordedRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<FakeServer> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => void fake.handle(req, res));
    return fake;
  }

  /** Queue `reply` for the next `times` requests with this method and path (without the query). */
  on(method: string, path: string, reply: Reply, times = 1): this {
    this.routes.push({ method: method.toUpperCase(), path, reply, remaining: times });
    return this;
  }

  reset(): void {
    this.routes.length = 0;
    this.requests.length = 0;
    this.unexpected.length = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      remotePort: req.socket.remotePort,
    };
    this.requests.push(request);
    const path = new URL(request.url, 'http://x').pathname;
    const route = this.routes.find((r) => r.remaining > 0 && r.method === request.method && r.path === path);
    if (!route) {
      this.unexpected.push(request);
      res.writeHead(599, { 'content-type': 'text/plain' }).end(`no route for ${request.method} ${request.url}`);
      return;
    }
    route.remaining -= 1;
    const reply = route.reply;
    if ('drop' in reply) {
      req.socket.destroy();
      return;
    }
    const text = typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
    if ('cut' in reply) {
      res.write(text.slice(0, Math.floor(text.length / 2)), () => req.socket.destroy());
      return;
    }
    res.end(text);
  }
}
