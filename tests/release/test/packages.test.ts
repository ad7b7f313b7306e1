import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PUBLIC_PACKAGES, readManifest, WORKSPACE_ROOT } from '../src/packages.js';

// The release check (LICENSE, publint, attw, the fresh install) runs on PUBLIC_PACKAGES: a new
// package that is not private must be listed there, or it would be published unchecked.
it('lists every workspace package that is not private', async () => {
  const published: string[] = [];
  for (const parent of ['packages', 'apps']) {
    for (const entry of await readdir(join(WORKSPACE_ROOT, parent), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = `${parent}/${entry.name}`;
      const manifest = await readManifest(dir).catch(() => undefined);
      if (manifest !== undefined && manifest.private !== true) published.push(dir);
    }
  }
  expect(published.sort()).toEqual([...PUBLIC_PACKAGES].sort());
});
