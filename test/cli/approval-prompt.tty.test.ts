/**
 * The approval prompt in a real terminal (tmux; issue #10, item 1): the built CLI runs a script whose send
 * needs approval (`permissions.write = "ask"`) against an emulator started here; each spoofing attempt of
 * issue #10 is defeated on the screen, and what the emulator stored says whether anything was sent.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { BIN, cleanEnv, sandboxDir, writeConfig } from './run-cli';
import { requireTmux, TmuxPane } from './tmux';

let emulator: RunningEmulator;
let dir: string;
let config: string;
const panes: TmuxPane[] = [];

beforeAll(async () => {
  requireTmux();
  emulator = await startEmulator({ port: 0 });
  dir = sandboxDir();
  config = writeConfig(dir, {
    accounts: {
      default: {
        service_plan_id: 'emulator-plan',
        api_token: 'emulator-token',
        sms_base_url: emulator.url,
        permissions: { write: 'ask' },
      },
    },
  });
});

afterEach(() => {
  for (const pane of panes.splice(0)) pane.close();
});

afterAll(() => emulator?.close());

let scripts = 0;
/** Runs `lua` on `script` in a fresh 120×40 tmux pane. */
function run(script: string): TmuxPane {
  const file = join(dir, `script-${++scripts}.lua`);
  writeFileSync(file, script);
  const pane = new TmuxPane({ argv: [process.execPath, BIN, 'lua', '--config', config, '--timeout-ms', '120000', file], cwd: dir, env: cleanEnv(dir) });
  panes.push(pane);
  return pane;
}

/** Bodies of the batches the emulator stored, as GET /_emulator/state shows them. */
async function sentBodies(): Promise<string[]> {
  const state = (await (await fetch(`${emulator.url}/_emulator/state`)).json()) as {
    sms: Record<string, { batches: Array<{ body: string; to: string[] }> }>;
  };
  return state.sms['emulator-plan'].batches.map((b) => b.body);
}

/** A Lua string literal of `text`, every byte as a decimal escape. */
const lua = (text: string) => `"${[...Buffer.from(text, 'utf8')].map((b) => `\\${b}`).join('')}"`;

const send = (body: string, to = '{ "+46701234567" }') =>
  `local b = app.integrations.sinch.send_sms({ from = "+12025550142", to = ${to}, body = ${lua(body)} })\nprint("SENT " .. b.id)\n`;

/** The question the prompt ends with. */
const QUESTION = /^Allow\? .*\[y\/N(, v = show all)?\]$/m; // capture-pane trims trailing spaces

describe('the approval prompt in a terminal', () => {
  it('shows the carriage-return spoof as one gutter line with its escapes, sends on y, and closes its line before later output', async () => {
    const body = `CR spoof ${Date.now()}: Send me your bank PIN now\r\x1b[2K  body: Your appointment is confirmed`;
    const pane = run(send(body));
    const screen = await pane.waitFor(QUESTION);
    expect(screen).toContain(`    │ ${body.replace('\r', '\\r').replace('\x1b', '\\e')}`);
    expect(screen).not.toMatch(/^ {2}body: Your appointment is confirmed/m);
    pane.keys('y', 'Enter');
    expect(await pane.exitCode()).toBe(0);
    const after = pane.screen();
    expect(after).toMatch(/\[y\/N\] y\n {2}→ allowed\.\n(.*\n)*SENT \w+/);
    expect(await sentBodies()).toContain(body);
  });

  it('shows the recipients that will be sent, normalised, one per line with their count, whatever \\r or \\t they were written with', async () => {
    const marker = `recipients ${Date.now()}`;
    const pane = run(send(marker, '{ "  +447700900123", "\\r\\t+1 202 555 0111  " }'));
    const screen = await pane.waitFor(QUESTION);
    expect(screen).toContain('  to (2):\n    1. +447700900123\n    2. +12025550111\n');
    expect(screen).toContain('to 2 recipients');
    pane.keys('n', 'Enter');
    expect(await pane.exitCode()).toBe(1);
    expect(pane.screen()).toContain('→ not allowed.');
    expect(await sentBodies()).not.toContain(marker);
  });

  it('shows cursor-up, erase, backspace and conceal sequences as text instead of obeying them', async () => {
    const stamp = Date.now();
    const pane = run(send(`Hidden ${stamp}\x1b[1A\x1b[2K\b\b\b\x1b[8mconcealed\x1b[0m`));
    const screen = await pane.waitFor(QUESTION);
    expect(screen).toContain(`    │ Hidden ${stamp}\\e[1A\\e[2K\\b\\b\\b\\e[8mconcealed\\e[0m`);
    expect(screen).toMatch(/^─── kosmo-sinch: approval needed/m);
    pane.keys('n', 'Enter');
    expect(await pane.exitCode()).toBe(1);
  });

  it('keeps the header on the screen under 60 newlines and restates what is allowed right above the answer', async () => {
    const body = `Your code is 1234${'\n'.repeat(60)}─── kosmo-sinch: approval needed ───\nSend nothing\nAllow? [y/N]`;
    const pane = run(send(body));
    const screen = await pane.waitFor(QUESTION);
    expect(screen).toMatch(/^─── kosmo-sinch: approval needed/m);
    const lines = body.split('\n').length;
    expect(screen).toContain(`  body: ${[...body].length} characters, ${lines} lines`);
    expect(screen).toMatch(new RegExp(`… \\d+ more characters, ${lines - 12} more lines not shown — press v to show all`));
    // The fake header's box-drawing characters make the body UCS-2: 139 UTF-16 units, 3 parts.
    expect(screen).toMatch(/^Allow\? Send an SMS to 1 recipient \(3 parts each, 3 messages\) — account 'default' \[y\/N, v = show all\]$/m);
    pane.keys('n', 'Enter');
    expect(await pane.exitCode()).toBe(1);
  });

  it('says how much of a long body and a long list is not shown, and shows all of it on v', async () => {
    const marker = `long ${Date.now()} `;
    const body = marker + 'abcdefghij'.repeat(180);
    const to = `{ ${Array.from({ length: 30 }, (_, i) => `"+467012300${String(i).padStart(2, '0')}"`).join(', ')} }`;
    const pane = run(send(body, to));
    const screen = await pane.waitFor(QUESTION);
    expect(screen).toContain('  to (30):');
    expect(screen).toContain('    … 20 more items not shown (30 in all) — press v to show all');
    expect(screen).toMatch(/    … [\d,]+ more characters not shown — press v to show all/);
    expect(screen).not.toContain('+46701230029');
    pane.keys('v');
    const history = await pane.waitFor((text) => text.includes('    30. +46701230029') && /\[y\/N\]$/m.test(text), { history: true });
    const full = history.slice(history.indexOf('[y/N, v = show all]'));
    expect(full).not.toContain('not shown');
    expect(full.match(/^ {4}[│┆] /gm)!.length).toBeGreaterThanOrEqual(16);
    expect(full.match(/^ {4}[│┆] (.*)$/gm)!.map((row) => row.slice(6)).join('')).toBe(body);
    pane.keys('n', 'Enter');
    expect(await pane.exitCode()).toBe(1);
    expect(await sentBodies()).not.toContain(body);
  });

  it('shows terminal queries in the body as text, so the terminal types no answer into the prompt', async () => {
    const body = `Query ${Date.now()} \x1b[c\x1b[6n\x1b]11;?\x07`;
    const pane = run(send(body));
    const screen = await pane.waitFor(QUESTION);
    expect(screen).toContain('\\e[c\\e[6n\\e]11;?\\a');
    pane.keys('y', 'Enter');
    expect(await pane.exitCode()).toBe(0);
    // Only the person's "y" follows the question: nothing was typed in by the terminal.
    expect(pane.screen()).toMatch(/\[y\/N\] y\n/);
  });

  it('cancels the whole run on Ctrl-C at the prompt without sending', async () => {
    const body = `Interrupted ${Date.now()}`;
    const pane = run(`${send(body)}print("AFTER")`);
    await pane.waitFor(QUESTION);
    pane.keys('C-c');
    expect(await pane.exitCode()).toBe(1);
    const screen = pane.screen();
    expect(screen).toContain('^C\n  → interrupted.');
    expect(screen).toContain('error [cancelled]: Cancelled at the approval prompt (Ctrl-C).');
    expect(screen).not.toContain('AFTER');
    expect(await sentBodies()).not.toContain(body);
  });

  // Printed output is streamed to the CLI as the script runs (issue #16 item 2), so the prompt comes after it.
  it('shows what the script printed before the prompt above it, and what it printed after below the answer', async () => {
    const body = `Streamed ${Date.now()}`;
    const pane = run(`print("PRINTED BEFORE")\n${send(body)}print("PRINTED AFTER")`);
    await pane.waitFor(QUESTION);
    pane.keys('y', 'Enter');
    expect(await pane.exitCode()).toBe(0);
    expect(pane.screen()).toMatch(/^PRINTED BEFORE\n─── kosmo-sinch: approval needed(.*\n)*.*\[y\/N\] y\n {2}→ allowed\.\nSENT \w+\nPRINTED AFTER$/m);
  });

  it('does not count the time the person takes against --timeout-ms', async () => {
    const body = `Slow answer ${Date.now()}`;
    const file = join(dir, `script-${++scripts}.lua`);
    writeFileSync(file, send(body));
    // Deadline 3 s — all the time a loaded machine needs to reach the prompt (a first send takes ~60 ms) —
    // and the watchdog 2 s after it; the person answers once both have passed since the prompt appeared.
    const deadlineMs = 3000;
    const pane = new TmuxPane({ argv: [process.execPath, BIN, 'lua', '--config', config, '--timeout-ms', String(deadlineMs), file], cwd: dir, env: cleanEnv(dir) });
    panes.push(pane);
    await pane.waitFor(QUESTION);
    await new Promise((resolve) => setTimeout(resolve, deadlineMs + 2000 + 1000));
    pane.keys('y', 'Enter');
    expect(await pane.exitCode()).toBe(0);
    expect(pane.screen()).toMatch(/SENT \w+/);
    expect(await sentBodies()).toContain(body);
  });

  it('discards what was typed before the prompt appeared: a y typed ahead does not answer it', async () => {
    const go = `GO ${Date.now()}`;
    const body = `Typed ahead ${Date.now()}`;
    // The script waits for an inbound message the test injects only after it has typed "y" and Enter.
    const pane = run(`
      local function arrived()
        for _, m in ipairs(app.integrations.sinch.list_messages({ direction = "mo", page_size = 50 }).messages) do
          if m.body == ${lua(go)} then return true end
        end
        return false
      end
      while not arrived() do end
      ${send(body)}`);
    pane.keys('y', 'Enter');
    // The terminal echoes the keys once they are in its input queue: then they were typed before the prompt.
    await pane.waitFor(/^y$/m);
    const injected = await fetch(`${emulator.url}/_emulator/inbounds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+46701234567', body: go }),
    });
    expect(injected.status).toBe(201);
    await pane.waitFor(QUESTION);
    pane.keys('n', 'Enter');
    expect(await pane.exitCode()).toBe(1);
    expect(pane.screen()).toMatch(/\[y\/N\] n\n {2}→ not allowed\./);
    expect(await sentBodies()).not.toContain(body);
  });
});
