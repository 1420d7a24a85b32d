/**
 * OAuth2 access tokens (docs/sinch-wire.md, "Hosts and authentication"). Tokens are JWT-shaped with an `exp`
 * claim in the emulator clock's seconds, because Sinch's Node SDK decodes `exp` to refresh ahead of
 * expiry. The signature is not a real one: only this emulator accepts these tokens, by lookup.
 * Expired tokens are remembered so that they can be answered with `www-authenticate: ... expired`.
 */
import { seededRandom } from '../random';

export interface AccessToken {
  projectId: string;
  keyId: string;
  expiresMs: number;
}

export type TokenCheck =
  | { status: 'valid'; token: AccessToken }
  | { status: 'expired'; token: AccessToken }
  | { status: 'unknown' };

/** Sinch's token lifetime (docs/sinch-wire.md: `"expires_in": 3600`). */
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;
/** Forget tokens this long after they expired (an old client would get "unknown" instead of "expired"). */
const FORGET_AFTER_MS = 24 * 3_600_000;

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const HEADER = base64url({ alg: 'HS256', typ: 'JWT' });

export class TokenStore {
  private readonly tokens = new Map<string, AccessToken>();
  private readonly random: () => number;
  private issued = 0;

  constructor(
    seed: number | string,
    readonly ttlSeconds: number = DEFAULT_TOKEN_TTL_SECONDS,
  ) {
    // A stream of its own, so that fetching a token does not shift the ids of batches.
    this.random = seededRandom(`${seed}:tokens`);
  }

  issue(projectId: string, keyId: string, nowMs: number): string {
    this.forgetOld(nowMs);
    const iat = Math.floor(nowMs / 1000);
    const exp = iat + this.ttlSeconds;
    this.issued += 1;
    const jti = `${this.random().toString(36)}${this.random().toString(36)}${this.issued}`;
    const payload = base64url({ iss: 'sinch-emulator', sub: keyId, project_id: projectId, iat, exp, jti });
    const signature = Buffer.from(jti).toString('base64url');
    const token = `${HEADER}.${payload}.${signature}`;
    this.tokens.set(token, { projectId, keyId, expiresMs: exp * 1000 });
    return token;
  }

  check(token: string, nowMs: number): TokenCheck {
    const found = this.tokens.get(token);
    if (!found) return { status: 'unknown' };
    return nowMs < found.expiresMs ? { status: 'valid', token: found } : { status: 'expired', token: found };
  }

  get size(): number {
    return this.tokens.size;
  }

  private forgetOld(nowMs: number): void {
    if (this.tokens.size < 1000) return;
    for (const [token, info] of this.tokens) {
      if (info.expiresMs + FORGET_AFTER_MS < nowMs) this.tokens.delete(token);
    }
  }
}
