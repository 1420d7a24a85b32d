/**
 * The runtime docs over MCP (issue #11, item 4): every page `lua_read_doc` serves is a resource
 * `kosmo-sinch://docs/<page>` (listed: the index, the guides, each integration's reference and each function's
 * page; any other page through the template `kosmo-sinch://docs/{page}`, which answers exactly as
 * `lua_read_doc` does, "not found" help included). For clients whose model cannot read resources, the same
 * texts as tools: `read_doc` and `search_docs` (what `lua_search_docs` answers).
 */
import type { ReadResourceResult, Resource, ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { DocsCatalogue } from '../docs/catalogue';
import { ownTool } from './own-tool';
import { textResult } from './results';
import type { McpTool } from './tool';

export const DOCS_URI = 'kosmo-sinch://docs/';
const MIME = 'text/markdown';
/** As `lua_read_doc` and `lua_search_docs` in Lua (src/lua/globals.ts): longer page names and queries are refused. */
const MAX_ARGUMENT = 1024;

export function docsUri(page: string): string {
  return `${DOCS_URI}${encodeURIComponent(page)}`;
}

const reworded = new WeakMap<DocsCatalogue, DocsCatalogue>();

/**
 * The host's docs with their "read it with ..." hints worded for an MCP client: the `read_doc` tool, not
 * `lua_read_doc` (which only a script in `execute_lua` has) — one catalogue per host's, so its search index
 * is built once.
 */
export function mcpDocs(docs: DocsCatalogue): DocsCatalogue {
  let mine = reworded.get(docs);
  if (mine === undefined) {
    mine = docs.reworded((page) => `read_doc {"page": "${page}"}`);
    reworded.set(docs, mine);
  }
  return mine;
}

export function docsResources(docs: DocsCatalogue): Resource[] {
  const index: Resource = {
    uri: docsUri('index'),
    name: 'index',
    title: 'kosmo-sinch docs: the index',
    description: 'The namespaces and guides, one line each.',
    mimeType: MIME,
  };
  return [index, ...docs.pages().map((p) => ({ uri: docsUri(p.page), name: p.page, title: p.title, description: p.description, mimeType: MIME }))];
}

/** The guide pages (`overview`, `errors`, `sms-jobs`, ...): every page that is not an integration's. */
function guideNames(docs: DocsCatalogue): string[] {
  return docs.pages().map((p) => p.page).filter((page) => !page.startsWith('integrations.'));
}

/** The resource template: any page `lua_read_doc` reads, the guides named from the catalogue itself. */
export function docsTemplate(docs: DocsCatalogue): ResourceTemplate {
  return {
    uriTemplate: `${DOCS_URI}{page}`,
    name: 'docs',
    title: 'kosmo-sinch docs: any page',
    description:
      'Any page lua_read_doc reads: integrations.sinch (the reference), integrations.sinch.<function> (a published name ' +
      `or alias), integrations.sinch.<account>, the guides (${guideNames(docs).join(', ')}). An unknown page answers ` +
      'with the pages that exist.',
    mimeType: MIME,
  };
}

/** The page a docs URI names, or undefined when the URI is not one of ours. */
export function pageOf(uri: string): string | undefined {
  if (!uri.startsWith(DOCS_URI)) return undefined;
  try {
    const page = decodeURIComponent(uri.slice(DOCS_URI.length));
    return page.length <= MAX_ARGUMENT ? page : undefined;
  } catch {
    return undefined;
  }
}

export function readDocsResource(docs: DocsCatalogue, uri: string, page: string): ReadResourceResult {
  return { contents: [{ uri, mimeType: MIME, text: docs.read(page) }] };
}

const DOCS_ANNOTATIONS = { readOnlyHint: true, openWorldHint: false, idempotentHint: true } as const;

export function docsTools(docs: DocsCatalogue): McpTool[] {
  return [
    ownTool({
      name: 'search_docs',
      title: 'Search the kosmo-sinch docs',
      description:
        'Keyword search over the functions (names, aliases, descriptions, parameters); the same answer as lua_search_docs ' +
        'in a script. Each result names the page to read next (read_doc).',
      params: z.object({
        query: z.string().min(1).max(MAX_ARGUMENT).describe('Words to look for, e.g. "received messages" or "reply".'),
        limit: z.number().int().min(1).max(1000).optional().describe('Most results to return (default 10).'),
      }),
      annotations: DOCS_ANNOTATIONS,
      run: (input) => Promise.resolve(textResult(docs.search(input.query, input.limit))),
    }),
    ownTool({
      name: 'read_doc',
      title: 'Read a kosmo-sinch docs page',
      description:
        'A page of the runtime docs, the same text as lua_read_doc in a script (and the resource kosmo-sinch://docs/<page>): ' +
        '"integrations.sinch" (the whole reference), "integrations.sinch.send_sms" (one function), the guides ' +
        `(${guideNames(docs).map((g) => `"${g}"`).join(', ')}), "index" (what exists).`,
      params: z.object({
        page: z.string().max(MAX_ARGUMENT).describe('The page, e.g. "integrations.sinch" or "errors".'),
      }),
      annotations: DOCS_ANNOTATIONS,
      run: (input) => Promise.resolve(textResult(docs.read(input.page))),
    }),
  ];
}
