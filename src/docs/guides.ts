/**
 * Guide pages bundled in lua-docs/ (everything there that is not an integration's reference).
 * Resolved from the package root so the same code works from src/ (ts-jest) and dist/ (built).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Guide } from './catalogue';

/** The package root: two levels above this file in both src/docs and dist/docs. */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..');
export const LUA_DOCS_DIR = join(PACKAGE_ROOT, 'lua-docs');

/** Guide pages, by page name. */
export const GUIDE_FILES: Readonly<Record<string, string>> = {
  overview: 'overview.md',
  errors: 'errors.md',
  'sms-jobs': 'sms-jobs.md',
};

let cached: Guide[] | undefined;

export function loadGuides(): Guide[] {
  if (cached) return cached;
  cached = Object.entries(GUIDE_FILES).map(([name, file]) => {
    const text = readFileSync(join(LUA_DOCS_DIR, file), 'utf8');
    const heading = /^#\s+(.+)$/m.exec(text);
    return { name, title: heading ? heading[1].trim() : name, text };
  });
  return cached;
}
