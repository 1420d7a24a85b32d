/**
 * ULID-like ids: 26 characters of Crockford base32, upper case (docs/sinch-wire.md, "Conventions").
 *
 * Approximation: a real ULID starts with a 48-bit timestamp. Ours start with `01` (as current ULIDs do) and
 * the other 24 characters come from a seeded PRNG, so that the same seed and the same sequence of requests
 * give the same ids whatever the wall clock says. Lists are ordered by creation time, never by id.
 */
import { seededRandom } from './random';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ID_LENGTH = 26;
// Lenient on purpose: Sinch's own samples use letters outside Crockford's alphabet (`01W4FFL35P4NC4K35SMSBATCH1`).
const ID_PATTERN = /^[0-9A-Z]{26}$/i;

export class IdGenerator {
  private readonly random: () => number;

  constructor(seed: number | string) {
    this.random = seededRandom(seed);
  }

  next(): string {
    let id = '01';
    // Each 32-bit draw gives six 5-bit characters (30 bits used).
    while (id.length < ID_LENGTH) {
      let word = this.random();
      for (let i = 0; i < 6 && id.length < ID_LENGTH; i++) {
        id += CROCKFORD[word & 31];
        word >>>= 5;
      }
    }
    return id;
  }
}

/** Whether `text` has the shape of an id (used to tell group ids from phone numbers in `to`). */
export function looksLikeId(text: string): boolean {
  return ID_PATTERN.test(text);
}
