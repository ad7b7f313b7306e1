import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

// The README's example is examples/mint-and-assume.ts (which `pnpm typecheck` compiles), with the
// import written as a consumer writes it.
describe('README', () => {
  it('shows the typechecked example verbatim', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const example = await readFile(
      new URL('../examples/mint-and-assume.ts', import.meta.url),
      'utf8',
    );
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(example.replace("'../src/index.js'", "'@runid/sdk'"));
  });

  it('documents every exit code the CLI uses', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const { EXIT } = await import('../src/cli/exit-codes.js');
    for (const code of Object.values(EXIT))
      expect(readme).toMatch(new RegExp(`\\| (\`exec\` only.*)?${code} `));
  });
});
