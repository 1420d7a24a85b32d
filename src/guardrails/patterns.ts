/**
 * Recipient patterns of the allow- and deny-lists (docs/guardrails.md, "Recipient patterns"). A pattern is
 * written over E.164 numbers as they are sent (`+` and digits):
 *
 *   `+46701234567`  exactly that number (7 to 15 digits after `+`);
 *   `+1*`           every number starting with `+1` (`*` is any run of digits, also none);
 *   `+1202555????`  `?` is exactly one digit: `+12025550000` to `+12025559999`;
 *   `*`             every number.
 *
 * Anything else is refused when the configuration is read, with what was wrong: a bare prefix (`+1`) is an
 * error that suggests `+1*`, so that a prefix is never mistaken for an exact number or the other way round.
 */

export interface RecipientPattern {
  /** As written in the configuration (shown in refusals). */
  readonly source: string;
  matches(recipient: string): boolean;
}

/** What is wrong with a pattern, or undefined when it is valid. */
export function patternProblem(source: string): string | undefined {
  if (source === '*') return undefined;
  if (!source.startsWith('+')) return `"${source}" must start with "+" (an E.164 number or prefix such as "+1*") or be "*"`;
  const rest = source.slice(1);
  if (!/^[0-9*?]+$/.test(rest)) return `"${source}" may contain only "+", digits, "*" (any digits) and "?" (one digit)`;
  if (/^[*?]/.test(rest)) return `"${source}" must have at least one digit after "+" (write "*" alone for every number)`;
  if (!rest.includes('*')) {
    if (rest.length < 7) return `"${source}" is too short for a phone number; for every number starting with it write "${source}*"`;
    if (rest.length > 15) return `"${source}" has more than 15 digits, which no E.164 number has`;
  }
  return undefined;
}

/** A valid pattern (check it with patternProblem first). */
export function compilePattern(source: string): RecipientPattern {
  if (source === '*') return { source, matches: () => true };
  if (!/[*?]/.test(source)) return { source, matches: (recipient) => recipient === source };
  const star = source.indexOf('*');
  if (star === source.length - 1 && !source.includes('?')) {
    const prefix = source.slice(0, -1);
    return { source, matches: (recipient) => recipient.startsWith(prefix) };
  }
  const regex = new RegExp(`^${source.replace('+', '\\+').replace(/\*/g, '\\d*').replace(/\?/g, '\\d')}$`);
  return { source, matches: (recipient) => regex.test(recipient) };
}

/** The first pattern `recipient` matches, if any. */
export function firstMatch(patterns: readonly RecipientPattern[], recipient: string): RecipientPattern | undefined {
  for (const pattern of patterns) if (pattern.matches(recipient)) return pattern;
  return undefined;
}
