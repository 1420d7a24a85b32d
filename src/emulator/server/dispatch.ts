/**
 * From a parsed request to a reply: which API the path belongs to, its credentials, its handler.
 * Synchronous: all state is in memory. Unknown paths answer 404 in the gateway shape, a known path with
 * another method 405 (see router.ts). `GET /` leads to the web inbox; `/_emulator/...` passes the browser
 * guard first (browser-guard.ts).
 */
import { CONTROL_ROUTES } from '../control/routes';
import { EmulatorError, gatewayError, methodNotAllowed, unknownPath } from '../errors';
import { NUMBERS_ROUTES } from '../numbers/routes';
import { issueToken } from '../oauth/token';
import { SMS_ROUTES } from '../sms/routes';
import { toInbox } from '../inbox/static-files';
import { authorizeProject, authorizeSms } from './auth';
import { browserRefusal } from './browser-guard';
import type { RequestContext } from './context';
import type { Reply } from './reply';
import { json } from './reply';
import { match } from './router';

/** What dispatching needs besides the request. */
export interface DispatchEnv {
  /** Hears about bugs (500s). */
  onDefect: (error: unknown) => void;
  /** The host the emulator listens on (a browser may name it in `Host`: browser-guard.ts). */
  host: string;
}

function route(ctx: RequestContext, segments: readonly string[], env: DispatchEnv): Reply {
  const [first, second] = segments;
  if (first === 'xms' && second === 'v1' && segments.length > 3) {
    // /xms/v1/{service_plan_id | project_id}/...
    const found = match(SMS_ROUTES, ctx.method, segments, 3);
    if (found) {
      const account = authorizeSms(ctx.backend, segments[2], ctx.headers, ctx.now);
      ctx.params = found.params;
      return found.handler(ctx, account);
    }
  } else if (first === 'v1' && second === 'projects' && segments.length > 3) {
    // /v1/projects/{project_id}/...
    const found = match(NUMBERS_ROUTES, ctx.method, segments, 3);
    if (found) {
      const project = authorizeProject(ctx.backend, segments[2], ctx.headers, ctx.now);
      ctx.params = found.params;
      return found.handler(ctx, project);
    }
  } else if (first === 'oauth2' && second === 'token' && segments.length === 2) {
    if (ctx.method !== 'POST') throw methodNotAllowed(ctx.method, ['POST']);
    return issueToken(ctx);
  } else if (first === '_emulator') {
    const refusal = browserRefusal(ctx.method, ctx.headers, env.host);
    if (refusal) throw refusal;
    const found = match(CONTROL_ROUTES, ctx.method, segments, 1);
    if (found) {
      ctx.params = found.params;
      return found.handler(ctx);
    }
  } else if (segments.length === 0 && ctx.method === 'GET') {
    return toInbox();
  }
  throw unknownPath(ctx.path);
}

/** Runs the request; failures become their wire reply. */
export function dispatch(ctx: RequestContext, segments: readonly string[] | undefined, env: DispatchEnv): Reply {
  try {
    if (segments === undefined) throw unknownPath(ctx.path);
    return route(ctx, segments, env);
  } catch (error) {
    if (error instanceof EmulatorError) return json(error.body, error.status, error.headers);
    env.onDefect(error);
    const internal = gatewayError(500, 'Internal error in the Sinch emulator');
    return json(internal.body, 500);
  }
}
