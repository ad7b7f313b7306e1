import { createRequire } from 'node:module';

// Read at run time so the User-Agent never disagrees with the published version.
const manifest = createRequire(import.meta.url)('../package.json') as { version: string };

export const SDK_VERSION: string = manifest.version;
