/**
 * Dependencies point downward (BRIEF, "How we build"; issue #15, "Done when"): each folder under src/ imports
 * only what its header says it may. Checked on the import and require paths of every source file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const SRC = resolve(__dirname, '../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** `[file, imported]` for every import/require: `imported` is a folder under src/ (`lua`, `errors.ts`...) or a package name. */
function imports(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const file of files(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import|require)\s*\(?\s*'([^']+)'/g)) {
      const spec = match[1];
      const target = spec.startsWith('.') ? relative(SRC, resolve(dirname(file), spec)).split('/')[0] : spec.split('/')[0];
      out.push([relative(SRC, file), target]);
    }
  }
  return out;
}

const RULES: Array<[folder: string, forbidden: readonly string[]]> = [
  ['integration', ['lua', 'sinch', 'sandbox', 'host', 'cli', 'emulator', 'fengari']],
  ['lua', ['sinch', 'sandbox', 'host', 'cli', 'emulator']],
  ['sinch', ['lua', 'sandbox', 'host', 'cli', 'emulator', 'fengari']],
  ['sandbox', ['sinch', 'host', 'cli', 'emulator', 'fengari']],
  // Guardrails know writes, their facts, write events and stores (issue #12): no Lua, no Sinch.
  ['guardrails', ['lua', 'sinch', 'sandbox', 'host', 'cli', 'emulator', 'fengari']],
  // The CLI only parses and prints (issue #16): it runs scripts, reads docs and describes accounts through
  // src/host, renders an ApprovalRequest (src/integration/approval.ts, which any layer may import) and starts
  // the emulator for `kosmo-sinch emulator`. It knows neither Lua nor Sinch.
  ['cli', ['lua', 'sandbox', 'sinch', 'docs', 'fengari', 'zod', 'axios']],
  // The MCP server is an adapter over src/host and src/integration, as the Lua bridge is over the pipeline:
  // scripts, accounts and the emulator are reached through the host.
  ['mcp', ['lua', 'sandbox', 'sinch', 'emulator', 'cli', 'fengari']],
];

describe('dependencies between the folders of src/', () => {
  const all = imports();

  it.each(RULES)('src/%s imports none of the layers above it or beside it that it must not know', (folder, forbidden) => {
    const wrong = all.filter(([file, target]) => file.startsWith(`${folder}/`) && forbidden.includes(target));
    expect(wrong).toEqual([]);
  });

  it('src/cli takes from src/integration only the approval request it renders', () => {
    const text = (file: string) => readFileSync(join(SRC, file), 'utf8');
    const wrong = all
      .filter(([file, target]) => file.startsWith('cli/') && target === 'integration')
      .filter(([file]) => /from '\.\.\/integration\/(?!approval')/.test(text(file)));
    expect(wrong).toEqual([]);
  });

  it('only src/lua knows fengari', () => {
    expect(all.filter(([file, target]) => target === 'fengari' && !file.startsWith('lua/'))).toEqual([]);
  });
});
