/**
 * The stderr notices of the commands that read the configuration (`lua`, `mcp`): where the accounts come from
 * (issue #10 item 3) and the built-in emulator's one line (docs/contract.md, "The embedded default").
 */
import { configAnnouncement } from '../host/config-notices';
import { writeErr } from './output';

/** Zod-free (src/host/config-notices.ts): the main thread does not load the schema library (issue #5). */
export async function announceConfig(configPath: string | undefined): Promise<void> {
  for (const line of configAnnouncement(configPath)) await writeErr(`${line}\n`);
}

export function announceEmulator(url: string): Promise<void> {
  return writeErr(`kosmo-sinch: using the built-in Sinch emulator at ${url} (no account configured or --emulator): nothing is really sent.\n`);
}
