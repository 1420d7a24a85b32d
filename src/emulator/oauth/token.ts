/**
 * `POST /oauth2/token` (docs/sinch-wire.md, "Hosts and authentication"): client credentials with Basic
 * `key_id:key_secret` and the form body `grant_type=client_credentials`. Answers
 * `{"access_token", "expires_in", "scope": "", "token_type": "bearer"}`; the token opens the project's
 * Numbers routes and `/xms/v1/{project_id}` until it expires on the emulator clock.
 *
 * Errors follow RFC 6749 §5.2 (`{"error", "error_description"}`). The credentials may also come as
 * `client_id`/`client_secret` form fields (RFC 6749 §2.3.1), which OAuth servers commonly accept.
 */
import type { TokenResponse } from '../../wire/oauth';
import { EmulatorError } from '../errors';
import { readCredentials } from '../server/auth';
import type { RequestContext } from '../server/context';
import { json, type Reply } from '../server/reply';

function oauthError(status: number, error: string, description: string, headers?: Record<string, string>) {
  return new EmulatorError(status, { error, error_description: description }, headers);
}

/** The form body; a JSON body is tolerated too. */
function formFields(ctx: RequestContext): URLSearchParams {
  const text = ctx.bodyText.trim();
  if (text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(json).map(([k, v]): [string, string] => [k, String(v)]));
    } catch {
      throw oauthError(400, 'invalid_request', 'The request body is neither a form nor JSON');
    }
  }
  return new URLSearchParams(text);
}

export function issueToken(ctx: RequestContext): Reply {
  const form = formFields(ctx);
  const credentials = readCredentials(ctx.headers);
  const keyId = credentials.kind === 'basic' ? credentials.user : form.get('client_id');
  const secret = credentials.kind === 'basic' ? credentials.password : form.get('client_secret');
  const project = keyId ? ctx.backend.projectByKey(keyId) : undefined;
  if (!project || project.config.keySecret !== secret) {
    throw oauthError(401, 'invalid_client', 'Bad client credentials', { 'www-authenticate': 'Basic realm="Sinch"' });
  }
  const grant = form.get('grant_type');
  if (grant === null) throw oauthError(400, 'invalid_request', "Missing 'grant_type'");
  if (grant !== 'client_credentials') {
    throw oauthError(400, 'unsupported_grant_type', `Only 'client_credentials' is supported, got '${grant}'`);
  }
  const { tokens } = ctx.backend;
  const body: TokenResponse = {
    access_token: tokens.issue(project.id, project.config.keyId, ctx.now),
    expires_in: tokens.ttlSeconds,
    scope: '',
    token_type: 'bearer',
  };
  return json(body, 200, { 'cache-control': 'no-store' });
}
