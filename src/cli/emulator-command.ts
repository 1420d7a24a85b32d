/**
 * `kosmo-sinch emulator [--port N] [--host H] [--max-batches N] [--max-recipients N] [--max-inbounds N]
 * [--max-body-bytes SIZE]`: run the Sinch emulator until SIGINT/SIGTERM.
 */
import type { StorageLimits } from '../emulator';
import { writeErr, writeOut } from './output';
import { CommandFailure, EXIT_OK } from './usage-error';

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
  const port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  const emulator = await startEmulator({
    port,
    host,
    limits,
    // Its log lines carry request paths and error text: through the writer, made visible on a terminal.
    log: (line) => void writeErr(`${line}\n`),
  }).catch((error: unknown) => {
    throw listenFailure(error, host, port) ?? error;
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

/** Why the emulator could not listen, said the way a person can act on it (issue #16 item 7); else undefined. */
function listenFailure(error: unknown, host: string, port: number): CommandFailure | undefined {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE':
      return new CommandFailure('invalid_argument', `port ${port} is in use on ${host}; pick another with --port N, or --port 0 for a free one`);
    case 'EACCES':
      return new CommandFailure('permission_denied', `not allowed to listen on ${host} port ${port} (ports below 1024 need privileges); pick another with --port N, or --port 0 for a free one`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new CommandFailure('invalid_argument', `cannot listen on ${host}: not an address of this machine; --host 127.0.0.1 is the default`);
    default:
      return undefined;
  }
}
