/**
 * `${VAR}` expansion in the accounts file (docs/contract.md: "a missing variable is an error naming it, never an
 * empty secret"). An empty variable counts as missing for the same reason.
 *
 * Every `$` must mean something (issue #10 item 7): `${NAME}` is a variable, `$$` a literal `$`; anything
 * else — `$NAME` without braces, `${SINCH-API-TOKEN}`, `${}`, an unterminated `${X` — is a problem, not a
 * literal secret that would be sent to Sinch and fail as a puzzling 401. Problems are collected, not thrown,
 * so that an account's every missing variable is reported at once (issue #16 item 5). Messages never quote
 * the text around the `$`: it may be a secret.
 */
import type { ConfigProblem } from './problems';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function unset(env: NodeJS.ProcessEnv, name: string): 'not set' | 'empty' | undefined {
  const value = env[name];
  return value === undefined ? 'not set' : value === '' ? 'empty' : undefined;
}

/** A malformed `${...}`: when the name with `-`/`.` read as `_` is a set variable, suggest it (a name, not a value). */
function badName(inside: string, env: NodeJS.ProcessEnv): string {
  if (inside === '') return '"${}" names no variable';
  const guess = inside.replace(/[-.\s]/g, '_');
  const hint = NAME.test(guess) && unset(env, guess) === undefined ? ` (did you mean \${${guess}}?)` : '';
  return `"\${...}" must hold a variable name made of letters, digits and underscores${hint}`;
}

/** One string with its references replaced, or undefined when it has a problem (recorded in `problems`). */
export function expandString(value: string, env: NodeJS.ProcessEnv, field: string, problems: ConfigProblem[]): string | undefined {
  if (!value.includes('$')) return value;
  let out = '';
  let ok = true;
  const fail = (message: string, variable?: string) => {
    ok = false;
    problems.push(variable === undefined ? { field, message } : { field, message, variable });
  };
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch !== '$') {
      out += ch;
      continue;
    }
    const next = value[i + 1];
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    if (next !== '{') {
      const what = next !== undefined && /[A-Za-z_]/.test(next) ? 'a variable without braces' : 'a "$"';
      fail(`has ${what} at character ${i + 1}: write \${NAME} for a variable, $$ for a literal $`);
      continue;
    }
    const end = value.indexOf('}', i + 2);
    if (end < 0) {
      fail(`has "\${" at character ${i + 1} without a closing "}"`);
      break;
    }
    const name = value.slice(i + 2, end);
    i = end;
    if (!NAME.test(name)) {
      fail(badName(name, env));
      continue;
    }
    const why = unset(env, name);
    if (why !== undefined) {
      fail(`refers to \${${name}}, but the environment variable ${name} is ${why}`, name);
      continue;
    }
    out += env[name];
  }
  return ok ? out : undefined;
}

/**
 * Every string in `value` expanded (recursively). A string with a problem is left out (so the rest can still
 * be checked); `where` is the path of `value`, e.g. `accounts.work`.
 */
export function expandEnv(value: unknown, env: NodeJS.ProcessEnv, where: string, problems: ConfigProblem[]): unknown {
  if (typeof value === 'string') return expandString(value, env, where, problems);
  if (Array.isArray(value)) return value.map((item, i) => expandEnv(item, env, `${where}[${i}]`, problems));
  if (value !== null && typeof value === 'object') {
    const entries: Array<[string, unknown]> = [];
    for (const [key, item] of Object.entries(value)) {
      const expanded = expandEnv(item, env, where ? `${where}.${key}` : key, problems);
      if (expanded !== undefined) entries.push([key, expanded]);
    }
    // fromEntries defines own properties: a "__proto__" key stays a key (and an unknown field), not a prototype.
    return Object.fromEntries(entries);
  }
  return value;
}
