import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, type Glob, matchGlob } from '../src/glob.js';

function glob(pattern: string): Glob {
  const compiled = compileGlob(pattern);
  if (typeof compiled === 'string') throw new Error(compiled);
  return compiled;
}

const DEPLOY = 'pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:write';

describe('subject globs', () => {
  it.each([
    ['exact', DEPLOY, DEPLOY, true],
    ['exact, one character off', DEPLOY, `${DEPLOY}x`, false],
    [
      '* for one segment',
      'pulumi:deploy:org:acme:project:web:stack:*:operation:update:scope:write',
      DEPLOY,
      true,
    ],
    [
      '* as a segment prefix',
      'pulumi:deploy:org:acme:project:web:stack:pr*:operation:*:scope:write',
      DEPLOY,
      true,
    ],
    [
      '* inside a segment',
      'pulumi:deploy:org:acme:project:w*b:stack:prod:operation:update:scope:write',
      DEPLOY,
      true,
    ],
    ['* never crosses ":"', 'pulumi:deploy:org:acme:*:scope:write', DEPLOY, false],
    [
      '* never crosses "/"',
      'pulumi:environments:org:acme:env:*',
      'pulumi:environments:org:acme:env:web/dev',
      false,
    ],
    [
      '*/* spans project/env',
      'pulumi:environments:org:acme:env:*/*',
      'pulumi:environments:org:acme:env:web/dev',
      true,
    ],
    ['* matches an empty segment', 'a:*:c', 'a::c', true],
    ['trailing ** matches the rest', 'pulumi:deploy:org:acme:**', DEPLOY, true],
    [
      'trailing ** crosses "/" too',
      'pulumi:environments:org:acme:**',
      'pulumi:environments:org:acme:env:web/dev',
      true,
    ],
    [
      'trailing ** needs at least one character',
      'pulumi:deploy:org:acme:**',
      'pulumi:deploy:org:acme:',
      false,
    ],
    [
      'trailing ** does not match the bare prefix',
      'pulumi:deploy:org:acme:**',
      'pulumi:deploy:org:acme',
      false,
    ],
    [
      'prefix must match exactly before **',
      'pulumi:deploy:org:acme:**',
      'pulumi:deploy:org:acme-evil:project:x',
      false,
    ],
    ['separator kind matters', 'a/**', 'a:b', false],
    ['no regex metacharacters', 'a.c:*', 'abc:x', false],
    ['? is literal', 'a?c', 'abc', false],
    ['several * in one segment', 'a*b*c', 'aXbYbZc', true],
    ['several * cannot overlap the ends', 'ab*ba', 'aba', false],
  ])('%s', (_name, pattern, value, expected) => {
    expect(matchGlob(glob(pattern), value)).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['** in the middle', 'a:**:b'],
    ['** inside a segment', 'a:b**'],
    ['***', 'a:***'],
    ['only wildcards', '*:*'],
    ['only **', '**'],
  ])('refuses the pattern: %s', (_name, pattern) => {
    expect(typeof compileGlob(pattern)).toBe('string');
  });

  it('a single * never matches a value containing a separator (property)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.constantFrom(':', '/'),
        fc.string(),
        (a, b, sep, c) => {
          const prefix = `p${a.replace(/[*:/]/g, '')}`;
          const value = `${prefix}${b}${sep}${c}`;
          expect(matchGlob(glob(`${prefix}*`), value)).toBe(false);
        },
      ),
    );
  });

  it('agrees with a reference regex on random segment patterns (property)', () => {
    const segment = fc.stringMatching(/^[a-c*]{0,6}$/);
    const value = fc.stringMatching(/^[a-c:/]{0,12}$/);
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        value,
        (generated, tail, text) => {
          const pattern = generated.join(':') + (tail ? ':**' : '');
          const compiled = compileGlob(pattern);
          if (typeof compiled === 'string') return;
          // A generated last segment of exactly "**" is the tail form too, not two `*`.
          const generatedTail = generated.length > 1 && generated[generated.length - 1] === '**';
          const segments = generatedTail ? generated.slice(0, -1) : generated;
          const hasTail = tail || generatedTail;
          const body = segments
            .map((s) =>
              s
                .split('*')
                .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
                .join('[^:/]*'),
            )
            .join(':');
          const reference = new RegExp(`^${body}${hasTail ? ':.+' : ''}$`, 's');
          expect(matchGlob(compiled, text)).toBe(reference.test(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
