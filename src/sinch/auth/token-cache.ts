/**
 * OAuth2 access tokens (docs/sinch-wire.md, "Hosts and authentication"): cached, refreshed about 60 s before
 * expiry, and one refresh shared by every concurrent caller. A 401 whose `www-authenticate` says `expired`
 * makes the client `invalidate` the token it used and repeat once (src/sinch/client/api-caller.ts).
 */
import type { TokenResponse } from '../../wire/oauth';

/** Refresh this long before Sinch says the token expires (clock skew, requests in flight). */
export const REFRESH_MARGIN_MS = 60_000;
/** When a token response has no usable `expires_in`: assume a short life rather than a long one. */
const FALLBACK_LIFETIME_MS = 300_000;

export class TokenCache {
  private current: { value: string; refreshAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly fetchToken: () => Promise<TokenResponse>,
    private readonly now: () => number,
  ) {}

  /** The cached token while it is fresh, without awaiting anything. */
  fresh(): string | undefined {
    const current = this.current;
    return current !== undefined && this.now() < current.refreshAt ? current.value : undefined;
  }

  /** A fresh token: the cached one, the refresh already under way, or a new refresh. */
  get(): Promise<string> {
    const cached = this.fresh();
    if (cached !== undefined) return Promise.resolve(cached);
    this.pending ??= this.refresh().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forget `value` if it is still the cached token (another caller may already have replaced it). */
  invalidate(value: string): void {
    if (this.current?.value === value) this.current = undefined;
  }

  private async refresh(): Promise<string> {
    const fetchedAt = this.now();
    const token = await this.fetchToken();
    const lifetime =
      typeof token.expires_in === 'number' && token.expires_in > 0 ? token.expires_in * 1000 : FALLBACK_LIFETIME_MS;
    // Short-lived tokens: refresh at half-life instead of never using them.
    const margin = Math.min(REFRESH_MARGIN_MS, lifetime / 2);
    this.current = { value: token.access_token, refreshAt: fetchedAt + lifetime - margin };
    return token.access_token;
  }
}
