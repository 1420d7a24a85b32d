/**
 * A real terminal for end-to-end tests (issue #10: "the prompt and terminal tests drive a real terminal"):
 * the CLI runs in a tmux pane of a private tmux server, keys are sent with `send-keys`, and tests assert on
 * what is on the screen (`capture-pane`). Nothing waits for a duration: every wait polls for a condition,
 * with a generous overall timeout.
 *
 * tmux is required, not optional: .ci/run installs it; without it these tests fail and say so.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How long a wait may take on a loaded 2-core machine before the test fails (conditions, not margins). */
export const WAIT_MS = 25_000;
const POLL_MS = 40;

/** The tmux binary, or an error that says how to install it. */
export function requireTmux(): void {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'pipe' });
  } catch {
    throw new Error(
      'tmux is required for the terminal tests (test/cli/*.tty.test.ts) and was not found on PATH. ' +
        'Install it (Debian/Ubuntu: apt-get install -y tmux); .ci/run does so on CI.',
    );
  }
}

// set-clipboard lets an OSC 52 sequence that reached the terminal land in a tmux buffer, where a test can see it.
const CONFIG = ['set -g history-limit 10000', 'set -g set-clipboard on', 'set -g status off'].join('\n');

/**
 * The command runs under a shell that prints its exit status and then keeps the pane open. Not tmux's
 * remain-on-exit: with it, tmux 3.3 sometimes lost the pane's last lines when the command ended, and
 * reported no exit status at all for about one run in ten.
 */
const WRAPPER = ['sh', '-c', '"$@"; echo "[exit $?]"; exec sleep 3600', 'sh'];
const EXIT = /\[exit (\d+)\]/;

export interface PaneOptions {
  /** The command and its arguments, run directly (no shell). */
  readonly argv: readonly string[];
  readonly cwd: string;
  /** The whole environment of the command. */
  readonly env: NodeJS.ProcessEnv;
  readonly width?: number;
  readonly height?: number;
}

export class TmuxPane {
  private readonly dir: string;
  private readonly socket: string;

  constructor(options: PaneOptions) {
    this.dir = mkdtempSync(join(tmpdir(), 'kst-'));
    this.socket = join(this.dir, 's');
    const config = join(this.dir, 'tmux.conf');
    writeFileSync(config, CONFIG);
    // The first command starts the server, which hands its environment to the pane.
    execFileSync(
      'tmux',
      ['-u', '-S', this.socket, '-f', config, 'new-session', '-d', '-s', 'main', '-x', String(options.width ?? 120), '-y', String(options.height ?? 40), '-c', options.cwd, '--', ...WRAPPER, ...options.argv],
      { env: { ...options.env, LANG: 'C.UTF-8' }, stdio: 'pipe' },
    );
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-u', '-S', this.socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** The visible screen, one line per row, trailing spaces trimmed. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'main');
  }

  /** The screen with rows the terminal wrapped joined back into their lines. */
  joined(): string {
    return this.tmux('capture-pane', '-p', '-J', '-t', 'main');
  }

  /** The scrollback and the screen. */
  everything(): string {
    return this.tmux('capture-pane', '-p', '-S', '-', '-E', '-', '-t', 'main');
  }

  /** Literal text, as if typed. */
  type(text: string): void {
    this.tmux('send-keys', '-t', 'main', '-l', text);
  }

  /** tmux key names: `Enter`, `C-c`, `v`. */
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'main', ...keys);
  }

  /** A tmux format about the pane, e.g. `#{pane_title}`. */
  display(format: string): string {
    return this.tmux('display-message', '-p', '-t', 'main', format).trim();
  }

  /** The names of tmux's paste buffers (an OSC 52 clipboard write that reached tmux creates one). */
  buffers(): string {
    return this.tmux('list-buffers', '-F', '#{buffer_name}').trim();
  }

  /** Polls until `test` holds for the screen (or the whole history); returns that text. */
  async waitFor(test: string | RegExp | ((text: string) => boolean), options: { history?: boolean } = {}): Promise<string> {
    const holds = typeof test === 'function' ? test : (text: string) => (typeof test === 'string' ? text.includes(test) : test.test(text));
    const deadline = Date.now() + WAIT_MS;
    let text = '';
    for (;;) {
      text = options.history ? this.everything() : this.screen();
      if (holds(text)) return text;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${String(test)} on the screen:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Waits until the command has ended; its exit status. */
  async exitCode(): Promise<number> {
    const text = await this.waitFor(EXIT, { history: true });
    return Number(EXIT.exec(text)![1]);
  }

  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
