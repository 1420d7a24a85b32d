/**
 * What is wrong with one account, and the `not_configured` error a call under it raises (issue #16 item 5: a
 * broken account disables only itself, and says everything that is wrong with it at once, with advice that
 * fits where the account is defined: `SINCH_*` variables for the environment's `default`, fields of a file
 * otherwise). Never a value: problems name fields and variables only.
 */
import { IntegrationError } from '../../errors';

/** One thing wrong with an account. */
export interface ConfigProblem {
  /** Where: `accounts.work.api_token` in a file, or the variable (`SINCH_REGION`) for the environment's account. */
  readonly field: string;
  /** What is wrong and what is expected; never the value. */
  readonly message: string;
  /** The environment variable that is unset or empty, when that is the problem. */
  readonly variable?: string;
}

/** Where an account is defined: what its error messages tell the user to fix. */
export type AccountOrigin =
  | {
      readonly kind: 'file';
      readonly path: string;
      /** A `./kosmo-sinch.json` found in the working directory: restricted (config-source.ts). */
      readonly workingDirectory?: boolean;
    }
  | { readonly kind: 'env' };

/** An account that is configured but cannot be used (its name is still listed and reachable). */
export interface BrokenAccount {
  readonly name: string;
  readonly origin: AccountOrigin;
  readonly problems: readonly ConfigProblem[];
}

export function problemLines(problems: readonly ConfigProblem[]): string[] {
  return problems.map((problem) => `${problem.field}: ${problem.message}`);
}

function missingVariables(problems: readonly ConfigProblem[]): string[] {
  return [...new Set(problems.flatMap((problem) => (problem.variable ? [problem.variable] : [])))];
}

/** How to fix a broken account, given where it is defined. */
export function adviceFor(broken: BrokenAccount): string {
  if (broken.origin.kind === 'env') return 'Fix these SINCH_* environment variables (README.md, "Configuration").';
  const variables = missingVariables(broken.problems);
  const others = broken.problems.some((problem) => problem.variable === undefined);
  const where = `accounts.${broken.name} in ${broken.origin.path}`;
  if (variables.length === 0) return `Fix ${where}.`;
  const set = `set ${variables.join(', ')} in the environment`;
  return others ? `To use it, ${set} and fix the other fields of ${where}.` : `To use it, ${set} (or change ${where}).`;
}

/** The `not_configured` error for a call under a broken account (a new one per call: details may be extended). */
export function brokenAccountError(broken: BrokenAccount, functionName?: string): IntegrationError {
  const lines = problemLines(broken.problems);
  const from = broken.origin.kind === 'env' ? 'defined by SINCH_* environment variables' : `defined in ${broken.origin.path}`;
  const count = lines.length === 1 ? 'a problem' : `${lines.length} problems`;
  return new IntegrationError(
    'not_configured',
    `Sinch account '${broken.name}' (${from}) cannot be used: it has ${count}: ${lines.join('; ')}. ${adviceFor(broken)}` +
      (broken.origin.kind === 'file' ? ' Other accounts in the file are not affected.' : ''),
    {
      account: broken.name,
      ...(functionName !== undefined ? { function: functionName } : {}),
      ...(broken.origin.kind === 'file' ? { path: broken.origin.path } : {}),
      problems: lines,
      fields: broken.problems.map((problem) => problem.field),
      variables: missingVariables(broken.problems),
    },
  );
}
