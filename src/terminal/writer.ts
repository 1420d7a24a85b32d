/**
 * One writer for everything the CLI prints (issue #10, item 2): untrusted text — what a script prints, its
 * result, error messages, SMS bodies, the emulator's log lines — is made visible (`makeVisible`, output
 * mode) on its way to a terminal. What goes to a pipe or a file stays byte-exact, and so does any stream
 * marked exact (`--json` on stdout) or everything with `raw` (`--raw-output`: the user's choice).
 *
 * It also keeps track of where the terminal's cursor is — at the start of a line or not — so that the
 * approval prompt can start on a fresh line after whatever the script printed (issue #16, item 2).
 */
import { makeVisible } from './visible';

/** What the writer needs of process.stdout / process.stderr (tests pass their own). */
export interface OutputStream {
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
  readonly isTTY?: boolean;
  /** Width of the terminal, when it is one. */
  readonly columns?: number;
}

export type StreamName = 'stdout' | 'stderr';

export interface TerminalWriterOptions {
  /** Write untrusted text as it is even to a terminal (`--raw-output`). @default false */
  readonly raw?: boolean;
  /** Streams whose bytes must stay exact whatever they are connected to (`--json` on stdout). @default none */
  readonly exact?: Readonly<Partial<Record<StreamName, boolean>>>;
}

export class TerminalWriter {
  private raw = false;
  private exact: Partial<Record<StreamName, boolean>> = {};
  /** Whether the last text written to a terminal ended a line (true before anything is written). */
  private lineStart = true;

  constructor(
    private readonly stdout: OutputStream,
    private readonly stderr: OutputStream,
    options: TerminalWriterOptions = {},
  ) {
    this.configure(options);
  }

  /** Changes the options for what is written from now on (the CLI sets them once its flags are parsed). */
  configure(options: TerminalWriterOptions): void {
    if (options.raw !== undefined) this.raw = options.raw;
    if (options.exact !== undefined) this.exact = { ...options.exact };
  }

  /** Whether text written to `stream` with `out`/`err` is made visible: it is a terminal, neither raw nor exact. */
  escapes(stream: StreamName): boolean {
    return this.streamOf(stream).isTTY === true && !this.raw && this.exact[stream] !== true;
  }

  /** Whether `stream` is a terminal (then what is written to it moves the cursor this writer tracks). */
  isTerminal(stream: StreamName): boolean {
    return this.streamOf(stream).isTTY === true;
  }

  /** The width of the terminal on `stream`, or undefined when it is not one. */
  columns(stream: StreamName): number | undefined {
    const s = this.streamOf(stream);
    return s.isTTY ? s.columns : undefined;
  }

  /** Untrusted text for standard output. Resolves once it is handed to the OS. */
  out(text: string): Promise<void> {
    return this.write('stdout', this.escapes('stdout') ? makeVisible(text, 'output') : text);
  }

  /** Untrusted text for standard error. */
  err(text: string): Promise<void> {
    return this.write('stderr', this.escapes('stderr') ? makeVisible(text, 'output') : text);
  }

  /**
   * Text this program composed itself from made-visible parts (the approval prompt, with its own line
   * breaks and key echo): written as it is, and tracked like everything else.
   */
  trusted(stream: StreamName, text: string): Promise<void> {
    return this.write(stream, text);
  }

  /** True when the terminal's cursor is at the start of a line as far as this writer knows. */
  get atLineStart(): boolean {
    return this.lineStart;
  }

  /** Ends the terminal's current line on `stream` unless the cursor is already at the start of one. */
  freshLine(stream: StreamName = 'stderr'): Promise<void> {
    return this.lineStart ? Promise.resolve() : this.write(stream, '\n');
  }

  private streamOf(name: StreamName): OutputStream {
    return name === 'stdout' ? this.stdout : this.stderr;
  }

  private write(name: StreamName, text: string): Promise<void> {
    if (text === '') return Promise.resolve();
    const stream = this.streamOf(name);
    // Both standard streams on a terminal share its screen; one that is piped does not move the cursor.
    if (stream.isTTY) this.lineStart = text.endsWith('\n');
    return new Promise((resolve) => {
      stream.write(text, () => resolve());
    });
  }
}
