/**
 * From a parsed request to a reply: which API the path belongs to, its credentials, its handler.
 * Synchronous: all state is in memory. Unknown paths answer 404 in the gateway shape, a known path with
 * another method 405 (see router.ts).
 */
import { CONTROL_ROUTES } from '../control/routes';
import { EmulatorError, gatewayError, methodNotAllowed, unknownPath } from '../errors';
import { NUMBERS_ROUTES } from '../numbers/routes';
import { issueToken } from '../oauth/token';
import { SMS_ROUTES } from '../sms/routes';
import { authorizeProject, authorizeSms } from './auth';
import type { Reply, RequestContext } from './context';
import { json } from './reply';
import { match } from './router';

function route(ctx: RequestContext, segments: readonly string[]): Reply {
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
    const found = match(CONTROL_ROUTES, ctx.method, segments, 1);
    if (found) {
      ctx.params = found.params;
      return found.handler(ctx);
    }
  }
  throw unknownPath(ctx.path);
}

/** Runs the request; failures become their wire reply. `onDefect` hears about bugs (500s). */
export function dispatch(
  ctx: RequestContext,
  segments: readonly string[] | undefined,
  onDefect: (error: unknown) => void,
): Reply {
  try {
    if (segments === undefined) throw unknownPath(ctx.path);
    return route(ctx, segments);
  } catch (error) {
    if (error instanceof EmulatorError) return json(error.body, error.status, error.headers);
    onDefect(error);
    const internal = gatewayError(500, 'Internal error in the Sinch emulator');
    return json(internal.body, 500);
  }
}
