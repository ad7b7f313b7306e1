import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('README', () => {
  it('runs its example against the built package and prints what it says', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain("from '@runid/trust'");
    const stdout = execFileSync(process.execPath, ['--input-type=module'], {
      cwd: root,
      input: example,
      encoding: 'utf8',
    });
    expect(stdout).toBe(
      [
        '2',
        'true',
        'policy AccessDenied Not authorized to perform sts:AssumeRoleWithWebIdentity',
        '/Role/AssumeRolePolicyDocument/Statement/0/Condition/StringEquals/id.example.com~1oidc:sub',
        'L1 error /Role/AssumeRolePolicyDocument/Statement/0/Condition',
        '',
      ].join('\n'),
    );
  });
});
