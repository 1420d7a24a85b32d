/**
 * The runtime documentation: what `lua_read_doc`, `lua_list_docs`, `lua_search_docs` (and `docs.*` in Lua,
 * and `kosmo-sinch docs`) answer. Page semantics follow KosmoKrator (docs/kosmokrator-host.md, "Discovery"):
 *
 * - a leading `app.` is ignored;
 * - `integrations.<ns>` → the namespace's whole reference (its bundled markdown);
 * - `integrations.<ns>.<fn>` (published name or alias) → one function;
 * - `integrations.<ns>.<account>` → the namespace reference, introduced for that account;
 * - `integrations.<ns>.<account>.<fn>` → one function;
 * - guide pages (`overview`, `errors`, ... from lua-docs/) by name;
 * - anything else → a helpful answer listing what exists.
 */
import { describeParams } from '../integration/describe';
import { suggest } from '../integration/suggest';
import type { FunctionDeclaration, IntegrationDeclaration } from '../integration/types';

export interface DocsNamespace {
  readonly integration: IntegrationDeclaration;
  readonly accounts: readonly string[];
}

export interface Guide {
  readonly name: string;
  readonly title: string;
  readonly text: string;
}

interface SearchEntry {
  readonly page: string;
  readonly path: string;
  readonly summary: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly description: string;
  readonly params: string;
}

export class DocsCatalogue {
  private readonly namespaces = new Map<string, DocsNamespace>();
  private readonly guides = new Map<string, Guide>();
  private searchIndex: SearchEntry[] | undefined;

  constructor(namespaces: readonly DocsNamespace[], guides: readonly Guide[]) {
    for (const ns of namespaces) this.namespaces.set(ns.integration.name, ns);
    for (const guide of guides) this.guides.set(guide.name, guide);
  }

  /**
   * The search index, built on the first search: it describes every parameter through its JSON Schema, a
   * few milliseconds that every host (and every sandbox worker's start: issue #14) would pay otherwise.
   */
  private get index(): SearchEntry[] {
    if (this.searchIndex !== undefined) return this.searchIndex;
    const index: SearchEntry[] = [];
    for (const ns of this.namespaces.values()) {
      for (const fn of ns.integration.functions) {
        const params = describeParams(fn);
        index.push({
          page: `integrations.${ns.integration.name}.${fn.name}`,
          path: `app.integrations.${ns.integration.name}.${fn.aliases[0] ?? fn.name}`,
          summary: fn.description,
          name: fn.name,
          aliases: fn.aliases,
          description: fn.description,
          params: params.map((p) => `${p.name} ${p.description}`).join(' '),
        });
      }
    }
    return (this.searchIndex = index);
  }

  /** Every readable page name, in a stable order. */
  pageNames(): string[] {
    const pages = [...this.guides.keys()];
    for (const [name, ns] of this.namespaces) {
      pages.push(`integrations.${name}`);
      for (const fn of ns.integration.functions) pages.push(`integrations.${name}.${fn.name}`);
    }
    return pages;
  }

  read(requested: string): string {
    const page = normalise(requested);
    if (page === '' || page === 'index' || page === 'integrations') return this.list();
    const guide = this.guides.get(page);
    if (guide) return guide.text;

    const parts = page.split('.');
    if (parts[0] !== 'integrations' && this.namespaces.has(parts[0])) parts.unshift('integrations');
    if (parts[0] === 'integrations' && parts.length >= 2) {
      const ns = this.namespaces.get(parts[1]);
      if (!ns) {
        const known = [...this.namespaces.keys()];
        return `Namespace '${parts[1]}' not found. Available: ${known.map((n) => `integrations.${n}`).join(', ')}.`;
      }
      return this.readInNamespace(ns, parts.slice(2));
    }

    // A bare function name (`send_sms`) is unambiguous enough to answer directly.
    const matches = this.findFunction(page);
    if (matches.length === 1) return this.functionPage(matches[0].ns, matches[0].fn);

    // A function it may mean (`send_message` → integrations.sinch.sinch_send_sms), then pages spelt alike.
    const near = [...new Set([...this.functionsMeant(page), ...suggest(page, this.pageNames())])].slice(0, 3);
    const hint = near.length > 0 ? ` Did you mean: ${near.join(', ')}?` : '';
    return `Page '${requested}' not found.${hint}\nAvailable pages:\n${this.pageNames()
      .map((p) => `- ${p}`)
      .join('\n')}`;
  }

  private readInNamespace(ns: DocsNamespace, rest: string[]): string {
    const name = ns.integration.name;
    if (rest.length === 0) return ns.integration.docs.reference;
    const fn = findIn(ns.integration, rest[0]);
    if (fn && rest.length === 1) return this.functionPage(ns, fn);
    const names = ns.integration.functions.flatMap((f) => [...f.aliases, f.name]);
    const available = ns.integration.functions.map((f) => f.aliases[0] ?? f.name).join(', ');
    // The accounts are known inside a run (lua_read_doc), not to `kosmo-sinch docs`: listed only when known.
    const accounts = ns.accounts.length > 0 ? ` Accounts: ${ns.accounts.join(', ')}.` : '';
    // One suggestion per function, by its short name.
    const short = (n: string) => {
      const f = findIn(ns.integration, n);
      return f ? (f.aliases[0] ?? f.name) : n;
    };
    const mean = (near: string[]) => {
      const unique = [...new Set(near.map(short))];
      return unique.length > 0 ? ` Did you mean: ${unique.join(', ')}?` : '';
    };
    const isAccount = ns.accounts.includes(rest[0]) || rest[0] === 'default';
    if (isAccount) {
      const account = rest[0];
      if (rest.length === 1) {
        return (
          `Account '${account}' of app.integrations.${name}: the same functions as below, called as ` +
          `app.integrations.${name}.${account}.<function>(...).\n\n${ns.integration.docs.reference}`
        );
      }
      const accountFn = findIn(ns.integration, rest[1]);
      if (accountFn && rest.length === 2) return this.functionPage(ns, accountFn);
      const wanted = rest.slice(1).join('.');
      return `Function '${wanted}' not found in app.integrations.${name}.${account}.${mean(suggest(rest[1], names))} Available: ${available}.`;
    }
    if (rest.length >= 2 && findIn(ns.integration, rest[1])) {
      // `integrations.sinch.wrok.send_sms`: a function under a name that is not an account.
      const near = suggest(rest[0], ['default', ...ns.accounts]);
      return `Account '${rest[0]}' not found in app.integrations.${name}.${mean(near)}${accounts} Functions: ${available}.`;
    }
    const wanted = rest.join('.');
    const near = suggest(rest[rest.length - 1], rest.length === 1 ? [...names, ...ns.accounts] : names);
    return `Function '${wanted}' not found in app.integrations.${name}.${mean(near)} Available: ${available}.${accounts}`;
  }

  /** Pages of the functions `name` may mean (likely guesses and near spellings), in every namespace. */
  private functionsMeant(name: string): string[] {
    const pages: string[] = [];
    for (const ns of this.namespaces.values()) {
      const names = ns.integration.functions.flatMap((f) => [...f.aliases, f.name]);
      for (const near of suggest(name, names)) {
        const fn = findIn(ns.integration, near);
        if (fn) pages.push(`integrations.${ns.integration.name}.${fn.name}`);
      }
    }
    return pages;
  }

  private findFunction(name: string): Array<{ ns: DocsNamespace; fn: FunctionDeclaration }> {
    const out: Array<{ ns: DocsNamespace; fn: FunctionDeclaration }> = [];
    for (const ns of this.namespaces.values()) {
      const fn = findIn(ns.integration, name);
      if (fn) out.push({ ns, fn });
    }
    return out;
  }

  functionPage(ns: DocsNamespace, fn: FunctionDeclaration): string {
    const written = ns.integration.docs.functionPages?.[fn.name];
    if (written) return written;
    return generatedFunctionPage(ns.integration.name, fn);
  }

  /** One line per namespace; with a namespace, one line per function. */
  list(namespace?: string): string {
    if (namespace !== undefined && namespace !== '') {
      const wanted = normalise(namespace).replace(/^integrations\./, '');
      const ns = this.namespaces.get(wanted);
      if (!ns) {
        return `Namespace '${namespace}' not found. Available: ${[...this.namespaces.keys()].join(', ')}.`;
      }
      const lines = ns.integration.functions.map((fn) => {
        const alias = fn.aliases.length > 0 ? ` (${fn.aliases.join(', ')})` : '';
        return `- ${fn.name}${alias} [${fn.operation}] — ${fn.description}`;
      });
      const accounts = ns.accounts.length > 0 ? `\nAccounts: ${ns.accounts.join(', ')}` : '\nAccounts: none configured';
      return `app.integrations.${wanted} — ${ns.integration.description}\n${lines.join('\n')}${accounts}`;
    }
    const lines = [...this.namespaces.values()].map(
      (ns) => `- integrations.${ns.integration.name} — ${ns.integration.description}`,
    );
    const guides = [...this.guides.values()].map((g) => `- ${g.name} — ${g.title}`);
    return `Namespaces:\n${lines.join('\n')}\nGuides:\n${guides.join('\n')}\nRead one with lua_read_doc("<page>").`;
  }

  /**
   * Keyword search over function names, aliases, descriptions and parameters. Terms are whole words (or
   * prefixes of 4+ letters, and plurals), weighted by where they match and by how rare they are, so that
   * a word every function shares ("sms") ranks below a distinctive one ("received"); results far below
   * the best match are left out.
   */
  search(query: string, limit = 10): string {
    const terms = tokens(query).filter((t) => !STOPWORDS.has(t));
    if (terms.length === 0) return `No results found for '${query}'.`;
    const fields = this.index.map((entry) => ({
      entry,
      names: new Set(tokens([entry.name, ...entry.aliases].join(' '))),
      description: new Set(tokens(entry.description)),
      params: new Set(tokens(entry.params)),
    }));
    const rarity = (term: string) => {
      const df = fields.filter((f) => hit(f.names, term) || hit(f.description, term) || hit(f.params, term)).length;
      return df === 0 ? 0 : Math.log(1 + fields.length / df);
    };
    const weights = new Map(terms.map((t) => [t, rarity(t)]));
    const scored = fields
      .map((f) => {
        let score = 0;
        for (const term of terms) {
          const w = weights.get(term)!;
          if (hit(f.names, term)) score += 3 * w;
          if (hit(f.description, term)) score += 2 * w;
          if (hit(f.params, term)) score += w;
        }
        return { entry: f.entry, score };
      })
      .filter((r) => r.score > 0);
    scored.sort((a, b) => b.score - a.score || a.entry.name.localeCompare(b.entry.name));
    const best = scored[0]?.score ?? 0;
    const shown = scored.filter((r) => r.score >= best / 3).slice(0, Math.max(1, Math.floor(limit)));
    if (shown.length === 0) return `No results found for '${query}'.`;
    const lines = shown.map(({ entry }) => `- ${entry.path} — ${entry.summary} (lua_read_doc("${entry.page}"))`);
    return `Found ${shown.length} result(s) for '${query}':\n${lines.join('\n')}`;
  }
}

const STOPWORDS = new Set(['a', 'an', 'the', 'of', 'for', 'and', 'or', 'in', 'on', 'by', 'with', 'is', 'it', 'my', 'me', 'i', 'how', 'do', 'what', 'can', 'get']);

function tokens(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((t) => t.length > 0);
}

/** A term matches a word equal to it, its plural/singular, or (4+ letters) a word it begins. */
function hit(words: ReadonlySet<string>, term: string): boolean {
  if (words.has(term) || words.has(`${term}s`) || (term.endsWith('s') && words.has(term.slice(0, -1)))) return true;
  if (term.length < 4) return false;
  for (const word of words) if (word.startsWith(term)) return true;
  return false;
}

function normalise(page: string): string {
  return page.trim().replace(/^app\./, '').toLowerCase();
}

function findIn(integration: IntegrationDeclaration, name: string): FunctionDeclaration | undefined {
  return integration.functions.find((f) => f.name === name || f.aliases.includes(name));
}

function generatedFunctionPage(ns: string, fn: FunctionDeclaration): string {
  const params = describeParams(fn);
  const alias = fn.aliases[0] ?? fn.name;
  const rows = params.map((p) => {
    const need = p.required ? 'required' : p.default !== undefined ? `default ${JSON.stringify(p.default)}` : 'optional';
    const limits = p.constraints.length > 0 ? ` (${p.constraints.join('; ')})` : '';
    return `| ${p.name} | ${p.type} | ${need} | ${p.description}${limits} |`;
  });
  const table = rows.length > 0 ? `| parameter | type | | description |\n|---|---|---|---|\n${rows.join('\n')}` : 'No parameters.';
  return [
    `### ${fn.name}`,
    '',
    `Also \`${alias}\`. ${fn.operation === 'write' ? 'Write' : 'Read'} operation.`,
    '',
    fn.description,
    '',
    table,
    '',
    '```lua',
    `local result = app.integrations.${ns}.${alias}({})`,
    '```',
  ].join('\n');
}
