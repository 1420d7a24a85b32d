/** What a route handler receives (what it returns is a `Reply`, reply.ts). */
import type { IncomingHttpHeaders } from 'node:http';
import type { Backend } from '../state/backend';
import { invalidJson } from '../errors';

export type { Reply } from './reply';

const EMPTY_QUERY = new URLSearchParams();

export class RequestContext {
  /** The clock read once, so that one request sees one instant. */
  readonly now: number;
  /** Path parameters of the matched route, in order. */
  params: string[] = [];
  private parsed: unknown;
  private parsedOnce = false;

  constructor(
    readonly backend: Backend,
    readonly method: string,
    readonly path: string,
    /** The raw query string without `?` (parsed lazily: most requests have none). */
    private readonly rawQuery: string,
    readonly headers: IncomingHttpHeaders,
    readonly rawBody: Buffer | undefined,
  ) {
    this.now = backend.clock.now();
  }

  private queryCache: URLSearchParams | undefined;

  /**
   * The query. `URLSearchParams` decodes an unencoded `+` as a space, which is what Sinch's servers see too
   * (docs/sinch-wire.md, "Conventions"); handlers that compare numbers strip spaces.
   */
  get query(): URLSearchParams {
    if (this.rawQuery === '') return EMPTY_QUERY;
    return (this.queryCache ??= new URLSearchParams(this.rawQuery));
  }

  /** The emulator's origin as the client reached it (`http://` + `Host`), for messages that name a URL. */
  get origin(): string {
    return `http://${this.headers.host ?? 'localhost'}`;
  }

  get bodyText(): string {
    return this.rawBody === undefined ? '' : this.rawBody.toString('utf8');
  }

  /** The body parsed as JSON, once; malformed or empty JSON is Sinch's 400 `syntax_invalid_json`. */
  json(): unknown {
    if (!this.parsedOnce) {
      const text = this.bodyText;
      if (text.trim() === '') throw invalidJson('the body is empty');
      try {
        this.parsed = JSON.parse(text);
      } catch (error) {
        throw invalidJson((error as Error).message);
      }
      this.parsedOnce = true;
    }
    return this.parsed;
  }
}
