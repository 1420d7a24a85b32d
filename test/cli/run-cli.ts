/** Run the built kosmo-sinch binary as a subprocess, isolated from the developer's own configuration. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(__dirname, '../../dist/cli/main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh directory usable as cwd/HOME, so no config file is found unless a test writes one. */
export function sandboxDir(): string {
  return mkdtempSync(join(tmpdir(), 'kosmo-sinch-test-'));
}

export function cleanEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('SINCH_') || key === 'KOSMO_SINCH_CONFIG' || key === 'XDG_CONFIG_HOME') continue;
    env[key] = value;
  }
  return { ...env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), ...extra };
}

export function runCli(
  args: readonly string[],
  options: { input?: string; env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const cwd = options.cwd ?? sandboxDir();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: cleanEnv(cwd, options.env), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 25_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

export function writeConfig(dir: string, config: unknown, name = 'kosmo-sinch.json'): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/**
 * The user's own config file for a run whose HOME is `home` (cleanEnv: `$XDG_CONFIG_HOME` is `home/.config`):
 * trusted, unlike a `./kosmo-sinch.json` in the working directory (README.md, "Configuration").
 */
export function writeUserConfig(home: string, config: unknown): string {
  const dir = join(home, '.config', 'kosmo-sinch');
  mkdirSync(dir, { recursive: true });
  return writeConfig(dir, config, 'config.json');
}
