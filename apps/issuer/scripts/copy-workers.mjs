// tsc compiles only TypeScript: the worker threads' plain JavaScript files (`src/**/*-worker.mjs`)
// are copied beside the compiled modules that start them.
import { copyFileSync, readdirSync } from 'node:fs';

const src = new URL('../src/', import.meta.url);
const dist = new URL('../dist/', import.meta.url);
for (const entry of readdirSync(src, { recursive: true })) {
  if (String(entry).endsWith('-worker.mjs'))
    copyFileSync(new URL(entry, src), new URL(entry, dist));
}
