/**
 * The emulator's web inbox in real headless Chromium (issue #13): `kosmo-sinch emulator` as a subprocess,
 * sends through the Lua CLI (`kosmo-sinch lua`), the page watched live. Every wait is for a condition on
 * the page, never for a duration. Screenshots go to test-artifacts/ (gitignored); the one of the demo data
 * is the picture in docs/emulator.md.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { startEmulatorProcess, type EmulatorProcess } from '../cli/emulator-process';
import { emulatorAccount, runLua, type Envelope } from '../e2e/harness';
import { artifact, launchChromium, type Browser } from './chromium';

jest.setTimeout(90_000);

// The callbacks given to page.evaluate run in the browser. The project's type check has no DOM library
// (src/ must not use it), so these names are declared here, for this file only.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;

let browser: Browser;
let emulator: EmulatorProcess;
let page: Page;
const problems: string[] = [];

/** `kosmo-sinch lua --json` with the default account on the emulator process. */
async function lua(code: string): Promise<Envelope> {
  const { envelope } = await runLua(code, { config: { accounts: { default: emulatorAccount(emulator.url) } } });
  if (!envelope.success) throw new Error(`the script failed: ${JSON.stringify(envelope.error)}`);
  return envelope;
}

async function sendThroughCli(fields: string): Promise<string> {
  const envelope = await lua(`return app.integrations.sinch.send_sms({ from = "+12025550142", ${fields} }).id`);
  return envelope.result as string;
}

const card = (id: string) => page.locator(`article.batch[data-id="${id}"]`);

async function state(): Promise<{ sms: Record<string, { batches: unknown[]; inbounds: unknown[] }> }> {
  return (await (await fetch(`${emulator.url}/_emulator/state`)).json()) as never;
}

beforeAll(async () => {
  browser = await launchChromium();
  emulator = await startEmulatorProcess();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.goto(`${emulator.url}/`);
  await page.locator('body[data-loaded="true"]').waitFor();
  await page.locator('#connection[data-state="live"]').waitFor();
  // Set once: a reload would lose it, so later tests can tell that updates arrived without one.
  await page.evaluate(() => (window.loadedOnce = true));
});

afterAll(async () => {
  await browser?.close();
  await emulator?.stop();
});

afterEach(async () => {
  const name = expect.getState().currentTestName?.replace(/[^a-z0-9]+/gi, '-').toLowerCase() ?? 'test';
  await page.screenshot({ path: artifact(`inbox-${name}.png`), fullPage: true });
});

const notReloaded = () => page.evaluate(() => window.loadedOnce === true);

describe('the emulator inbox in Chromium', () => {
  it('shows the demo data: batches with group names and members, received messages, groups, numbers', async () => {
    const scheduled = page.locator('article.batch').first();
    await scheduled.getByText('On-call handover tomorrow at 08:00.').waitFor();
    expect(await scheduled.locator('.chip.group').innerText()).toBe('On-call engineers · 2: +12025550121, +447700900871');
    expect(await scheduled.locator('.status').allInnerTexts()).toEqual(['Queued', 'Queued']);
    expect(await page.locator('article.batch').count()).toBe(6);
    expect(await page.locator('article.inbound .body').first().innerText()).toBe('Thanks, got it!');
    expect(await page.locator('#group-list article').count()).toBe(3);
    expect(await page.locator('#number-list tr').count()).toBe(4);
    // The picture in docs/emulator.md: the top of the page with the demo data.
    await page.screenshot({ path: artifact('emulator-inbox.png') });
  });

  it('shows a batch sent through the Lua CLI as it arrives, without a reload', async () => {
    const id = await sendThroughCli('to = { "+12025550111", "+447700900871" }, body = "Live from the CLI"');
    await card(id).getByText('Live from the CLI').waitFor();
    expect(await card(id).locator('.encoding').innerText()).toBe('GSM-7');
    expect(await card(id).locator('tr[data-recipient]').count()).toBe(2);
    expect(await notReloaded()).toBe(true);
  });

  it('sends a reply from the page that list_messages then returns through the CLI', async () => {
    const id = await sendThroughCli('to = { "+12025550123" }, body = "Reply YES to confirm"');
    const row = card(id).locator('tr[data-recipient="12025550123"]');
    await row.getByRole('button', { name: 'Reply' }).click();
    const input = card(id).locator('input[name="body"]');
    await input.fill('YES from the phone');
    await card(id).getByRole('button', { name: 'Send reply' }).click();
    await page.locator('article.inbound').filter({ hasText: 'YES from the phone' }).waitFor();
    const envelope = await lua('return app.integrations.sinch.list_messages({ direction = "mo", page_size = 1 }).messages[1]');
    expect(envelope.result).toMatchObject({ direction: 'mo', from: '12025550123', to: '12025550142', body: 'YES from the phone' });
  });

  it('moves delivery statuses as the clock is advanced from the page', async () => {
    const id = await sendThroughCli('to = { "+12025550124" }, body = "Scheduled", send_at = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() + 3600)');
    const status = card(id).locator('.status');
    await status.filter({ hasText: 'Queued' }).waitFor();
    expect(await card(id).locator('.scheduled').count()).toBe(1);
    await page.getByRole('button', { name: '+1 h' }).click();
    // Dispatched lasts 2 s of emulator time, which also runs in real time: wait for "no longer Queued".
    await page.waitForFunction((batch) => {
      const badge = document.querySelector(`article.batch[data-id="${batch}"] .status`);
      return badge !== null && badge.textContent !== 'Queued';
    }, id);
    await page.getByRole('button', { name: '+2 s' }).click();
    await status.filter({ hasText: 'Delivered' }).waitFor();
    expect(await card(id).getByRole('button', { name: 'Cancel' }).count()).toBe(0);
  });

  it('cancels a queued batch from the page', async () => {
    const id = await sendThroughCli('to = { "+12025550125" }, body = "Cancel me", send_at = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() + 86400)');
    await card(id).getByRole('button', { name: 'Cancel' }).click();
    await card(id).locator('.status').filter({ hasText: 'Cancelled' }).waitFor();
    const envelope = await lua(`return app.integrations.sinch.list_batches({}).batches`);
    const batch = (envelope.result as Array<{ id: string; canceled: boolean }>).find((b) => b.id === id);
    expect(batch?.canceled).toBe(true);
  });

  it('renders HTML, script and direction overrides in a body as visible text', async () => {
    const hostile = '<img src=x onerror=alert(1)><script>window.pwned=1</script>\u202Egnp.exe';
    const id = await sendThroughCli(`to = { "+12025550126" }, body = ${JSON.stringify(hostile)}`);
    const body = card(id).locator('.body');
    await body.waitFor();
    expect(await body.textContent()).toBe('<img src=x onerror=alert(1)><script>window.pwned=1</script>⟨U+202E⟩gnp.exe');
    await page.getByLabel('From').fill('+12025550127');
    await page.getByLabel('Message').fill('<b onmouseover=alert(2)>bold?</b>');
    await page.getByRole('button', { name: 'Send to the plan' }).click();
    const inbound = page.locator('article.inbound .body').filter({ hasText: 'bold?' });
    await inbound.waitFor();
    expect(await inbound.textContent()).toBe('<b onmouseover=alert(2)>bold?</b>');
    expect(await page.locator('main img, main script, main b[onmouseover]').count()).toBe(0);
    expect(await page.evaluate(() => window.pwned)).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('adds and clears injected faults', async () => {
    await page.getByLabel('Route').fill('/xms/v1/**');
    await page.getByRole('button', { name: 'Add fault' }).click();
    const row = page.locator('#fault-list tr').filter({ hasText: '/xms/v1/**' });
    await row.waitFor();
    expect(await row.innerText()).toContain('answer 503');
    await page.getByRole('button', { name: 'Clear all' }).click();
    await page.locator('#fault-list td.empty').waitFor();
  });

  it('resets to an empty state and back to the demo data', async () => {
    await page.getByRole('button', { name: 'Empty' }).click();
    await page.getByText('No batches yet').waitFor();
    expect((await state()).sms['emulator-plan'].batches).toHaveLength(0);
    await page.getByRole('button', { name: 'Reset to demo data' }).click();
    await page.getByText('Your verification code is 482913').waitFor();
    expect(await page.locator('article.batch').count()).toBe(6);
  });

  describe('another website the person visits', () => {
    let other: Server;
    let otherUrl: string;

    beforeAll(async () => {
      other = createServer((_req, res) => res.end('<!doctype html><title>elsewhere</title><p>another site</p>'));
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      // Another port is another origin.
      otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
    });
    afterAll(() => new Promise<void>((resolve) => other.close(() => resolve())));

    it('cannot reset the emulator, inject messages or add faults: not by fetch, not with the header, not by a form', async () => {
      const before = await state();
      const attacker = await browser.context.newPage();
      try {
        await attacker.goto(otherUrl);
        const outcomes = await attacker.evaluate(async (target) => {
          const results: string[] = [];
          const attempt = async (label: string, run: () => Promise<Response>) => {
            try {
              const response = await run();
              results.push(`${label}: ${response.type} ${response.status}`);
            } catch {
              results.push(`${label}: blocked`);
            }
          };
          await attempt('no-cors reset', () => fetch(`${target}/_emulator/reset`, { method: 'POST', mode: 'no-cors', body: '{"demo":false}' }));
          await attempt('no-cors inbound', () =>
            fetch(`${target}/_emulator/inbounds`, { method: 'POST', mode: 'no-cors', body: '{"from":"+12025550199","body":"forged"}' }),
          );
          await attempt('cors with header', () =>
            fetch(`${target}/_emulator/faults`, { method: 'POST', headers: { 'X-Sinch-Emulator': 'inbox' }, body: '{"status":503}' }),
          );
          return results;
        }, emulator.url);
        // A no-cors answer is opaque to the page; the preflighted request never leaves the browser.
        expect(outcomes).toEqual(['no-cors reset: opaque 0', 'no-cors inbound: opaque 0', 'cors with header: blocked']);
        await attacker.evaluate((target) => {
          const form = document.createElement('form');
          form.method = 'POST';
          form.action = `${target}/_emulator/reset`;
          form.enctype = 'text/plain';
          const field = document.createElement('input');
          field.name = '{"demo":false,"x":"';
          field.value = '"}';
          form.append(field);
          document.body.append(form);
          form.submit();
        }, emulator.url);
        await attacker.waitForURL(`${emulator.url}/_emulator/reset`);
        expect(await attacker.locator('body').innerText()).toContain('A web page may change the Sinch emulator only from its own inbox');
      } finally {
        await attacker.close();
      }
      const after = await state();
      expect(after.sms['emulator-plan'].batches).toHaveLength(before.sms['emulator-plan'].batches.length);
      expect(after.sms['emulator-plan'].inbounds).toHaveLength(before.sms['emulator-plan'].inbounds.length);
      expect(((await (await fetch(`${emulator.url}/_emulator/faults`)).json()) as { faults: unknown[] }).faults).toEqual([]);
    });
  });
});
