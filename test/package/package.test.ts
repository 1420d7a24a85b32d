/**
 * The package as a library (issue #16 item 6): `npm pack` makes a tarball that installs into a fresh project
 * — with its install scripts, from the tarball and the registry's packages (`--prefer-offline`: the npm cache
 * that `npm ci` filled is enough; the registry is asked only for what the cache lacks) — and works there: the
 * entry points `kosmokrator-sinch` and `kosmokrator-sinch/emulator` load and type-check, the emulator starts,
 * Lua runs through the installed host and the installed `kosmo-sinch` binary, the README's test-suite example
 * passes under jest, and the sandbox limits hold because the tarball bundles the patched fengari
 * (package.json `bundleDependencies`; patch-package cannot patch a consumer's node_modules).
 *
 * Needs `npm run build` first (npm test does it): the tarball is packed from dist/ without running scripts.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../..');
const FIXTURE = join(__dirname, 'fixture');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** npm settings a user may give through the environment, which the commands here must keep. */
const KEPT_NPM = /^npm_config_(cache|registry|userconfig|globalconfig|proxy|https_proxy|noproxy|cafile|strict_ssl)$/i;

/**
 * The environment of a command run on its own: without the npm_* variables of the `npm test` around us
 * (`npm_config_local_prefix` would point the consumer's install at this repository), keeping the user's
 * cache, registry and proxy.
 */
function ownEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if ((/^npm_/i.test(key) && !KEPT_NPM.test(key)) || key.startsWith('JEST_') || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  // The installed binary's `#!/usr/bin/env node` finds the node running this suite.
  return { ...env, PATH: `${dirname(process.execPath)}:${env.PATH ?? ''}`, ...extra };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = ownEnv()): Promise<Run> {
  return new Promise((resolvePromise) => {
    execFile(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolvePromise({ code, stdout, stderr });
    });
  });
}

const npm = (args: string[], cwd: string) => run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], cwd);

/** The ```js block under the README's "Use it in your own tests" heading. */
function readmeTestExample(): string {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Use it in your own tests'));
  const match = /```js\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('README.md has no ```js block under "### Use it in your own tests"');
  return match[1];
}

let work: string;
let app: string;
let packed: { filename: string; files: Array<{ path: string }> };
let installed: Run;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'kosmo-sinch-package-'));
  app = join(work, 'app');
  mkdirSync(join(work, 'pack'));
  mkdirSync(app);
  const pack = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', join(work, 'pack')], REPO);
  if (pack.code !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  packed = JSON.parse(pack.stdout)[0];
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  for (const file of readdirSync(FIXTURE)) copyFileSync(join(FIXTURE, file), join(app, file));
  writeFileSync(join(app, 'sms.test.js'), readmeTestExample());
  // Install scripts run (no --ignore-scripts): installing must not need this repository's dev tools.
  installed = await npm(['install', '--prefer-offline', join(work, 'pack', packed.filename)], app);
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the build with its types, the docs, the inbox and the patched fengari, and none of the sources', () => {
    const files = packed.files.map((f) => f.path);
    for (const needed of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/emulator/index.js',
      'dist/emulator/index.d.ts',
      'dist/cli/main.js',
      'src/lua/fengari.d.ts',
      'src/emulator/inbox/static/index.html',
      'lua-docs/sinch.md',
      'manifest.json',
      'node_modules/fengari/src/lstring.js',
    ]) {
      expect(files).toContain(needed);
    }
    expect(files.filter((f) => /^(test|bench|patches)\//.test(f) || /^src\/.*\.ts$/.test(f))).toEqual(['src/lua/fengari.d.ts']);
  });

  it('installs into a fresh project, install scripts and all', () => {
    expect(installed).toMatchObject({ code: 0 });
  });

  it('installs with the patched fengari bundled: the same files this suite runs on', () => {
    const bundled = join(app, 'node_modules', 'kosmokrator-sinch', 'node_modules', 'fengari', 'src');
    const ours = join(REPO, 'node_modules', 'fengari', 'src');
    for (const file of readdirSync(ours)) expect([file, readFileSync(join(bundled, file), 'utf8')]).toEqual([file, readFileSync(join(ours, file), 'utf8')]);
    expect(readFileSync(join(bundled, 'lstring.js'), 'utf8')).toContain('kosmokrator-sinch patch');
  });
});

describe('from a project that installed it', () => {
  let report: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(async () => {
    // A time zone far from UTC, so that os.date("!...") shows whether the patch is there.
    const consumer = await run(process.execPath, ['consumer.js'], app, ownEnv({ TZ: 'America/New_York' }));
    if (consumer.code !== 0) throw new Error(`consumer.js failed (${consumer.code}): ${consumer.stderr}`);
    report = JSON.parse(consumer.stdout);
  }, 120_000);

  it('resolves both entry points and fengari inside the installed package', () => {
    const pkg = join(app, 'node_modules', 'kosmokrator-sinch');
    expect(report.entries).toEqual({ main: join(pkg, 'dist', 'index.js'), emulator: join(pkg, 'dist', 'emulator', 'index.js') });
    expect(report.fengari).toBe(join(pkg, 'node_modules', 'fengari', 'src', 'fengari.js'));
  });

  it('starts the emulator and runs Lua through the installed host and the installed kosmo-sinch binary', () => {
    expect(report.sent).toMatchObject({ success: true, integration_calls: [{ function: 'sinch_send_sms', sent: true }] });
    expect(report.bin.code).toBe(0);
    expect(report.bin.envelope).toMatchObject({ success: true, meta: { emulator: false } });
    expect(report.stored).toEqual(expect.arrayContaining([report.sent.result, report.bin.envelope.result]));
  });

  it('keeps the limits only the patched fengari enforces', () => {
    expect(report.memory).toMatchObject({ code: 'limit_exceeded', limit: 'memory' });
    expect(report.afterPcall).toBe('timeout');
    expect(report.utc).toBe('00');
  });

  it('type-checks a TypeScript consumer of both entry points (node16 resolution with every .d.ts checked; node10 through typesVersions)', async () => {
    const tsc = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
    const base = { strict: true, noEmit: true, target: 'ES2022', types: ['node'], typeRoots: [join(REPO, 'node_modules', '@types')] };
    const configs = {
      'tsconfig.node16.json': { ...base, module: 'node16', moduleResolution: 'node16', skipLibCheck: false },
      'tsconfig.node10.json': { ...base, module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true, skipLibCheck: true },
    };
    for (const [file, compilerOptions] of Object.entries(configs)) {
      writeFileSync(join(app, file), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
      expect(await run(process.execPath, [tsc, '-p', file], app)).toMatchObject({ code: 0, stdout: '' });
    }
  }, 180_000);

  it("passes the README's test-suite example under jest", async () => {
    const jest = join(REPO, 'node_modules', 'jest', 'bin', 'jest.js');
    // jest's own 5 s per test is the README reader's business; here a loaded machine gets a minute.
    const result = await run(process.execPath, [jest, '--ci', '--rootDir', app, '--testMatch', '**/sms.test.js', '--testTimeout', '60000'], app);
    expect(result.stderr).toMatch(/Tests:\s+1 passed, 1 total/);
    expect(result.code).toBe(0);
  }, 120_000);
});
