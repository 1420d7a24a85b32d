/**
 * The inbox's static files ship in the npm package as they are (issue #13: no build step), and the built
 * emulator (dist/) finds them where the package puts them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const FILES = ['index.html', 'inbox.js', 'inbox.css', 'icon.svg'];

describe('the inbox in the package', () => {
  it('lists the static files in what npm would publish', () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    const packed = new Set((JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path));
    for (const file of FILES) expect(packed).toContain(`src/emulator/inbox/static/${file}`);
    expect(packed).toContain('dist/emulator/inbox/static-files.js');
  });

  it('is found by the built emulator (dist/) in the package layout', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const built = require(join(ROOT, 'dist/emulator/inbox/static-files.js')) as { STATIC_DIR: string };
    expect(built.STATIC_DIR).toBe(join(ROOT, 'src/emulator/inbox/static'));
    for (const file of FILES) expect(existsSync(join(built.STATIC_DIR, file))).toBe(true);
  });
});
