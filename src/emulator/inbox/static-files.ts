/**
 * The web inbox's files (issue #13): `index.html`, `inbox.js`, `inbox.css`, `icon.svg` from `static/` beside this
 * file's source. No build step: they ship in the npm package as they are (`package.json` "files" lists
 * `src/emulator/inbox/static`), and both `src/emulator/inbox/` (tests) and `dist/emulator/inbox/` (the
 * built CLI) sit three levels below the package root, so one path finds them from either.
 *
 * Every file goes out with a strict Content-Security-Policy (no inline script or style, nothing from
 * another origin, no framing, Trusted Types so that no HTML can be assigned from a string), `nosniff`
 * and no referrer. Files are read once and kept.
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { gatewayError } from '../errors';
import type { Reply } from '../server/reply';

export const STATIC_DIR = resolve(__dirname, '..', '..', '..', 'src', 'emulator', 'inbox', 'static');

const FILES = ['index.html', 'inbox.js', 'inbox.css', 'icon.svg'] as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types',
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-cache',
};

const cache = new Map<string, Buffer>();

/** The inbox file `name` (`index.html` when empty), or the gateway 404. */
export function staticFile(name: string | undefined): Reply {
  const file = name === undefined || name === '' ? 'index.html' : name;
  if (!(FILES as readonly string[]).includes(file)) throw gatewayError(404, `No inbox file '${file}'`);
  let body = cache.get(file);
  if (body === undefined) {
    body = readFileSync(resolve(STATIC_DIR, file));
    cache.set(file, body);
  }
  return { status: 200, body, contentType: TYPES[extname(file)], headers: SECURITY_HEADERS };
}

/** `GET /`: to the inbox. */
export function toInbox(): Reply {
  return { status: 302, headers: { location: '/_emulator/inbox/', 'cache-control': 'no-store' } };
}
