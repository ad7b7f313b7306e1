#!/usr/bin/env node
// Generates the TypeScript view of openapi/openapi.yaml into src/generated/.
//   node scripts/generate.mjs          write the files
//   node scripts/generate.mjs --check  fail when the checked-in files differ from what the YAML gives
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderGenerated } from './render.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');

const files = await renderGenerated(root);
const stale = [];
for (const [relative, contents] of Object.entries(files)) {
  const path = `${root}/${relative}`;
  const current = await readFile(path, 'utf8').catch(() => null);
  if (current === contents) continue;
  if (check) stale.push(relative);
  else await writeFile(path, contents);
}
if (stale.length > 0) {
  console.error(
    `The generated files are out of date with openapi/openapi.yaml: ${stale.join(', ')}.\n` +
      'Run `pnpm generate` (or `pnpm --filter @runid/contract generate`) and commit the result.',
  );
  process.exit(1);
}
if (!check) console.log(`generated ${Object.keys(files).join(', ')}`);
