/**
 * Reads and writes are told apart by construction (issue #15): the client's retry rule applies to requests
 * built with `read()`, and a request built with `write()` — the only kind `POST /batches` is — is sent once,
 * whatever happens, by a method that has no retry loop. Each request sent is counted for the call's record.
 */
import { ApiCaller, read, write } from '../../src/sinch/client/api-caller';
import { nodeHttp } from '../../src/sinch/http/transport';
import { PLAN, rejectionOf, TOKEN } from './support/fixtures';
import { requestLines, SMS, SMS_ORIGIN, smsApi, useNock } from './support/nock';

useNock();

const caller = new ApiCaller({ http: nodeHttp, timeoutMs: 2000, maxRetries: 2, now: Date.now, random: () => 0, sleep: async () => undefined });
const auth = { header: `Bearer ${TOKEN}` };
const url = `${SMS_ORIGIN}/xms/v1/${PLAN}/batches`;

describe('read and write requests', () => {
  it('retries a read that failed transiently, counting every attempt', async () => {
    smsApi().get(`${SMS}/batches`).reply(503, {}).get(`${SMS}/batches`).reply(200, { count: 0, batches: [] });
    let attempts = 0;
    const counter = { countAttempt: () => void attempts++ };
    await caller.read(read({ api: 'sms', method: 'GET', url, auth, attempts: counter }));
    expect(requestLines()).toEqual([`GET ${SMS}/batches`, `GET ${SMS}/batches`]);
    expect(attempts).toBe(2);
  });

  it('sends a write once, even after an answer a read would be retried for', async () => {
    smsApi().post(`${SMS}/batches`).reply(503, {});
    let attempts = 0;
    const error = await rejectionOf(
      caller.writeOnce(write({ api: 'sms', method: 'POST', url, auth, body: '{}', attempts: { countAttempt: () => void attempts++ } })),
    );
    expect(error.status).toBe(503);
    expect(requestLines()).toEqual([`POST ${SMS}/batches`]);
    expect(attempts).toBe(1);
  });

  it('refuses a write request given to the retrying method, and a read given to the write method, sending nothing', async () => {
    const asRead = write({ api: 'sms', method: 'POST', url, auth, body: '{}' }) as unknown as Parameters<ApiCaller['read']>[0];
    await expect(caller.read(asRead)).rejects.toThrow(/given a write request/);
    const asWrite = read({ api: 'sms', method: 'GET', url, auth }) as unknown as Parameters<ApiCaller['writeOnce']>[0];
    await expect(caller.writeOnce(asWrite)).rejects.toThrow(/given a read request/);
    expect(requestLines()).toEqual([]);
  });
});
