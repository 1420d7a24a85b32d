/**
 * The emulator's one source of time. Every timestamp it writes and every status it derives (delivery
 * reports, token expiry, list windows, retention) reads `now()`, so advancing the clock moves all of them
 * together and tests never sleep for real time.
 */
export class Clock {
  private offsetMs = 0;
  /** Called after every advance (the web inbox refreshes statuses). */
  onAdvance: () => void = () => undefined;

  /** @param base real time by default; tests may inject a fixed or scripted clock. */
  constructor(private readonly base: () => number = Date.now) {}

  /** Milliseconds since the epoch, as the emulator sees them. */
  now(): number {
    return this.base() + this.offsetMs;
  }

  /** Moves the clock forward. Time never goes backwards: derived statuses would flip back otherwise. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock can only advance by a finite ms >= 0, got ${ms}`);
    this.offsetMs += ms;
    this.onAdvance();
  }

  /** How far the clock has been advanced in total. */
  get offset(): number {
    return this.offsetMs;
  }
}
