/** Where a script comes from: `-e CODE`, a file, or standard input (docs/contract.md). */
import { readFile } from 'node:fs/promises';
import { UsageError } from './usage-error';

export interface CodeSource {
  readonly code: string;
  /** Chunk name for positions: the file's base name, or `script`. */
  readonly chunkName: string;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function readCode(file: string | undefined, evalCode: string | undefined): Promise<CodeSource> {
  if (file !== undefined && evalCode !== undefined) {
    throw new UsageError('give either a FILE or -e CODE, not both');
  }
  if (evalCode !== undefined) return { code: evalCode, chunkName: 'script' };
  if (file !== undefined && file !== '-') {
    try {
      return { code: await readFile(file, 'utf8'), chunkName: 'script' };
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      throw new UsageError(`cannot read ${file}: ${reason}`);
    }
  }
  if (process.stdin.isTTY) {
    throw new UsageError('no code given: pass a FILE, -e CODE, or pipe a script on standard input');
  }
  const code = await readStdin();
  if (code.trim() === '') throw new UsageError('no code given: standard input was empty');
  return { code, chunkName: 'script' };
}
