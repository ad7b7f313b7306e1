import { describe, expect, it } from 'vitest';
import { describeGrant, parseList } from '../src/lib/grant-words.js';
import { keyTimeline, tokensPerHour } from '../src/lib/key-timeline.js';
import { EMPTY_DRAFT, grantFromDraft } from '../src/pages/clients.js';

describe('the grant editor in words', () => {
  it.each([
    [
      { kinds: ['deployment'], orgs: ['acme'] },
      [
        'May mint deployment tokens for organization acme.',
        'In any project.',
        'On any stack.',
        'Tokens may live as long as their kind allows.',
      ],
    ],
    [
      { kinds: ['oidc'], orgs: ['acme', 'beta-*'], projects: ['web'] },
      [
        'May mint OIDC tokens for organization acme or beta-* (pattern).',
        'Only in project web.',
        'For any environment.',
        'No audience is granted: OIDC tokens will be refused until one is added.',
        'Tokens may live as long as their kind allows.',
      ],
    ],
    [
      {
        kinds: ['environment'],
        orgs: ['acme'],
        environments: ['web/dev'],
        platforms: ['aws', 'gcp'],
        maxDuration: '15m',
      },
      [
        'May mint environment tokens for organization acme.',
        'In any project.',
        'Only for environment web/dev.',
        'Only for platform aws or gcp.',
        'Tokens live at most 15m.',
      ],
    ],
    [
      { kinds: [], orgs: ['acme'], introspect: true },
      ['Mints nothing.', 'May introspect the tokens of organization acme (any kind, any client).'],
    ],
    [
      { kinds: ['deployment'], orgs: ['acme'], stacks: ['prod'], introspect: true },
      [
        'May mint deployment tokens for organization acme.',
        'In any project.',
        'Only on stack prod.',
        'Tokens may live as long as their kind allows.',
        'May introspect the tokens of organization acme (any kind, any client).',
      ],
    ],
  ])('%j reads as the issuer applies it', (grant, words) => {
    expect(describeGrant(grant as never)).toEqual(words);
  });

  it('turns the editor fields into the grant the API takes (empty lists are absent)', () => {
    expect(grantFromDraft({ ...EMPTY_DRAFT, orgs: 'acme, beta\n', stacks: ' ' })).toEqual({
      kinds: ['deployment'],
      orgs: ['acme', 'beta'],
    });
    expect(
      grantFromDraft({
        ...EMPTY_DRAFT,
        kinds: ['oidc'],
        orgs: 'acme',
        audiences: 'sts.amazonaws.com',
        maxDuration: '10m',
      }),
    ).toEqual({
      kinds: ['oidc'],
      orgs: ['acme'],
      audiences: ['sts.amazonaws.com'],
      maxDuration: '10m',
    });
    expect(parseList('  ,  ')).toBeUndefined();
  });
});

describe('key timeline and hourly counts', () => {
  const now = Date.UTC(2026, 0, 15, 12);
  const day = 86_400_000;
  it('draws published, signing and retired windows and names the next planned change', () => {
    const t = keyTimeline(
      [
        {
          issuer: 'v1',
          kid: 'new',
          alg: 'RS256',
          state: 'next',
          createdAt: new Date(now - day).toISOString(),
          publishedAt: new Date(now - day).toISOString(),
        },
        {
          issuer: 'v1',
          kid: 'cur',
          alg: 'RS256',
          state: 'current',
          createdAt: new Date(now - 10 * day).toISOString(),
          publishedAt: new Date(now - 10 * day).toISOString(),
          activatedAt: new Date(now - 9 * day).toISOString(),
        },
        {
          issuer: 'v1',
          kid: 'old',
          alg: 'RS256',
          state: 'retired',
          createdAt: new Date(now - 40 * day).toISOString(),
          publishedAt: new Date(now - 40 * day).toISOString(),
          activatedAt: new Date(now - 39 * day).toISOString(),
          retiredAt: new Date(now - 9 * day).toISOString(),
          publishUntil: new Date(now + 2 * day).toISOString(),
        },
      ],
      now,
    );
    expect(t.start).toBe(now - 40 * day);
    expect(t.now).toBe(now);
    expect(t.windows.map((w) => [w.kid, Boolean(w.signing), Boolean(w.retired)])).toEqual([
      ['new', false, false],
      ['cur', true, false],
      ['old', true, true],
    ]);
    expect(t.next).toEqual({ at: now + 2 * day, what: 'old leaves the JWKS' });
  });

  it('counts tokens per hour over the last 24 hours, oldest first', () => {
    const hour = 3_600_000;
    const counts = tokensPerHour(
      [
        new Date(now).toISOString(),
        new Date(now - 10).toISOString(),
        new Date(now - 2 * hour).toISOString(),
        new Date(now - 30 * hour).toISOString(),
      ],
      now,
    );
    expect(counts).toHaveLength(24);
    expect(counts[23]).toBe(1);
    expect(counts[22]).toBe(1);
    expect(counts[21]).toBe(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
  });
});
