import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { licenseProblems } from '../src/license.js';
import { WORKSPACE_ROOT } from '../src/packages.js';

// The release check's LICENSE rule (release.test.ts applies it to every package folder and every
// packed tarball), shown to fail on each way a package can get it wrong.

const repository = await readFile(join(WORKSPACE_ROOT, 'LICENSE'), 'utf8');

describe('licenseProblems', () => {
  it.each([
    { name: 'the repository LICENSE', shipped: repository, problems: [] },
    {
      name: 'no LICENSE',
      shipped: undefined,
      problems: ['packages/x has no LICENSE (copy the repository LICENSE into the package folder)'],
    },
    {
      name: 'another text',
      shipped: 'MIT License\n\nCopyright …',
      problems: ['the LICENSE of packages/x differs from the repository LICENSE'],
    },
  ])('$name', ({ shipped, problems }) => {
    expect(licenseProblems('packages/x', shipped, repository)).toEqual(problems);
  });

  it('requires the repository LICENSE itself to be the Apache License 2.0', () => {
    expect(licenseProblems('packages/x', 'MIT', 'MIT')).toEqual([
      'the repository LICENSE is not the Apache License 2.0',
    ]);
  });
});
