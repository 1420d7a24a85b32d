/**
 * A scripted HTTP server on 127.0.0.1:0 standing in for Sinch in unit tests: replies are queued per route
 * and consumed in order, every request is recorded, and a reply can also drop the connection after the
 * request was read (an answer lost after commit) or never answer (a timeout).
 *
 * Why not nock: nock 15 is ESM-only and needs Promise.withResolvers (Node 22), so this CommonJS jest on
 * Node 20 cannot load it without changing jest.config.ts. A real socket also exercises the keep-alive
 * transport as it runs in production.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Path and query exactly as sent. */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  readonly json: any;
  /** The client's port: equal for requests that reused a keep-alive connection. */
  readonly remotePort: number | undefined;
}

export type Reply =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | { readonly drop: true }
  | { readonly hang: true };

export type Responder = Reply | ((request: RecordedRequest) => Reply | Promise<Reply>);

interface Route {
  readonly method: string;
  readonly path: string | RegExp;
  readonly responder: Responder;
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

  /** Queue `responder` for the next `times` requests matching method and path (string: exact path without query). */
  on(method: string, path: string | RegExp, responder: Responder, times = 1): this {
    this.routes.push({ method: method.toUpperCase(), path, responder, remaining: times });
    return this;
  }

  /** Routes queued but not used: a test that expected them all to be hit checks this is empty. */
  pending(): string[] {
    return this.routes.filter((route) => route.remaining > 0).map((route) => `${route.method} ${String(route.path)}`);
  }

  count(method: string, path: string): number {
    return this.requests.filter((request) => request.method === method && request.path === path).length;
  }

  reset(): void {
    this.routes.length = 0;
    this.requests.length = 0;
    this.unexpected.length = 0;
  }

  /** Close every connection (keep-alive sockets of the client included). */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const parsed = new URL(req.url ?? '/', 'http://x');
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(parsed.pathname),
      query: parsed.searchParams,
      url: req.url ?? '/',
      headers: req.headers,
      body,
      json,
      remotePort: req.socket.remotePort,
    };
    this.requests.push(request);
    const route = this.routes.find(
      (candidate) =>
        candidate.remaining > 0 &&
        candidate.method === request.method &&
        (typeof candidate.path === 'string' ? candidate.path === request.path : candidate.path.test(request.url)),
    );
    if (!route) {
      this.unexpected.push(request);
      res.writeHead(599, { 'content-type': 'text/plain' }).end(`no route for ${request.method} ${request.url}`);
      return;
    }
    route.remaining -= 1;
    const reply = typeof route.responder === 'function' ? await route.responder(request) : route.responder;
    if ('drop' in reply) {
      req.socket.destroy();
      return;
    }
    if ('hang' in reply) return;
    const headers: Record<string, string> = { ...reply.headers };
    let text = '';
    if (typeof reply.body === 'string') text = reply.body;
    else if (reply.body !== undefined) {
      text = JSON.stringify(reply.body);
      headers['content-type'] ??= 'application/json';
    }
    res.writeHead(reply.status, headers).end(text);
  }
}
