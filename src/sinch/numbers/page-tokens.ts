/**
 * Page tokens of the Numbers API remembered per page size, so that `page`/`page_size` can be bridged onto
 * `pageToken` walking and reading pages in order costs one request each (docs/sinch-wire.md, "Numbers API").
 * One cache per client, i.e. per account and project.
 */

/** Page sizes remembered at once, and pages remembered per size. */
const MAX_SIZES = 16;
const MAX_PAGES = 1000;

export class PageTokenCache {
  /** page size → tokens by page index; index 0 is always '' (the first page needs no token). */
  private readonly bySize = new Map<number, string[]>();

  /** The highest page ≤ `page` whose token is known, and that token. */
  nearest(pageSize: number, page: number): { page: number; token: string } {
    const tokens = this.bySize.get(pageSize);
    if (!tokens) return { page: 0, token: '' };
    for (let at = Math.min(page, tokens.length - 1); at > 0; at--) {
      const token = tokens[at];
      if (token) return { page: at, token };
    }
    return { page: 0, token: '' };
  }

  remember(pageSize: number, page: number, token: string): void {
    if (page <= 0 || page >= MAX_PAGES) return;
    let tokens = this.bySize.get(pageSize);
    if (!tokens) {
      if (this.bySize.size >= MAX_SIZES) this.bySize.delete(this.bySize.keys().next().value as number);
      tokens = [''];
      this.bySize.set(pageSize, tokens);
    }
    tokens[page] = token;
  }

  forget(pageSize: number): void {
    this.bySize.delete(pageSize);
  }
}
