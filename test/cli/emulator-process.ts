/** `kosmo-sinch emulator` as a subprocess: started, its ready line read, stopped with a signal. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import { BIN, cleanEnv, sandboxDir } from './run-cli';

export interface EmulatorProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** From the ready line: `http://HOST:PORT`. */
  readonly url: string;
  /** The ready line as printed (stdout up to the first newline). */
  readonly readyLine: string;
  /** Everything on stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startEmulatorProcess(args: readonly string[] = []): Promise<EmulatorProcess> {
  const dir = sandboxDir();
  const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', ...args], { cwd: dir, env: cleanEnv(dir) });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const readyLine = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n') + 1));
    });
    exited.then((code) => reject(new Error(`kosmo-sinch emulator exited (${code}) before it was ready: ${err}`)));
  });
  return {
    child,
    url: readyLine.trim().split(' ').pop()!,
    readyLine,
    stdout: () => out,
    stderr: () => err,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}
