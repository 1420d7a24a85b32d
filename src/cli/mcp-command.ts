/**
 * `kosmo-sinch mcp [--config PATH] [--emulator]`: the MCP server on stdio (src/mcp/, docs/mcp.md). stdout is
 * the protocol's alone; the configuration notices go to stderr, as for `kosmo-sinch lua`. No `--force`: nothing
 * about the server may loosen a permission policy (issue #11, item 5).
 */
import { announceConfig, announceEmulator } from './notices';
import { EXIT_OK } from './usage-error';

export interface McpCommandOptions {
  readonly config?: string;
  readonly emulator?: boolean;
}

export async function mcpCommand(options: McpCommandOptions): Promise<number> {
  if (options.emulator !== true) await announceConfig(options.config);
  const { serveMcp } = await import('../mcp');
  await serveMcp({ configPath: options.config, forceEmulator: options.emulator === true, onEmulator: announceEmulator });
  return EXIT_OK;
}
