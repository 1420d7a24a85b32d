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
import { DocsSearch, firstSentence, splitSections, type SearchDocument } from './search';

export interface DocsNamespace {
  readonly integration: IntegrationDeclaration;
  readonly accounts: readonly string[];
}

/** A page as a listing shows it. */
export interface DocsPage {
  readonly page: string;
  readonly title: string;
  readonly description: string;
}

export interface Guide {
  readonly name: string;
  readonly title: string;
  readonly text: string;
}

export interface DocsCatalogueOptions {
  /**
   * How a reader opens a page, in listings and search results. Scripts call `lua_read_doc("<page>")` (the
   * default); `kosmo-sinch docs` tells people on a command line to run `kosmo-sinch docs <page>` (issue #16
   * item 7).
   */
  readonly howToRead?: (page: string) => string;
}

/** A page's text, and whether the page exists (`kosmo-sinch docs nosuch` exits 1: issue #16 item 3). */
export interface DocsAnswer {
  readonly found: boolean;
  readonly text: string;
}

const luaReadDoc = (page: string): string => `lua_read_doc("${page}")`;

export class DocsCatalogue {
  private readonly namespaces = new Map<string, DocsNamespace>();
  private readonly guides = new Map<string, Guide>();
  private readonly howToRead: (page: string) => string;
  private index: DocsSearch | undefined;

  constructor(namespaces: readonly DocsNamespace[], guides: readonly Guide[], options: DocsCatalogueOptions = {}) {
    for (const ns of namespaces) this.namespaces.set(ns.integration.name, ns);
    for (const guide of guides) this.guides.set(guide.name, guide);
    this.howToRead = options.howToRead ?? luaReadDoc;
  }

  /** The same pages, with the "read it with ..." hints worded for another reader (an MCP client: `read_doc`). */
  reworded(howToRead: (page: string) => string): DocsCatalogue {
    return new DocsCatalogue([...this.namespaces.values()], [...this.guides.values()], { howToRead });
  }

  /**
   * What a search can find: each function (with its reference page's text), each other section of an
   * integration's reference, each section of every guide page. Built on the first search: runs that never
   * search do not pay for it.
   */
  private searchIndex(): DocsSearch {
    if (this.index) return this.index;
    const documents: SearchDocument[] = [];
    for (const ns of this.namespaces.values()) {
      const name = ns.integration.name;
      const functionHeadings = new Set<string>();
      for (const fn of ns.integration.functions) {
        functionHeadings.add(fn.name);
        const params = describeParams(fn);
        documents.push({
          page: `integrations.${name}.${fn.name}`,
          label: `app.integrations.${name}.${fn.aliases[0] ?? fn.name}`,
          summary: fn.description,
          names: [fn.name, ...fn.aliases],
          fields: [
            [3, [fn.name, ...fn.aliases].join(' ')],
            [2, fn.description],
            [1, params.map((p) => `${p.name} ${p.description}`).join(' ')],
            [1, ns.integration.docs.functionPages?.[fn.name] ?? ''],
          ],
        });
      }
      // A function's own section is its document above; its subsections (`#### Replying to ...`) are found on
      // their own and point at the function's page, other sections at the whole reference.
      let inFunction: string | undefined;
      for (const section of splitSections(ns.integration.docs.reference)) {
        if (section.level <= 3) inFunction = functionHeadings.has(section.heading) ? section.heading : undefined;
        if (section.heading === inFunction || section.text === '') continue;
        documents.push(sectionDocument(inFunction ? `integrations.${name}.${inFunction}` : `integrations.${name}`, section));
      }
    }
    for (const guide of this.guides.values()) {
      for (const section of splitSections(guide.text)) if (section.text !== '') documents.push(sectionDocument(guide.name, section));
    }
    this.index = new DocsSearch(documents);
    return this.index;
  }

  /** Every readable page name, in a stable order. */
  pageNames(): string[] {
    return this.pages().map((p) => p.page);
  }

  /** Every readable page with a title and what it is about (the MCP server lists them as resources). */
  pages(): DocsPage[] {
    const pages: DocsPage[] = [...this.guides.values()].map((g) => ({ page: g.name, title: g.title, description: g.title }));
    for (const [name, ns] of this.namespaces) {
      const { integration } = ns;
      pages.push({ page: `integrations.${name}`, title: `app.integrations.${name}: the reference`, description: integration.description });
      for (const fn of integration.functions) {
        const alias = fn.aliases.length > 0 ? ` (${fn.aliases.join(', ')})` : '';
        pages.push({ page: `integrations.${name}.${fn.name}`, title: `${fn.name}${alias}, a ${fn.operation}`, description: fn.description });
      }
    }
    return pages;
  }

  read(requested: string): string {
    return this.lookup(requested).text;
  }

  /** `read`, saying whether the page exists: an answer listing what exists instead is not found. */
  lookup(requested: string): DocsAnswer {
    const page = normalise(requested);
    if (page === '' || page === 'index' || page === 'integrations') return this.listing();
    const guide = this.guides.get(page);
    if (guide) return { found: true, text: guide.text };

    const parts = page.split('.');
    if (parts[0] !== 'integrations' && this.namespaces.has(parts[0])) parts.unshift('integrations');
    if (parts[0] === 'integrations' && parts.length >= 2) {
      const ns = this.namespaces.get(parts[1]);
      if (!ns) {
        const known = [...this.namespaces.keys()];
        return notFound(`Namespace '${parts[1]}' not found. Available: ${known.map((n) => `integrations.${n}`).join(', ')}.`);
      }
      return this.readInNamespace(ns, parts.slice(2));
    }

    // A bare function name (`send_sms`) is unambiguous enough to answer directly.
    const matches = this.findFunction(page);
    if (matches.length === 1) return { found: true, text: this.functionPage(matches[0].ns, matches[0].fn) };

    // A function it may mean (`send_message` → integrations.sinch.sinch_send_sms), then pages spelt alike.
    const near = [...new Set([...this.functionsMeant(page), ...suggest(page, this.pageNames())])].slice(0, 3);
    const hint = near.length > 0 ? ` Did you mean: ${near.join(', ')}?` : '';
    return notFound(
      `Page '${requested}' not found.${hint}\nAvailable pages:\n${this.pageNames()
        .map((p) => `- ${p}`)
        .join('\n')}`,
    );
  }

  private readInNamespace(ns: DocsNamespace, rest: string[]): DocsAnswer {
    const name = ns.integration.name;
    if (rest.length === 0) return { found: true, text: ns.integration.docs.reference };
    const fn = findIn(ns.integration, rest[0]);
    if (fn && rest.length === 1) return { found: true, text: this.functionPage(ns, fn) };
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
        return {
          found: true,
          text:
            `Account '${account}' of app.integrations.${name}: the same functions as below, called as ` +
            `app.integrations.${name}.${account}.<function>(...).\n\n${ns.integration.docs.reference}`,
        };
      }
      const accountFn = findIn(ns.integration, rest[1]);
      if (accountFn && rest.length === 2) return { found: true, text: this.functionPage(ns, accountFn) };
      const wanted = rest.slice(1).join('.');
      return notFound(`Function '${wanted}' not found in app.integrations.${name}.${account}.${mean(suggest(rest[1], names))} Available: ${available}.`);
    }
    if (rest.length >= 2 && findIn(ns.integration, rest[1])) {
      // `integrations.sinch.wrok.send_sms`: a function under a name that is not an account.
      const near = suggest(rest[0], ['default', ...ns.accounts]);
      return notFound(`Account '${rest[0]}' not found in app.integrations.${name}.${mean(near)}${accounts} Functions: ${available}.`);
    }
    const wanted = rest.join('.');
    const near = suggest(rest[rest.length - 1], rest.length === 1 ? [...names, ...ns.accounts] : names);
    return notFound(`Function '${wanted}' not found in app.integrations.${name}.${mean(near)} Available: ${available}.${accounts}`);
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
    return this.listing(namespace).text;
  }

  /** `list`, saying whether the namespace exists. */
  listing(namespace?: string): DocsAnswer {
    if (namespace !== undefined && namespace !== '') {
      const wanted = normalise(namespace).replace(/^integrations\./, '');
      const ns = this.namespaces.get(wanted);
      if (!ns) {
        return notFound(`Namespace '${namespace}' not found. Available: ${[...this.namespaces.keys()].join(', ')}.`);
      }
      const lines = ns.integration.functions.map((fn) => {
        const alias = fn.aliases.length > 0 ? ` (${fn.aliases.join(', ')})` : '';
        return `- ${fn.name}${alias} [${fn.operation}] — ${fn.description}`;
      });
      const accounts = ns.accounts.length > 0 ? `\nAccounts: ${ns.accounts.join(', ')}` : '\nAccounts: none configured';
      return { found: true, text: `app.integrations.${wanted} — ${ns.integration.description}\n${lines.join('\n')}${accounts}` };
    }
    const lines = [...this.namespaces.values()].map(
      (ns) => `- integrations.${ns.integration.name} — ${ns.integration.description}`,
    );
    const guides = [...this.guides.values()].map((g) => `- ${g.name} — ${g.title}`);
    return { found: true, text: `Namespaces:\n${lines.join('\n')}\nGuides:\n${guides.join('\n')}\nRead one with ${this.howToRead('<page>')}.` };
  }

  /** Keyword search over functions and every section of the guides and references (src/docs/search.ts). */
  search(query: string, limit = 10): string {
    const hits = this.searchIndex().search(query, limit);
    if (hits.length === 0) return `No results found for '${query}'.`;
    const lines = hits.map(({ doc }) => `- ${doc.label} — ${doc.summary} (${this.howToRead(doc.page)})`);
    return `Found ${hits.length} result(s) for '${query}':\n${lines.join('\n')}`;
  }
}

function notFound(text: string): DocsAnswer {
  return { found: false, text };
}

function sectionDocument(page: string, section: { heading: string; text: string }): SearchDocument {
  return {
    page,
    label: section.heading === '' ? page : `${page}, "${section.heading}"`,
    summary: firstSentence(section.text),
    names: [],
    fields: [
      [2, section.heading],
      [1, section.text],
    ],
  };
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
