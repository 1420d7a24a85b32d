/**
 * Exactly-once sends (the issue, "Exactly-once sends"; docs/sinch-wire.md: Sinch has no idempotency key, but
 * `client_reference` + `GET /batches?client_reference=...` tells whether a batch exists).
 *
 * 1. Every send carries a `client_reference`: the caller's, or a generated `kosmo-<random>`.
 * 2. POST once. A clear refusal (400/401/403/404/other 4xx) means not sent: fail with `sent = false`.
 * 3. No connection made, or 429: provably not sent; may be repeated once (after Retry-After / backoff).
 * 4. Ambiguous (reset or hang-up after connecting, timeout, 5xx, a 2xx that could not be read): look the
 *    batch up by client_reference (a read, with read retries), and once more after a short pause in case
 *    Sinch lists it late. Found → return it. Not found → repeat the POST once (same reference).
 * 5. At most two POSTs in all. When the second also fails, fail with `sent = false` — after the same
 *    lookup when it was ambiguous. When a lookup itself fails, the outcome is unknown: fail with
 *    `sent = "unknown"` and say how to check. A lost answer never becomes a second SMS.
 *
 * Approximation (flagged): a batch that Sinch created but lists only after our two lookups (more than
 * `settleMs` later) would be sent again by step 4's repeat. Sinch documents no listing delay.
 */
import { randomBytes } from 'node:crypto';
import type { SendTextBatchRequest, TextBatch } from '../../wire/sms';
import { ConnectionError, InvalidResponseError, SinchError } from '../http/api-errors';
import { MAX_RETRY_AFTER_MS, retryDelayMs } from '../http/retry';

/** POSTs per send, in all. */
const MAX_POSTS = 2;
/** Lookups per ambiguous failure. */
const LOOKUPS = 2;
/** Batches created up to this long before the send started still count (clock skew between us and Sinch). */
export const LOOKUP_SKEW_MS = 5 * 60_000;

export interface SendDependencies {
  /** One POST /batches, no retries. */
  post(body: string): Promise<TextBatch>;
  /** GET /batches?client_reference=&start_date= (a read, with read retries). */
  find(clientReference: string, startDate: string): Promise<readonly TextBatch[]>;
  sleep(ms: number): Promise<void>;
  now(): number;
  random(): number;
  newReference(): string;
  /** Pause between the two lookups. */
  readonly settleMs: number;
}

/** `kosmo-` + 20 base32 characters (100 random bits). */
export function generateClientReference(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = 'kosmo-';
  for (const byte of randomBytes(20)) out += alphabet[byte & 31];
  return out;
}

type Outcome = 'refused' | 'not_sent' | 'ambiguous';

/** What a failed POST says about whether Sinch created the batch. */
function outcomeOf(error: SinchError): Outcome {
  // A 2xx whose body could not be read: the batch exists.
  if (error instanceof InvalidResponseError) return 'ambiguous';
  // No connection was made: Sinch never saw the request.
  if (error instanceof ConnectionError && error.info.mayHaveReachedServer === false) return 'not_sent';
  // 429: Sinch refused to take it now.
  if (error.status === 429) return 'not_sent';
  // Any other status below 500: Sinch read it and refused it; repeating would get the same answer.
  if (error.status !== undefined && error.status < 500) return 'refused';
  // 5xx, timeout, reset after connecting: Sinch may have created the batch.
  return 'ambiguous';
}

function digits(value: string): string {
  return value.replace(/\D/g, '');
}

function sameRecipients(batch: TextBatch, request: SendTextBatchRequest): boolean {
  const want = new Set(request.to.map(digits));
  return batch.to.length === want.size && batch.to.every((to) => want.has(digits(to)));
}

export async function sendExactlyOnce(deps: SendDependencies, request: SendTextBatchRequest): Promise<TextBatch> {
  const generated = request.client_reference === undefined;
  const reference = request.client_reference ?? deps.newReference();
  const body = JSON.stringify({ ...request, type: 'mt_text', client_reference: reference });
  const since = deps.now() - LOOKUP_SKEW_MS;
  const startDate = new Date(since).toISOString();

  // A generated reference is unique: it identifies the batch. A caller's may have been used before, so
  // then the batch must also be recent and have the same recipients.
  const matches = (batch: TextBatch): boolean =>
    batch.client_reference === reference &&
    (generated || ((Date.parse(batch.created_at) || since) >= since && sameRecipients(batch, request)));

  const lookUp = async (failure: SinchError): Promise<TextBatch | undefined> => {
    for (let look = 0; look < LOOKUPS; look++) {
      if (look > 0) await deps.sleep(deps.settleMs);
      let batches: readonly TextBatch[];
      try {
        batches = await deps.find(reference, startDate);
      } catch (lookupError) {
        throw outcomeUnknown(failure, lookupError, reference);
      }
      const found = batches.find(matches);
      if (found) return found;
    }
    return undefined;
  };

  for (let post = 1; ; post++) {
    let failure: SinchError;
    try {
      return await deps.post(body);
    } catch (error) {
      if (!(error instanceof SinchError)) throw error;
      failure = error;
    }
    const outcome = outcomeOf(failure);
    if (outcome === 'refused') throw notSent(failure, reference, false);
    if (outcome === 'ambiguous') {
      const found = await lookUp(failure);
      if (found) return found;
    }
    const waitMs = retryDelayMs(failure, 0, deps.random);
    if (post >= MAX_POSTS || waitMs > MAX_RETRY_AFTER_MS) throw notSent(failure, reference, outcome === 'ambiguous');
    await deps.sleep(waitMs);
  }
}

function notSent(failure: SinchError, reference: string, checked: boolean): SinchError {
  const why = checked
    ? `${failure.message}; no batch with client_reference "${reference}" exists at Sinch`
    : failure.message;
  return failure.with(`The SMS was not sent: ${why}`, { sent: false, client_reference: reference });
}

function outcomeUnknown(failure: SinchError, lookupError: unknown, reference: string): SinchError {
  const lookup = lookupError instanceof Error ? lookupError.message : 'unknown failure';
  return failure.with(
    `It is not known whether the SMS was sent: ${failure.message}, and looking the batch up by client_reference ` +
      `"${reference}" failed too (${lookup}). Before sending again, check with ` +
      `list_batches({client_reference = "${reference}"}).`,
    {
      sent: 'unknown',
      client_reference: reference,
      hint: `Check list_batches({client_reference = "${reference}"}) before sending again: a batch there means it was sent.`,
    },
    false,
  );
}
