/**
 * Real headless Chromium for the browser tests (issue #13): Debian's `chromium` package driven by
 * playwright-core, with a fresh profile and the flags that keep it off the (closed) network. `.ci/run`
 * installs the package; a machine without it fails here, loudly, instead of skipping.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Where screenshots of a run go (gitignored). */
export const ARTIFACTS = resolve(__dirname, '../../test-artifacts');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's package (apt-get install -y chromium; .ci/run does it).`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  // launchPersistentContext passes a fresh --user-data-dir: nothing from another run or the user's profile.
  const profile = mkdtempSync(join(tmpdir(), 'kosmo-sinch-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const artifact = (name: string): string => join(ARTIFACTS, name);
