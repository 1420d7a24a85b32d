/**
 * Terminal-safe output in a real terminal (tmux; issue #10, item 2): what a script prints, its result, its
 * errors, a received SMS body, and what `docs` and `accounts` echo back reach the screen as visible text —
 * the terminal's title, screen and clipboard stay untouched — unless `--raw-output` says otherwise.
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
    accounts: { default: { service_plan_id: 'emulator-plan', api_token: 'emulator-token', sms_base_url: emulator.url } },
  });
});

afterEach(() => {
  for (const pane of panes.splice(0)) pane.close();
});

afterAll(() => emulator?.close());

function kosmo(...args: string[]): TmuxPane {
  const pane = new TmuxPane({ argv: [process.execPath, BIN, ...args], cwd: dir, env: cleanEnv(dir) });
  panes.push(pane);
  return pane;
}

let scripts = 0;
function script(code: string): string {
  const file = join(dir, `output-${++scripts}.lua`);
  writeFileSync(file, code);
  return file;
}

/** Sets the title (OSC 0 and 2), clears the screen (CSI 2J), writes the clipboard (OSC 52). */
const HOSTILE = '\x1b]0;pwned-title\x07\x1b]2;pwned-title\x07\x1b[2J\x1b[H\x1b]52;c;cHduZWQ=\x07';
const HOSTILE_SHOWN = '\\e]0;pwned-title\\a\\e]2;pwned-title\\a\\e[2J\\e[H\\e]52;c;cHduZWQ=\\a';
/** The same bytes as a Lua string literal. */
const HOSTILE_LUA = '"\\27]0;pwned-title\\7\\27]2;pwned-title\\7\\27[2J\\27[H\\27]52;c;cHduZWQ=\\7"';

/** Nothing reached the terminal: its title is unchanged and tmux got no clipboard write. */
function expectTerminalUntouched(pane: TmuxPane): void {
  expect(pane.display('#{pane_title}')).not.toContain('pwned');
  expect(pane.buffers()).toBe('');
}

describe('on a terminal', () => {
  it('shows escape sequences in printed output, the result and the error as text, and the screen is not cleared', async () => {
    const file = script(`print("BEFORE") print("out:" .. ${HOSTILE_LUA}) error("err:" .. ${HOSTILE_LUA}, 0)`);
    const pane = kosmo('lua', '--config', config, file);
    expect(await pane.exitCode()).toBe(1);
    const screen = pane.screen();
    expect(screen).toMatch(/^BEFORE$/m);
    expect(screen).toContain(`out:${HOSTILE_SHOWN}`);
    expect(screen).toContain(`error [runtime_error]: err:${HOSTILE_SHOWN}`);
    expectTerminalUntouched(pane);
  });

  it('shows escape sequences in a returned value as text', async () => {
    const pane = kosmo('lua', '--config', config, '-e', `print("BEFORE") return "result:" .. ${HOSTILE_LUA}`);
    expect(await pane.exitCode()).toBe(0);
    expect(pane.screen()).toContain(`result:${HOSTILE_SHOWN}`);
    expect(pane.screen()).toMatch(/^BEFORE$/m);
    expectTerminalUntouched(pane);
  });

  it('shows a received SMS body that would set the title, clear the screen and write the clipboard as text', async () => {
    const marker = `inbound ${Date.now()}`;
    const injected = await fetch(`${emulator.url}/_emulator/inbounds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+46701234567', body: `${marker}${HOSTILE}` }),
    });
    expect(injected.status).toBe(201);
    const file = script(`
      print("BEFORE")
      for _, m in ipairs(app.integrations.sinch.list_messages({ direction = "mo", page_size = 50 }).messages) do
        if m.body:find(${JSON.stringify(marker)}, 1, true) then print("body: " .. m.body) end
      end`);
    const pane = kosmo('lua', '--config', config, file);
    expect(await pane.exitCode()).toBe(0);
    const screen = pane.screen();
    expect(screen).toContain(`body: ${marker}${HOSTILE_SHOWN}`);
    expect(screen).toMatch(/^BEFORE$/m);
    expectTerminalUntouched(pane);
  });

  it('passes the sequences through with --raw-output, the user’s explicit choice', async () => {
    const pane = kosmo('lua', '--config', config, '--raw-output', '-e', 'print("\\27]2;raw-title\\7RAW")');
    expect(await pane.exitCode()).toBe(0);
    expect(pane.screen()).toMatch(/^RAW$/m);
    expect(pane.display('#{pane_title}')).toBe('raw-title');
  });

  it('shows what docs echoes back as text', async () => {
    const pane = kosmo('docs', `nope${HOSTILE}`);
    await pane.exitCode();
    expect(pane.screen()).toContain(`nope${HOSTILE_SHOWN}`);
    expectTerminalUntouched(pane);
  });

  it('shows what accounts echoes back as text', async () => {
    const pane = kosmo('accounts', '--config', join(dir, `missing${HOSTILE}.json`));
    expect(await pane.exitCode()).toBe(1);
    expect(pane.joined()).toContain(`missing${HOSTILE_SHOWN}.json`);
    expectTerminalUntouched(pane);
  });
});
