/**
 * Who may use which state (docs/sinch-wire.md, "Hosts and authentication"; docs/contract.md for the credentials):
 * - `/xms/v1/{service_plan_id}`: `Bearer {api_token}` of that plan;
 * - `/xms/v1/{project_id}` (Sinch's `zt.` hosts): `Bearer {access_token}` issued to that project;
 * - `/v1/projects/{project_id}`: an access token of that project, or Basic `key_id:key_secret`.
 * Anything else is 401. An expired access token is 401 with `www-authenticate` containing `expired`, the
 * signal clients (and Sinch's SDK) use to refresh once and repeat the request.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { gatewayError, smsError, type EmulatorError, type Headers } from '../errors';
import { iso } from '../time';
import type { Backend } from '../state/backend';
import type { ProjectState } from '../state/project';
import type { SmsAccount } from '../state/sms-account';
import type { TokenCheck } from '../state/tokens';

type Credentials =
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; user: string; password: string }
  | { kind: 'none' };

export function readCredentials(headers: IncomingHttpHeaders): Credentials {
  const header = headers.authorization;
  if (!header) return { kind: 'none' };
  const space = header.indexOf(' ');
  const scheme = space < 0 ? header : header.slice(0, space);
  const value = space < 0 ? '' : header.slice(space + 1).trim();
  if (/^bearer$/i.test(scheme) && value) return { kind: 'bearer', token: value };
  if (/^basic$/i.test(scheme) && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { kind: 'basic', user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return { kind: 'none' };
}

function challenge(check: TokenCheck | undefined, given: boolean): Headers {
  if (check?.status === 'expired') {
    const description = `Jwt expired at ${iso(check.token.expiresMs)}`;
    return { 'www-authenticate': `Bearer error="invalid_token", error_description="${description}"` };
  }
  return { 'www-authenticate': given ? 'Bearer error="invalid_token"' : 'Bearer realm="Sinch"' };
}

function smsUnauthorized(check: TokenCheck | undefined, given: boolean): EmulatorError {
  const text = check?.status === 'expired' ? 'The access token has expired' : 'Invalid or missing credentials';
  return smsError(401, 'unauthorized', text, challenge(check, given));
}

/** The SMS state `/xms/v1/{accountId}` may use with these headers, or a 401. */
export function authorizeSms(
  backend: Backend,
  accountId: string,
  headers: IncomingHttpHeaders,
  nowMs: number,
): SmsAccount {
  const credentials = readCredentials(headers);
  if (credentials.kind !== 'bearer') throw smsUnauthorized(undefined, credentials.kind !== 'none');
  const plan = backend.plans.get(accountId);
  if (plan && credentials.token === plan.config.apiToken) return plan.sms;
  const project = backend.projects.get(accountId);
  const check = backend.tokens.check(credentials.token, nowMs);
  if (project && check.status === 'valid' && check.token.projectId === accountId) return project.sms;
  throw smsUnauthorized(check.status === 'expired' ? check : undefined, true);
}

/** The project `/v1/projects/{projectId}` may use with these headers, or a 401. */
export function authorizeProject(
  backend: Backend,
  projectId: string,
  headers: IncomingHttpHeaders,
  nowMs: number,
): ProjectState {
  const credentials = readCredentials(headers);
  const project = backend.projects.get(projectId);
  let check: TokenCheck | undefined;
  if (credentials.kind === 'basic') {
    const { keyId, keySecret } = project?.config ?? {};
    if (project && credentials.user === keyId && credentials.password === keySecret) return project;
  } else if (credentials.kind === 'bearer') {
    check = backend.tokens.check(credentials.token, nowMs);
    if (project && check.status === 'valid' && check.token.projectId === projectId) return project;
  }
  const expired = check?.status === 'expired';
  throw gatewayError(
    401,
    expired ? 'The access token has expired' : 'Request had invalid authentication credentials',
    [],
    challenge(expired ? check : undefined, credentials.kind !== 'none'),
  );
}
