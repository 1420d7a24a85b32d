/** `kosmo-sinch emulator [--port N] [--host H]`: run the Sinch emulator until SIGINT/SIGTERM. */
import { writeErr, writeOut } from './output';
import { EXIT_OK } from './usage-error';

export interface EmulatorCommandOptions {
  readonly port?: number;
  readonly host?: string;
}

export async function emulatorCommand(options: EmulatorCommandOptions): Promise<number> {
  const { startEmulator } = await import('../emulator');
  const emulator = await startEmulator({
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    // Its log lines carry request paths and error text: through the writer, made visible on a terminal.
    log: (line) => void writeErr(`${line}\n`),
  });
  await writeOut(`Sinch emulator listening on ${emulator.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await emulator.close();
  return EXIT_OK;
}
