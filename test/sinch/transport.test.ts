import axios from 'axios';
import { useFakeServer } from './support/use-fake-server';
import { planConfig, rejectionOf, SMS, testClient } from './support/fixtures';
import { keepAliveAgents, nodeHttpAdapter, sinchHttp, TransportError } from '../../src/sinch/http/transport';
import { clientFor, setClientDefaults } from '../../src/sinch/functions/client-for';
import { account } from './support/fixtures';

const fake = useFakeServer();
const groups = { count: 0, page: 0, page_size: 0, groups: [] };

describe('the HTTP transport', () => {
  it('reuses one keep-alive connection for sequential calls', async () => {
    const { client } = testClient(planConfig(fake.server.url));
    fake.server.on('GET', `${SMS}/groups`, { status: 200, body: groups }, 5);
    for (let i = 0; i < 5; i++) await client.listGroups();
    const ports = new Set(fake.server.requests.map((r) => r.remotePort));
    expect(ports.size).toBe(1);
  });

  it('shares one agent and one axios instance across clients', () => {
    expect(keepAliveAgents()).toBe(keepAliveAgents());
    expect((keepAliveAgents().http as unknown as { keepAlive: boolean }).keepAlive).toBe(true);
    expect(sinchHttp()).toBe(sinchHttp());
  });

  it('refuses a response larger than maxContentLength', async () => {
    const http = axios.create({ adapter: nodeHttpAdapter, transformResponse: [], maxContentLength: 1000 });
    fake.server.on('GET', '/big', { status: 200, body: 'x'.repeat(5000) });
    const error = await rejectionOf(http.get(`${fake.server.url}/big`));
    expect(error).toBeInstanceOf(TransportError);
    expect(error.failure).toBe('too_large');
  });

  it('tells a connection that was never made from one lost after the request was sent', async () => {
    const http = axios.create({ adapter: nodeHttpAdapter, transformResponse: [] });
    const refused = await rejectionOf(http.get('http://127.0.0.1:1/x'));
    expect(refused).toMatchObject({ failure: 'connect', code: 'ECONNREFUSED', mayHaveReachedServer: false });
    fake.server.on('POST', '/x', { drop: true });
    const lost = await rejectionOf(http.post(`${fake.server.url}/x`, '{}'));
    expect(lost).toMatchObject({ failure: 'connection_lost', mayHaveReachedServer: true });
  });

  it('sends the body with its length and reads a UTF-8 answer', async () => {
    const { client } = testClient(planConfig(fake.server.url));
    fake.server.on('POST', `${SMS}/batches`, (r) => ({ status: 201, body: { id: 'B1', to: ['12025550134'], body: r.json.body, created_at: 'x' } }));
    const result = await client.sendBatch({ to: ['+12025550134'], body: 'Grüße 👋' });
    expect(result.body).toBe('Grüße 👋');
    expect(Number(fake.server.requests[0].headers['content-length'])).toBe(Buffer.byteLength(fake.server.requests[0].body));
  });

  it('keeps one client per account configuration', () => {
    setClientDefaults({});
    const config = planConfig(fake.server.url);
    expect(clientFor(account(config))).toBe(clientFor(account(config, 'other-name')));
    expect(clientFor(account(config))).not.toBe(clientFor(account({ ...config })));
  });
});
