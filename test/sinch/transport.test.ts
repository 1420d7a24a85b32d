/**
 * The transport on real sockets. These stay on a local scripted server (support/fake-server.ts) rather than
 * nock, because what they check happens below what nock can fake:
 * - keep-alive reuse is about the agent's TCP connections (nock replaces the socket);
 * - "never connected" vs "lost after sending" is classified from the errors a real socket raises
 *   (with nock the test would only read back the code it injected);
 * - an answer cut off in the middle of its body (`res` 'aborted'): nock can reply with an error or a whole
 *   body, not a head and half a body followed by a reset.
 */
import { useFakeServer } from './support/use-fake-server';
import { account, batch, planConfig, rejectionOf, testClient } from './support/fixtures';
import { keepAliveAgents, nodeHttp, nodeHttpAdapter, TransportError } from '../../src/sinch/http/transport';
import { socketHttp, send as socketSend } from '../../src/sinch/http/socket-transport';
import { axiosAdapter, sinchHttp } from '../../src/sinch/http/axios-adapter';
import type { HttpClient } from '../../src/sinch/http/http-client';
import type { AxiosAdapter } from 'axios';
import { SinchServices } from '../../src/sinch/services';
import axios from 'axios';

const fake = useFakeServer();
const groups = { count: 0, page: 0, page_size: 0, groups: [] };
const SMS = '/xms/v1/test-plan';
const local = () => planConfig({ sms_base_url: fake.server.url });

describe.each<[string, HttpClient, AxiosAdapter]>([
  ['the socket transport (the default)', socketHttp, axiosAdapter(socketSend)],
  ['the node:http transport', nodeHttp, nodeHttpAdapter],
])('%s on real sockets', (_name, transport, adapter) => {
  it('reuses one keep-alive connection for sequential calls', async () => {
    const { client } = testClient(local(), { http: transport });
    fake.server.on('GET', `${SMS}/groups`, { status: 200, body: groups }, 5);
    for (let i = 0; i < 5; i++) await client.listGroups();
    const ports = new Set(fake.server.requests.map((r) => r.remotePort));
    expect(fake.server.requests).toHaveLength(5);
    expect(ports.size).toBe(1);
  });

  it('tells a connection that was never made from one lost after the request was sent', async () => {
    const http = axios.create({ adapter, transformResponse: [] });
    const refused = await rejectionOf(http.get('http://127.0.0.1:1/x'));
    expect(refused).toBeInstanceOf(TransportError);
    expect(refused).toMatchObject({ failure: 'connect', code: 'ECONNREFUSED', mayHaveReachedServer: false });
    fake.server.on('POST', '/x', { drop: true });
    const lost = await rejectionOf(http.post(`${fake.server.url}/x`, '{}'));
    expect(lost).toMatchObject({ failure: 'connection_lost', mayHaveReachedServer: true });
    expect(fake.server.requests.map((r) => r.body)).toEqual(['{}']);
  });

  it('reports an answer cut off in the middle of its body as lost, not as a short answer', async () => {
    const http = axios.create({ adapter, transformResponse: [] });
    fake.server.on('GET', '/cut', { cut: true, status: 200, body: { padding: 'x'.repeat(1000) } });
    const cut = await rejectionOf(http.get(`${fake.server.url}/cut`));
    expect(cut).toMatchObject({ failure: 'connection_lost', mayHaveReachedServer: true });
  });

  it('looks a send up, and does not POST again, when its answer is cut off mid-body', async () => {
    const created = batch({ id: 'B1', client_reference: 'kosmo-ref' });
    fake.server.on('POST', `${SMS}/batches`, { cut: true, status: 201, body: created });
    fake.server.on('GET', `${SMS}/batches`, { status: 200, body: { count: 1, page: 0, page_size: 1, batches: [created] } });
    const { client } = testClient(local(), { http: transport, newClientReference: () => 'kosmo-ref' });
    await expect(client.sendBatch({ to: ['+12025550134'], body: 'Hello' })).resolves.toEqual(created);
    expect(fake.server.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
  });

});

describe('the transports, shared', () => {
  it('shares one agent and one axios instance across clients', () => {
    expect(keepAliveAgents()).toBe(keepAliveAgents());
    expect((keepAliveAgents().http as unknown as { keepAlive: boolean }).keepAlive).toBe(true);
    expect(sinchHttp()).toBe(sinchHttp());
  });

  it('gives a client the socket transport unless told otherwise', async () => {
    fake.server.on('GET', `${SMS}/groups`, { status: 200, body: groups });
    const { client } = testClient(local(), { http: undefined });
    await client.listGroups();
    // node:http sends `connection: keep-alive` on an agent that keeps sockets; the socket transport does not.
    expect(fake.server.requests[0].headers.connection).toBeUndefined();
  });

  it('keeps one client per account configuration, per host', () => {
    const services = new SinchServices();
    const config = local();
    expect(services.client(account(config))).toBe(services.client(account(config, 'other-name')));
    expect(services.client(account(config))).not.toBe(services.client(account({ ...config })));
    expect(new SinchServices().client(account(config))).not.toBe(services.client(account(config)));
  });
});
