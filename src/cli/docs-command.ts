/** `kosmo-sinch docs [PAGE] [--list [NAMESPACE]] [--search QUERY]`: the texts scripts get from lua_read_doc & co. */
import { createSinchDocs } from '../host/sinch-host';
import { writeErr, writeOut } from './output';
import { EXIT_FAILED, EXIT_OK } from './usage-error';

export interface DocsCommandOptions {
  readonly list?: boolean | string;
  readonly search?: string;
  readonly limit?: number;
}

/** On a command line a page is read with this command, not with lua_read_doc (issue #16 item 7). */
const howToRead = (page: string): string => `kosmo-sinch docs ${page}`;

/**
 * A page or namespace that does not exist exits 1, its "not found ... available pages" answer on stderr
 * (issue #16 item 3); a search that finds nothing is an answer, not a failure (exit 0).
 */
export async function docsCommand(page: string | undefined, options: DocsCommandOptions): Promise<number> {
  const docs = createSinchDocs([], { howToRead });
  let answer: { found: boolean; text: string };
  if (options.search !== undefined) answer = { found: true, text: docs.search(options.search, options.limit ?? 10) };
  else if (options.list !== undefined && options.list !== false) {
    answer = docs.listing(typeof options.list === 'string' ? options.list : page);
  } else answer = docs.lookup(page ?? '');
  const text = answer.text.endsWith('\n') ? answer.text : `${answer.text}\n`;
  if (!answer.found) {
    await writeErr(text);
    return EXIT_FAILED;
  }
  await writeOut(text);
  return EXIT_OK;
}
