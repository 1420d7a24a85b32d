/** `kosmo-sinch docs [PAGE] [--list [NAMESPACE]] [--search QUERY]`: the texts scripts get from lua_read_doc & co. */
import { createSinchDocs } from '../host/sinch-host';
import { writeOut } from './output';
import { EXIT_OK } from './usage-error';

export interface DocsCommandOptions {
  readonly list?: boolean | string;
  readonly search?: string;
  readonly limit?: number;
}

export async function docsCommand(page: string | undefined, options: DocsCommandOptions): Promise<number> {
  const docs = createSinchDocs();
  let text: string;
  if (options.search !== undefined) text = docs.search(options.search, options.limit ?? 10);
  else if (options.list !== undefined && options.list !== false) {
    text = docs.list(typeof options.list === 'string' ? options.list : page);
  } else text = docs.read(page ?? '');
  await writeOut(text.endsWith('\n') ? text : `${text}\n`);
  return EXIT_OK;
}
