/**
 * The host refuses to run on an unpatched fengari (src/lua/internals.ts, assertFengariPatched): without the
 * patch the memory and deadline limits would silently not hold (docs/fengari.md, "How the patch reaches an
 * installed package"). test/package/package.test.ts checks the installed package's copy.
 */
describe('the fengari patch check', () => {
  afterEach(() => {
    jest.dontMock('fengari/src/lstring.js');
    jest.resetModules();
  });

  it('passes on the patched fengari this repository installs', () => {
    const { assertFengariPatched } = jest.requireActual('../../src/lua/internals') as typeof import('../../src/lua/internals');
    expect(() => assertFengariPatched()).not.toThrow();
  });

  it("refuses fengari 0.1.5's own string hash, which maps \"\\1\\35\" and \"\\18\\3\" to one key", () => {
    const patched = jest.requireActual('fengari/src/lstring.js');
    jest.doMock('fengari/src/lstring.js', () => ({
      ...patched,
      // fengari 0.1.5 as published: unpadded hex digits joined.
      luaS_hash: (str: Uint8Array) => `|${Array.from(str, (b) => b.toString(16)).join('')}`,
    }));
    expect(() => jest.requireActual('../../src/lua/internals')).toThrow(/is not patched with patches\/fengari\+0\.1\.5\.patch.*npx patch-package/);
  });

  it('refuses a fengari whose new strings are not reported to the run', () => {
    const patched = jest.requireActual('fengari/src/lstring.js');
    jest.doMock('fengari/src/lstring.js', () => ({ ...patched, luaS_bless: (L: unknown, str: Uint8Array) => patched.luaS_bless(undefined, str) }));
    expect(() => jest.requireActual('../../src/lua/internals')).toThrow(/is not patched/);
  });
});
