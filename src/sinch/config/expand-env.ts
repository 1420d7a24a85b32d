/**
 * `${VAR}` expansion in the accounts file (docs/contract.md: "a missing variable is an error naming it, never an
 * empty secret"). An empty variable counts as missing for the same reason.
 */
import { IntegrationError } from '../../errors';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replace every `${VAR}` in every string of `value` (recursively). Errors name the file and the field,
 * e.g. `/home/me/kosmo-sinch.json: accounts.work.api_token`.
 */
export function expandEnv(value: unknown, env: NodeJS.ProcessEnv, file: string, where = ''): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    return value.replace(REFERENCE, (_match, name: string) => {
      const found = env[name];
      if (found === undefined || found === '') {
        throw new IntegrationError(
          'not_configured',
          `${file}: ${where} refers to \${${name}}, but the environment variable ${name} is ${found === '' ? 'empty' : 'not set'}`,
          { path: file, field: where, variable: name },
        );
      }
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => expandEnv(item, env, file, `${where}[${i}]`));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = expandEnv(item, env, file, where ? `${where}.${key}` : key);
    return out;
  }
  return value;
}
