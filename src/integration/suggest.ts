/** "Did you mean" suggestions for unknown functions, accounts, parameters and doc pages. */

/** Levenshtein distance, with an early exit once `limit` is exceeded. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

/**
 * Candidates close to `wanted`, best first: within an edit distance of a third of the word (at least 2),
 * or containing it / contained in it (`send` → `send_sms`).
 */
export function suggest(wanted: string, candidates: Iterable<string>, max = 3): string[] {
  const lower = wanted.toLowerCase();
  const limit = Math.max(2, Math.floor(lower.length / 3));
  const scored: Array<[string, number]> = [];
  for (const candidate of new Set(candidates)) {
    const c = candidate.toLowerCase();
    let score = editDistance(lower, c, limit);
    if (score > limit && lower.length >= 3 && (c.includes(lower) || lower.includes(c))) score = limit;
    if (score <= limit) scored.push([candidate, score]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].length - y[0].length || x[0].localeCompare(y[0]));
  return scored.slice(0, max).map(([name]) => name);
}

/** `. Did you mean: a, b` or the empty string. */
export function didYouMean(wanted: string, candidates: Iterable<string>): string {
  const found = suggest(wanted, candidates);
  return found.length > 0 ? `. Did you mean: ${found.join(', ')}` : '';
}
