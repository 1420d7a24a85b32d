/**
 * nock for the Sinch client's unit tests (the project rule: "nock is for unit tests of the HTTP client").
 *
 * `useNock()` makes every request of a test file meet nock, never the network (`disableNetConnect`), and
 * checks after each test that exactly the requests the test scripted were made: every interceptor was used
 * (`pendingMocks` empty) and no request went unmatched. Interceptors match the path and the query exactly,
 * the body where a test gives one, and the headers the scopes below require (`Authorization`, `Accept`), so
 * a request the test did not expect — a second POST, a missing refresh, a wrong header — fails the test.
 * `requestsMade()` lists them in order for tests where order and count are the point.
 *
 * Node's `http` module is shared by the test files of a jest worker: `afterAll` restores it, so that files
 * which need real sockets (transport.test.ts, the emulator's tests) are not intercepted.
 *
 * nock 14 (@mswjs/interceptors 0.39) crashes the process on `.replyWithError({ code: 'ECONNRESET' })` with
 * a plain object (msw takes it for a Response): use `systemError()`, a real Error with `code` and `errno`.
 */
import nock from 'nock';
import { BASIC, PLAN, PROJECT, TOKEN } from './fixtures';

export const SMS_ORIGIN = 'https://us.sms.api.sinch.com';
export const NUMBERS_ORIGIN = 'https://numbers.api.sinch.com';
export const AUTH_ORIGIN = 'https://auth.sinch.com';

/** Path prefixes, as the client appends them to the origins. */
export const SMS = `/xms/v1/${PLAN}`;
export const OAUTH_SMS = `/xms/v1/${PROJECT}`;
export const NUMBERS = `/v1/projects/${PROJECT}`;

export interface MadeRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const made: MadeRequest[] = [];
const unmatched: string[] = [];

function onNoMatch(request: { method?: string; path?: string; host?: string; hostname?: string }): void {
  unmatched.push(`${request.method ?? '?'} ${request.hostname ?? request.host ?? ''}${request.path ?? ''}`);
}

export function useNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.emitter.on('no match', onNoMatch);
  });
  beforeEach(() => {
    made.length = 0;
    unmatched.length = 0;
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.abortPendingRequests();
    nock.cleanAll();
    expect({ unmatched: [...unmatched], pending }).toEqual({ unmatched: [], pending: [] });
  });
  afterAll(() => {
    nock.emitter.removeListener('no match', onNoMatch);
    nock.enableNetConnect();
    nock.restore();
  });
}

/** Every request nock answered in this test, in order. */
export function requestsMade(): readonly MadeRequest[] {
  return made;
}

/** `METHOD /path?query` of every request made in this test, in order. */
export function requestLines(): string[] {
  return made.map((request) => `${request.method} ${request.path}`);
}

/** A scope on `origin` that records its requests and only matches those carrying `headers`. */
export function scope(origin: string, headers: Record<string, string>): nock.Scope {
  const recorded = nock(origin, { reqheaders: headers });
  recorded.on('request', (req: { method: string; path: string; headers: Record<string, string> }, _interceptor: unknown, body: string) => {
    made.push({ method: req.method, path: req.path, headers: { ...req.headers }, body: body ?? '' });
  });
  return recorded;
}

/** The SMS API with service-plan auth (`Bearer {api_token}`). */
export function smsApi(origin: string = SMS_ORIGIN, token: string = TOKEN): nock.Scope {
  return scope(origin, { authorization: `Bearer ${token}`, accept: 'application/json' });
}

/** An API called with an OAuth2 access token: the Numbers API, or the SMS API's `zt.` hosts. */
export function bearerApi(origin: string, accessToken: string): nock.Scope {
  return scope(origin, { authorization: `Bearer ${accessToken}`, accept: 'application/json' });
}

/** Sinch's OAuth2 token endpoint: Basic `key_id:key_secret` and a form body. */
export function authServer(origin: string = AUTH_ORIGIN, basic: string = BASIC): nock.Scope {
  return scope(origin, {
    authorization: `Basic ${basic}`,
    accept: 'application/json',
    'content-type': 'application/x-www-form-urlencoded',
  });
}

/** A token response body as Sinch sends it. */
export function tokenBody(accessToken: string, expiresIn = 3600): Record<string, unknown> {
  return { access_token: accessToken, expires_in: expiresIn, scope: '', token_type: 'bearer' };
}

/** `POST /oauth2/token` answered with `accessToken`. */
export function grantsToken(accessToken: string, expiresIn = 3600, origin: string = AUTH_ORIGIN): nock.Scope {
  return authServer(origin).post('/oauth2/token', 'grant_type=client_credentials').reply(200, tokenBody(accessToken, expiresIn));
}

/** An error as Node's sockets raise it (`code` and `errno`), for `replyWithError`. */
export function systemError(code: 'ECONNRESET' | 'ECONNREFUSED' | 'EPIPE' | 'ENOTFOUND'): Error {
  const errno = { ECONNRESET: -104, ECONNREFUSED: -111, EPIPE: -32, ENOTFOUND: -3008 }[code];
  return Object.assign(new Error(`${code} (simulated by nock)`), { code, errno, syscall: code === 'ECONNREFUSED' ? 'connect' : 'read' });
}
