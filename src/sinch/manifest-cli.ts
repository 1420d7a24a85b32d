/** Prints manifest.json: `npx ts-node --transpile-only src/sinch/manifest-cli.ts > manifest.json`. */
import { renderManifest } from './manifest';

process.stdout.write(renderManifest());
