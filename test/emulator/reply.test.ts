/**
 * Replies carry their own content type (issue #15): the writer sends what the reply says, adds only
 * `content-length`, and never forces JSON — so the emulator can serve HTML, scripts and server-sent events.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { json, jsonText, writeReply, type Reply } from '../../src/emulator/server/reply';

let server: Server;
let url: string;
let next: Reply;

beforeAll(async () => {
  server = createServer((_req, res) => writeReply(res, next));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function answer(reply: Reply) {
  next = reply;
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), length: res.headers.get('content-length'), text: await res.text() };
}

describe('the reply writer', () => {
  it('sends a JSON value serialized, as application/json', async () => {
    expect(await answer(json({ a: 1 }, 201))).toEqual({ status: 201, type: 'application/json', length: '7', text: '{"a":1}' });
  });

  it('sends pre-serialized JSON text as it is', async () => {
    expect(await answer(jsonText('{"count":0}'))).toMatchObject({ type: 'application/json', text: '{"count":0}' });
  });

  it('sends HTML with the type the reply names, and counts bytes, not characters', async () => {
    const got = await answer({ status: 200, body: '<p>é</p>', contentType: 'text/html; charset=utf-8' });
    expect(got).toEqual({ status: 200, type: 'text/html; charset=utf-8', length: '9', text: '<p>é</p>' });
  });

  it('sends a reply without a body without a content type', async () => {
    expect(await answer({ status: 204 })).toMatchObject({ status: 204, type: null, text: '' });
  });

  it('hands a stream reply the response after writing its head', async () => {
    const got = await answer({
      status: 200,
      contentType: 'text/event-stream',
      stream: (res) => res.end('data: hi\n\n'),
    });
    expect(got).toEqual({ status: 200, type: 'text/event-stream', length: null, text: 'data: hi\n\n' });
  });
});
