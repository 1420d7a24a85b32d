import { z } from 'zod';
import { defineFunction } from '../../src/integration/types';

// A declaration's `params` may be a function that builds the schema (issue #14, cold start): built when first
// read, once, and read like the schema it returns.
describe('defineFunction', () => {
  it('builds a lazy schema when params is first read, and returns the same schema after', () => {
    const build = jest.fn(() => z.object({ id: z.string() }).strict());
    const fn = defineFunction({ name: 'demo_get', aliases: [], description: 'Get one.', operation: 'read', params: build, handler: async () => null });
    expect(build).not.toHaveBeenCalled();
    const first = fn.params;
    expect(fn.params).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);
    expect(first.safeParse({ id: 'x' }).success).toBe(true);
    expect(Object.keys(fn)).toContain('params');
  });

  it('keeps a schema given as it is', () => {
    const params = z.object({ id: z.string() }).strict();
    const fn = defineFunction({ name: 'demo_get', aliases: [], description: 'Get one.', operation: 'read', params, handler: async () => null });
    expect(fn.params).toBe(params);
  });
});
