import { describe, expect, it } from 'vitest';
import {
  buildClaims,
  ClaimsError,
  DURATION_EXAMPLES,
  durationSeconds,
  formatDuration,
  LIFETIMES,
  parseDuration,
  parseDurationMs,
  resolveLifetime,
  type TokenKind,
} from '../src/index.js';
import { deployment, environment, oidc } from './fixtures.js';

function thrown(fn: () => unknown): ClaimsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ClaimsError) return error;
    throw error;
  }
  throw new Error('expected a ClaimsError');
}

describe('parseDuration', () => {
  it.each([
    ['90s', 90],
    ['15m', 900],
    ['1h', 3600],
    ['1h30m', 5400],
    ['1h0m1s', 3601],
    ['0h1s', 1],
    ['2h', 7200],
    ['999999s', 999999],
    ['999999h999999m999999s', 999999 * 3661],
  ])('%s is %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    '',
    '0s',
    '0h0m0s',
    '1m1h',
    '01m',
    '1d',
    ' 1h',
    '1h30',
    '1234567s',
    '1e3s',
    '1_000s',
    'Infinityh',
  ])('rejects %j with invalid_duration', (text) => {
    const error = thrown(() => parseDuration(text));
    expect(error.code).toBe('invalid_duration');
    expect(error.issues).toStrictEqual([
      expect.objectContaining({ path: 'duration', code: 'invalid_format' }),
    ]);
    expect(error.message).toContain("'1h30m'");
  });

  it('rejects non-strings at run time', () => {
    const error = thrown(() => parseDuration(60 as unknown as string));
    expect(error.code).toBe('invalid_duration');
    expect(error.issues[0]?.code).toBe('invalid_type');
  });

  it('explains zero separately', () => {
    expect(thrown(() => parseDuration('0m')).message).toContain('longer than zero');
  });
});

describe('formatDuration', () => {
  it.each([
    [90, '1m30s'],
    [3600, '1h'],
    [5400, '1h30m'],
    [7201, '2h1s'],
    [0, '0s'],
  ])('%i → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
    if (seconds > 0) expect(parseDuration(text)).toBe(seconds);
  });
});

describe('resolveLifetime', () => {
  it('has the documented ranges', () => {
    expect(LIFETIMES).toStrictEqual({
      deployment: { minSeconds: 300, maxSeconds: 7200, defaultSeconds: 3600 },
      environment: { minSeconds: 300, maxSeconds: 7200, defaultSeconds: 3600 },
      oidc: { minSeconds: 60, maxSeconds: 3600, defaultSeconds: 3600 },
    });
    expect(Object.isFrozen(LIFETIMES.oidc)).toBe(true);
  });

  it.each<[TokenKind, string, number]>([
    ['deployment', '5m', 300],
    ['deployment', '300s', 300],
    ['deployment', '2h', 7200],
    ['deployment', '1h59m60s', 7200],
    ['environment', '5m', 300],
    ['environment', '7200s', 7200],
    ['oidc', '1m', 60],
    ['oidc', '60s', 60],
    ['oidc', '1h', 3600],
  ])('%s accepts %s (boundary)', (kind, duration, seconds) => {
    expect(resolveLifetime(kind, duration)).toBe(seconds);
  });

  it.each<TokenKind>(['deployment', 'environment', 'oidc'])('%s defaults to 1 h', (kind) => {
    expect(resolveLifetime(kind)).toBe(3600);
  });

  it.each<[TokenKind, string, string]>([
    ['deployment', '4m59s', 'allowed 5m (300 s) to 2h (7200 s)'],
    ['deployment', '2h1s', 'allowed 5m (300 s) to 2h (7200 s)'],
    ['environment', '1s', 'allowed 5m (300 s) to 2h (7200 s)'],
    ['environment', '48h', 'allowed 5m (300 s) to 2h (7200 s)'],
    ['oidc', '59s', 'allowed 1m (60 s) to 1h (3600 s)'],
    ['oidc', '1h0m1s', 'allowed 1m (60 s) to 1h (3600 s)'],
    ['oidc', '2h', 'allowed 1m (60 s) to 1h (3600 s)'],
  ])('%s refuses %s and is never clamped', (kind, duration, range) => {
    const error = thrown(() => resolveLifetime(kind, duration));
    expect(error.code).toBe('lifetime_out_of_range');
    expect(error.message).toContain(range);
    expect(error.issues).toStrictEqual([
      expect.objectContaining({ path: 'duration', code: 'out_of_range' }),
    ]);
  });

  it('propagates grammar errors as invalid_duration', () => {
    expect(thrown(() => resolveLifetime('oidc', '1x')).code).toBe('invalid_duration');
  });

  it('refuses an unknown kind at run time', () => {
    expect(thrown(() => resolveLifetime('stack' as TokenKind)).code).toBe('invalid_input');
  });

  it('is applied by buildClaims per kind', () => {
    expect(buildClaims({ ...deployment, duration: '2h' }).lifetimeSeconds).toBe(7200);
    expect(buildClaims({ ...environment, duration: '5m' }).lifetimeSeconds).toBe(300);
    expect(buildClaims({ ...oidc, duration: '90s' }).lifetimeSeconds).toBe(90);
    expect(thrown(() => buildClaims({ ...oidc, duration: '2h' })).code).toBe(
      'lifetime_out_of_range',
    );
    expect(thrown(() => buildClaims({ ...deployment, duration: '1m' })).code).toBe(
      'lifetime_out_of_range',
    );
    // Grammar problems are input problems, reported with every other issue.
    expect(thrown(() => buildClaims({ ...oidc, duration: '2 h' })).code).toBe('invalid_input');
  });
});

describe('the one duration grammar (parseDurationMs, durationSeconds)', () => {
  it.each(DURATION_EXAMPLES.map(([input, ms]) => ({ input, ms })))(
    '$input → $ms ms',
    ({ input, ms }) => {
      expect(parseDurationMs(input)).toBe(ms);
      if (ms !== undefined && ms % 1000 === 0) expect(durationSeconds(input)).toBe(ms / 1000);
      else expect(() => durationSeconds(input)).toThrow(ClaimsError);
    },
  );

  it('names the grammar and the path when it refuses', () => {
    expect(() => durationSeconds('15min', '--aws-duration')).toThrow(
      /^--aws-duration must be a duration: seconds as a number .*got "15min"$/,
    );
    expect(() => durationSeconds('1500ms')).toThrow(/duration must be whole seconds/);
    expect(parseDurationMs({})).toBeUndefined();
  });
});
