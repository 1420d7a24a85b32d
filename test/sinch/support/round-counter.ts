/**
 * Counts sequential round trips without timing (issue #9, "Done when"): an HTTP layer that holds requests
 * back and sends them in waves. A wave is everything the client asked for before it could go on: the wave's
 * requests go out together, and their answers are handed back together only once all have arrived; what the
 * client asks for next (after every promise continuation has run: one `setImmediate`) is the next wave. The
 * number of waves is the call's critical path in round trips, whatever the machine's speed.
 */
import type { HttpClient, HttpRequest, HttpResponse } from '../../../src/sinch/http/http-client';

interface Held {
  readonly config: HttpRequest;
  resolve(response: HttpResponse): void;
  reject(error: unknown): void;
}

export class RoundCounter implements HttpClient {
  rounds = 0;
  requests = 0;
  /** `METHOD path` of each wave. */
  readonly waves: string[][] = [];
  private held: Held[] = [];
  private busy = false;
  private scheduled = false;

  constructor(private readonly inner: HttpClient) {}

  reset(): void {
    this.rounds = 0;
    this.requests = 0;
    this.waves.length = 0;
  }

  request(config: HttpRequest): Promise<HttpResponse> {
    this.requests++;
    return new Promise<HttpResponse>((resolve, reject) => {
      this.held.push({ config, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.busy) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.wave();
    });
  }

  private async wave(): Promise<void> {
    const wave = this.held;
    this.held = [];
    if (wave.length === 0) return;
    this.busy = true;
    this.rounds++;
    this.waves.push(wave.map((h) => `${h.config.method} ${new URL(h.config.url).pathname}`));
    const answers = await Promise.allSettled(wave.map((h) => this.inner.request(h.config)));
    this.busy = false;
    answers.forEach((answer, i) => (answer.status === 'fulfilled' ? wave[i].resolve(answer.value) : wave[i].reject(answer.reason)));
    // What the client asks for after these answers is the next wave.
    this.schedule();
  }
}
