import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { danglingSourceMaps } from '../src/source-maps.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function pkg(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'runid-maps-'));
  dirs.push(root);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(root, name, '..'), { recursive: true });
    await writeFile(join(root, name), text);
  }
  return root;
}

describe('danglingSourceMaps', () => {
  it('reports a map whose sources are not shipped, and a missing map', async () => {
    const root = await pkg({
      'dist/a.js': 'x;\n//# sourceMappingURL=a.js.map\n',
      'dist/a.js.map': JSON.stringify({ version: 3, sources: ['../src/a.ts'], mappings: '' }),
      'dist/b.js': 'y;\n//# sourceMappingURL=b.js.map\n',
    });
    expect(await danglingSourceMaps(root)).toEqual([
      'dist/a.js.map: source ../src/a.ts not shipped',
      'dist/b.js: map b.js.map not shipped',
    ]);
  });

  it('accepts no maps, shipped sources, and inlined sourcesContent', async () => {
    const root = await pkg({
      'dist/a.js': 'x;\n',
      'dist/b.js': 'y;\n//# sourceMappingURL=b.js.map\n',
      'dist/b.js.map': JSON.stringify({ version: 3, sources: ['../src/b.ts'], mappings: '' }),
      'src/b.ts': 'y',
      'dist/c.js': 'z;\n//# sourceMappingURL=c.js.map\n',
      'dist/c.js.map': JSON.stringify({
        version: 3,
        sources: ['../src/c.ts'],
        sourcesContent: ['z'],
      }),
    });
    expect(await danglingSourceMaps(root)).toEqual([]);
  });
});
