/**
 * Everything the CLI prints goes through one TerminalWriter (src/terminal/writer.ts): untrusted text is made
 * visible on a terminal, stays byte-exact on a pipe, and the writer knows where the cursor is for the prompt.
 */
import { TerminalWriter, type TerminalWriterOptions } from '../terminal';

export const terminal = new TerminalWriter(process.stdout, process.stderr);

/** `--raw-output` and `--json` (exact stdout), once the flags are parsed. */
export const configureOutput = (options: TerminalWriterOptions): void => terminal.configure(options);

/** Writing to stdout/stderr and waiting until the data is handed to the OS (before the process exits). */
export const writeOut = (text: string): Promise<void> => terminal.out(text);
export const writeErr = (text: string): Promise<void> => terminal.err(text);
