/**
 * `kosmo-sinch emulator [--port N] [--host H] [--max-batches N] [--max-recipients N] [--max-inbounds N]
 * [--max-body-bytes SIZE]`: run the Sinch emulator until SIGINT/SIGTERM.
 */
import type { StorageLimits } from '../emulator';
import { writeErr, writeOut } from './output';
import { EXIT_OK } from './usage-error';

export interface EmulatorCommandOptions {
  readonly port?: number;
  readonly host?: string;
  readonly maxBatches?: number;
  readonly maxRecipients?: number;
  readonly maxInbounds?: number;
  readonly maxBodyBytes?: number;
}

export async function emulatorCommand(options: EmulatorCommandOptions): Promise<number> {
  const { startEmulator } = await import('../emulator');
  const limits: Partial<StorageLimits> = {};
  if (options.maxBatches !== undefined) limits.maxBatches = options.maxBatches;
  if (options.maxRecipients !== undefined) limits.maxRecipients = options.maxRecipients;
  if (options.maxInbounds !== undefined) limits.maxInbounds = options.maxInbounds;
  if (options.maxBodyBytes !== undefined) limits.maxBodyBytes = options.maxBodyBytes;
  const emulator = await startEmulator({
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    limits,
    // Its log lines carry request paths and error text: through the writer, made visible on a terminal.
    log: (line) => void writeErr(`${line}\n`),
  });
  // The contract's one ready line on stdout (scripts read it); the inbox's address goes to stderr.
  await writeOut(`Sinch emulator listening on ${emulator.url}\n`);
  await writeErr(`Sinch emulator inbox: ${emulator.url}/_emulator/inbox/\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await emulator.close();
  return EXIT_OK;
}
