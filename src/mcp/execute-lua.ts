/**
 * Code mode (issue #11, item 3): `execute_lua` runs a script in the sandbox pool exactly as `kosmo-sinch lua
 * --json` does — the same worker, limits, watchdog and envelope `{success, output, error, result,
 * execution_time_ms, integration_calls, meta}` (docs/contract.md, "The --json envelope") — so that an agent does
 * a multi-step job in one tool call. A "no" at an approval prompt refuses every later write of the same script,
 * as in the CLI. A hostile script is ended by its limits or the pool's watchdog; the server keeps serving.
 */
import { z } from 'zod';
import type { IntegrationBinding } from '../integration/types';
import type { RunEnvelope } from '../host/run-options';
import { ownTool } from './own-tool';
import { structured } from './results';
import type { McpTool, ServerParts } from './tool';

/** The CLI's maxima (`--timeout-ms`, `--memory-limit`; docs/contract.md, "Commands"). */
export const MAX_TIMEOUT_MS = 3_600_000;
export const MAX_MEMORY_LIMIT_MB = 4096;

/** `lua --json`'s envelope (one type for both, src/host/run-options.ts). */
export type LuaEnvelope = RunEnvelope;

const params = z.object({
  code: z.string().min(1).describe('The Lua 5.3 script. `return` a value to get it back as `result`; `print` goes to `output`.'),
  timeout_ms: z
    .number()
    .int()
    .min(1)
    .max(MAX_TIMEOUT_MS)
    .optional()
    .describe(`Wall-clock limit in milliseconds, 1 to ${MAX_TIMEOUT_MS} (default 30000). Time the user spends approving a write does not count.`),
  memory_limit_mb: z
    .number()
    .int()
    .min(1)
    .max(MAX_MEMORY_LIMIT_MB)
    .optional()
    .describe(`Memory limit in MiB, 1 to ${MAX_MEMORY_LIMIT_MB} (default 32).`),
});

/** What the agent needs to write a first script without guessing, from the declarations and the accounts. */
function describe(bindings: readonly IntegrationBinding[]): string {
  const namespaces = bindings.map((b) => {
    const ns = b.integration.name;
    const fns = b.integration.functions.map((f) => `${f.aliases[0] ?? f.name}${f.operation === 'write' ? ' (write)' : ''}`).join(', ');
    const accounts = b.accounts.names.length > 0 ? b.accounts.names.join(', ') : 'none configured';
    return `app.integrations.${ns}: ${fns}. Accounts: ${accounts}.`;
  });
  const first = bindings[0]?.integration.name ?? 'sinch';
  const functions = bindings[0]?.integration.functions ?? [];
  const example = functions.find((f) => f.operation === 'write') ?? functions[0];
  const onePage = example ? `lua_read_doc("integrations.${first}.${example.aliases[0] ?? example.name}") (one function), ` : '';
  return [
    'Run a Lua 5.3 script in the kosmo-sinch sandbox: several calls, loops and logic in one tool call. Returns ' +
      '{success, output, error, result, execution_time_ms, integration_calls, meta}, exactly what `kosmo-sinch lua --json` prints.',
    ...namespaces,
    `Discover the API from inside a script: return lua_read_doc("integrations.${first}") (the whole reference), ` +
      `${onePage}lua_search_docs("received messages"), ` +
      'lua_read_doc("errors") (what each error code means and what to do).',
    `Essentials: call app.integrations.${first}.<function>({ name = value, ... }) with ONE table of named arguments; ` +
      'phone numbers, ids, times and money are strings ("+46701234567"), never numbers; ' +
      `app.integrations.${first}.<account>.<function>(...) uses another account; errors are tables: ` +
      'local ok, err = pcall(fn, args) then err.code, err.message (and err.field, err.retryable, err.sent). ' +
      'print() output comes back as `output`, the return value as `result`; json.encode/json.decode exist; no io, os.execute or require.',
    "Writes follow the account's permissions: under ask the user is asked through this client, and after a \"no\" every later " +
      'write of the same script is refused without asking (approval_denied). Limits: 30 s (timeout_ms), 32 MiB (memory_limit_mb), 1 MiB of output.',
  ].join('\n');
}

export function executeLuaTool(parts: ServerParts): McpTool {
  return ownTool({
    name: 'execute_lua',
    title: 'Run a Lua script (kosmo-sinch sandbox)',
    description: describe(parts.host.bindings),
    params,
    // A script may send: it is a write as far as a client can tell.
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    async run(input, { signal, approve }) {
      const result = await parts.runScript(input.code, {
        chunkName: 'script',
        signal,
        approve,
        limits: {
          ...(input.timeout_ms !== undefined ? { timeoutMs: input.timeout_ms } : {}),
          ...(input.memory_limit_mb !== undefined ? { memoryLimitBytes: input.memory_limit_mb * 1024 * 1024 } : {}),
        },
      });
      const envelope: LuaEnvelope = { ...result, meta: { emulator: parts.emulator, sandbox: parts.sandbox } };
      return structured(envelope as unknown as Record<string, unknown>, !result.success);
    },
  });
}
