/**
 * The bundled reference, `lua-docs/sinch.md`: served whole as `integrations.sinch`, and split into one page
 * per function (each `### sinch_<name>` section) for `integrations.sinch.<fn>`.
 *
 * The file is found from the package root, so that this works from `src/sinch/` under ts-jest and from
 * `dist/sinch/` after a build alike.
 */
import fs from 'node:fs';
import path from 'node:path';

const DOC_FILE = path.join('lua-docs', 'sinch.md');

/** The package root: the nearest ancestor of this file that holds lua-docs/sinch.md. */
export function packageRoot(from: string = __dirname): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, DOC_FILE))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`lua-docs/sinch.md not found above ${from}`);
}

export function docPath(): string {
  return path.join(packageRoot(), DOC_FILE);
}

export function readReference(): string {
  return fs.readFileSync(docPath(), 'utf8');
}

const FUNCTION_HEADING = /^### (sinch_[a-z_]+)/;

/** `### sinch_xxx` sections, keyed by published name; each runs to the next heading of level 1–3. */
export function splitFunctionPages(markdown: string): Record<string, string> {
  const pages: Record<string, string> = {};
  let name: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (name) pages[name] = `${lines.join('\n').trim()}\n`;
  };
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const heading = !inFence && /^#{1,3} /.test(line);
    if (heading) {
      flush();
      const match = FUNCTION_HEADING.exec(line);
      name = match ? match[1] : undefined;
      lines = [];
    }
    if (name) lines.push(line);
  }
  flush();
  return pages;
}
