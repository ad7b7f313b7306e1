import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs build script without type declarations.
import { renderGenerated } from '../scripts/render.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('generated code', () => {
  it('is exactly what openapi/openapi.yaml generates (run `pnpm generate` when this fails)', async () => {
    const files: Record<string, string> = await renderGenerated(root);
    expect(Object.keys(files).length).toBeGreaterThan(0);
    for (const [relative, expected] of Object.entries(files)) {
      const actual = await readFile(`${root}/${relative}`, 'utf8');
      expect(actual, `${relative} has drifted from the YAML`).toBe(expected);
    }
  });
});
