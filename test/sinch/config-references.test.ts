/**
 * `${VAR}` references in the accounts file (issue #10 item 7): every `$` means something, malformed
 * references are problems naming the field, and no message shows the text around them.
 */
import { expandEnv, expandString } from '../../src/sinch/config/expand-env';
import type { ConfigProblem } from '../../src/sinch/config/problems';

function expand(value: string, env: NodeJS.ProcessEnv = {}): { value: string | undefined; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  return { value: expandString(value, env, 'accounts.work.api_token', problems), problems };
}

describe('${VAR} references', () => {
  it('replaces ${NAME} with the variable and $$ with a literal $', () => {
    expect(expand('${TOKEN}', { TOKEN: 'abc' })).toEqual({ value: 'abc', problems: [] });
    expect(expand('pre-${A}-${B}', { A: '1', B: '2' })).toEqual({ value: 'pre-1-2', problems: [] });
    expect(expand('a$$b$$', {})).toEqual({ value: 'a$b$', problems: [] });
    expect(expand('no references', {})).toEqual({ value: 'no references', problems: [] });
  });

  it('does not expand a variable value a second time', () => {
    expect(expand('${A}', { A: '${B}', B: 'x' }).value).toBe('${B}');
  });

  it.each([
    ['${SINCH-API-TOKEN}', /"\$\{\.\.\.\}" must hold a variable name made of letters, digits and underscores/],
    ['${}', /"\$\{\}" names no variable/],
    ['${SINCH_API_TOKEN', /has "\$\{" at character 1 without a closing "\}"/],
    ['$SINCH_KEY_SECRET', /has a variable without braces at character 1: write \$\{NAME\} for a variable, \$\$ for a literal \$/],
    ['abc$', /has a "\$" at character 4/],
    ['x$1', /has a "\$" at character 2/],
  ])('refuses %s as a problem naming the field, not a literal secret', (value, message) => {
    const { value: expanded, problems } = expand(value);
    expect(expanded).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe('accounts.work.api_token');
    expect(problems[0].message).toMatch(message);
  });

  it('suggests the variable a malformed name most likely means, when that variable is set', () => {
    const { problems } = expand('${SINCH-API-TOKEN}', { SINCH_API_TOKEN: 'x' });
    expect(problems[0].message).toMatch(/did you mean \$\{SINCH_API_TOKEN\}\?/);
  });

  it('names an unset or empty variable, and never shows the text around a $', () => {
    expect(expand('${NOPE}').problems).toEqual([
      { field: 'accounts.work.api_token', message: 'refers to ${NOPE}, but the environment variable NOPE is not set', variable: 'NOPE' },
    ]);
    expect(expand('${EMPTY}', { EMPTY: '' }).problems[0].message).toMatch(/EMPTY is empty/);
    const { problems } = expand('SECRETHEAD$SECRETTAIL');
    expect(JSON.stringify(problems)).not.toMatch(/SECRET/);
  });

  it('reports every problem of every field at once, and leaves the broken fields out', () => {
    const problems: ConfigProblem[] = [];
    const out = expandEnv(
      { service_plan_id: '${PLAN}', api_token: '${TOKEN}', key_secret: '$RAW', region: 'eu', permissions: { write: '${W}' } },
      { W: 'deny' },
      'accounts.work',
      problems,
    );
    expect(out).toEqual({ region: 'eu', permissions: { write: 'deny' } });
    expect(problems.map((p) => [p.field, p.variable])).toEqual([
      ['accounts.work.service_plan_id', 'PLAN'],
      ['accounts.work.api_token', 'TOKEN'],
      ['accounts.work.key_secret', undefined],
    ]);
  });

  it('keeps a "__proto__" key an ordinary (unknown) field instead of a prototype', () => {
    const raw = JSON.parse('{"__proto__": {"api_token": "x"}}');
    const out = expandEnv(raw, {}, 'accounts.work', []) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect((out as { api_token?: string }).api_token).toBeUndefined();
  });
});
