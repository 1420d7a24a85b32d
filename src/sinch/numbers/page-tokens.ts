/**
 * Page tokens of the Numbers API remembered per page size and item offset, so that `page`/`page_size` can be
 * bridged onto `pageToken` walking and reading pages in order costs one request each (docs/sinch-wire.md,
 * "Numbers API"). A token is used only with the page size it was issued for: whether Sinch honours a token
 * with another `pageSize` is **unconfirmed**. One cache per client, i.e. per account and project.
 */

/** Page sizes remembered at once, and tokens remembered per size. */
const MAX_SIZES = 16;
const MAX_TOKENS = 1000;

export interface PagePosition {
  /** Items before this position. */
  readonly offset: number;
  /** The token that continues from there ('' at the start). */
  readonly token: string;
}

export class PageTokenCache {
  /** page size → (offset → token); offset 0 needs no token. */
  private readonly bySize = new Map<number, Map<number, string>>();

  /** The position at or before `offset` with the most items behind it whose token is known, for `pageSize`. */
  nearest(pageSize: number, offset: number): PagePosition {
    let best: PagePosition = { offset: 0, token: '' };
    for (const [at, token] of this.bySize.get(pageSize) ?? []) {
      if (at <= offset && at > best.offset) best = { offset: at, token };
    }
    return best;
  }

  /** The token for exactly `offset`, if known ('' for offset 0). */
  at(pageSize: number, offset: number): string | undefined {
    return offset === 0 ? '' : this.bySize.get(pageSize)?.get(offset);
  }

  remember(pageSize: number, offset: number, token: string): void {
    if (offset <= 0) return;
    let tokens = this.bySize.get(pageSize);
    if (!tokens) {
      if (this.bySize.size >= MAX_SIZES) this.bySize.delete(this.bySize.keys().next().value as number);
      tokens = new Map();
      this.bySize.set(pageSize, tokens);
    }
    if (tokens.size >= MAX_TOKENS && !tokens.has(offset)) tokens.delete(tokens.keys().next().value as number);
    tokens.set(offset, token);
  }

  forget(pageSize: number): void {
    this.bySize.delete(pageSize);
  }
}
