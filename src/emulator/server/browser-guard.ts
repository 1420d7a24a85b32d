/**
 * Who may use the control routes and the inbox from a web browser (issue #13): the emulator listens on
 * loopback, and any website the person visits can make their browser send requests there.
 *
 * - Requests that carry neither `Origin` nor `Sec-Fetch-Site` do not come from a web page (curl, test
 *   clients, Sinch SDKs; Node's fetch sends only `Sec-Fetch-Mode`): they pass unchanged, so the control
 *   routes stay as docs/contract.md documents them.
 * - A browser request must name the emulator by an IP address, `localhost` or the `--host` it was started
 *   with (`Host`): a page of another site that re-points its own domain at 127.0.0.1 (DNS rebinding) is
 *   refused, reads included.
 * - A browser request that changes anything (not GET/HEAD) must come from the emulator's own origin
 *   (`Sec-Fetch-Site: same-origin`, `Origin` equal to this origin) and carry `X-Sinch-Emulator: inbox`,
 *   which another site cannot send without a CORS preflight the emulator never grants. A cross-site form
 *   post or `fetch` cannot reset, inject or add faults.
 *
 * The Sinch routes (`/xms`, `/v1/projects`, `/oauth2`) are not guarded here: they need an Authorization
 * header, which a cross-origin page cannot send without the same preflight.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { gatewayError, type EmulatorError } from '../errors';

/** The header the inbox page sends with every change it asks for. */
export const INBOX_HEADER = 'x-sinch-emulator';
export const INBOX_HEADER_VALUE = 'inbox';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The host name of a `Host` header: `[::1]:8080` → `::1`, `localhost:80` → `localhost`. */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return (colon < 0 ? host : host.slice(0, colon)).toLowerCase();
}

function trustedHost(name: string, configured: string): boolean {
  return name === 'localhost' || IPV4.test(name) || name.includes(':') || name === configured.toLowerCase();
}

const SAFE = new Set(['GET', 'HEAD']);

/** Why a browser may not make this request, or `undefined` when it may (or it is not from a browser). */
export function browserRefusal(method: string, headers: IncomingHttpHeaders, configuredHost: string): EmulatorError | undefined {
  const origin = headers.origin;
  const site = headers['sec-fetch-site'];
  if (origin === undefined && site === undefined) return undefined;
  const host = headers.host ?? '';
  if (!trustedHost(hostName(host), configuredHost)) {
    return gatewayError(403, `A web page may reach the Sinch emulator only as an IP address or localhost, not '${host}'`);
  }
  if (SAFE.has(method)) return undefined;
  const sameOrigin = (site === undefined || site === 'same-origin') && (origin === undefined || origin === `http://${host}`);
  if (!sameOrigin || headers[INBOX_HEADER] !== INBOX_HEADER_VALUE) {
    return gatewayError(
      403,
      'A web page may change the Sinch emulator only from its own inbox (same origin, with X-Sinch-Emulator: inbox); ' +
        'requests without an Origin header (curl, tests) are not affected',
    );
  }
  return undefined;
}
