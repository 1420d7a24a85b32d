/**
 * `${VAR}` expansion in the accounts file (contract.md: "a missing variable is an error naming it, never an
 * empty secret"). An empty variable counts as missing for the same reason.
 */
import { IntegrationError } from '../../errors';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replace every `${VAR}` in every string of `value` (recursively). `where` names the place for errors,
 * e.g. `/home/me/kosmo-sinch.json: accounts.work.api_token`.
 */
export function expandEnv(value: unknown, env: NodeJS.ProcessEnv, where: string): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    return value.replace(REFERENCE, (_match, name: string) => {
      const found = env[name];
      if (found === undefined || found === '') {
        throw new IntegrationError(
          'not_configured',
          `${where} refers to \${${name}}, but the environment variable ${name} is ${found === '' ? 'empty' : 'not set'}`,
          { field: where, variable: name },
        );
      }
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => expandEnv(item, env, `${where}[${i}]`));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = expandEnv(item, env, where ? `${where}.${key}` : key);
    return out;
  }
  return value;
}
