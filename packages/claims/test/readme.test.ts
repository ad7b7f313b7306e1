import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('README', () => {
  it('runs its example against the built package and prints what it says', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain("from '@runid/claims'");
    // Same as the README's instruction: Node resolves '@runid/claims' to this package's dist/.
    const stdout = execFileSync(process.execPath, ['--input-type=module'], {
      cwd: root,
      input: example,
      encoding: 'utf8',
    });
    expect(stdout).toBe(
      [
        'aws:acme',
        'pulumi:environments:pulumi.organization.login:acme:currentEnvironment.name:web/dev:pulumi.user.login:alice',
        'true',
        'invalid_input',
        'org invalid_case',
        'project invalid_characters',
        'deployment out_of_range',
        'environment',
        '',
      ].join('\n'),
    );
  });
});
