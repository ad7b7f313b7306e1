import { describe, expect, it } from 'vitest';
import {
  defaultRotationSettings,
  RotationError,
  resolveRotationSettings,
  validateRotationSettings,
} from '../../../src/keys/rotation/index.js';
import { DAY, HOUR, MINUTE, SECOND, v1 } from './helpers.js';

describe('defaults', () => {
  it('are valid for both issuer versions, with the documented values', () => {
    expect(v1).toEqual({
      rotationPeriodMs: 30 * DAY,
      publishLeadMs: DAY,
      maxTokenLifetimeMs: 2 * HOUR,
      clockSkewMs: 5 * MINUTE,
      jwksMaxAgeMs: 600 * SECOND,
      replicaLagMs: 60 * SECOND,
      maxPublishedKeys: 5,
    });
    expect(defaultRotationSettings('v2').maxTokenLifetimeMs).toBe(HOUR);
    for (const issuer of ['v1', 'v2'] as const) {
      const r = validateRotationSettings(defaultRotationSettings(issuer));
      expect(r).toEqual({ ok: true, settings: defaultRotationSettings(issuer), warnings: [] });
    }
  });
});

describe('validateRotationSettings: each misconfiguration', () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    [
      'lead equal to max-age',
      { publishLeadMs: 600 * SECOND },
      'publishLeadMs',
      /must exceed jwksMaxAgeMs/,
    ],
    [
      'lead shorter than max-age',
      { publishLeadMs: 5 * MINUTE },
      'publishLeadMs',
      /must exceed jwksMaxAgeMs/,
    ],
    [
      'period equal to lead',
      { rotationPeriodMs: DAY },
      'rotationPeriodMs',
      /must exceed publishLeadMs/,
    ],
    [
      'period shorter than lead',
      { rotationPeriodMs: 10 * HOUR, publishLeadMs: 12 * HOUR },
      'rotationPeriodMs',
      /must exceed publishLeadMs/,
    ],
    [
      'period within retention',
      { rotationPeriodMs: 2 * HOUR, publishLeadMs: HOUR },
      'rotationPeriodMs',
      /retired keys pile up/,
    ],
    ['zero period', { rotationPeriodMs: 0 }, 'rotationPeriodMs', /positive/],
    ['negative lead', { publishLeadMs: -1 }, 'publishLeadMs', /positive/],
    [
      'infinite lifetime',
      { maxTokenLifetimeMs: Number.POSITIVE_INFINITY },
      'maxTokenLifetimeMs',
      /Infinity; a positive/,
    ],
    ['NaN lifetime', { maxTokenLifetimeMs: Number.NaN }, 'maxTokenLifetimeMs', /NaN/],
    ['zero lifetime', { maxTokenLifetimeMs: 0 }, 'maxTokenLifetimeMs', /positive/],
    ['fractional ms', { clockSkewMs: 1.5 }, 'clockSkewMs', /whole number/],
    ['zero skew', { clockSkewMs: 0 }, 'clockSkewMs', /positive/],
    ['huge skew', { clockSkewMs: 2 * HOUR }, 'clockSkewMs', /at most 1 h/],
    [
      'max-age below 300 s',
      { jwksMaxAgeMs: 299 * SECOND },
      'jwksMaxAgeMs',
      /between 300000 and 900000/,
    ],
    [
      'max-age above 900 s',
      { jwksMaxAgeMs: 901 * SECOND },
      'jwksMaxAgeMs',
      /between 300000 and 900000/,
    ],
    ['max-age not whole seconds', { jwksMaxAgeMs: 300_500 }, 'jwksMaxAgeMs', /whole seconds/],
    ['negative replica lag', { replicaLagMs: -1 }, 'replicaLagMs', /from 0/],
    ['replica lag above 10 min', { replicaLagMs: 11 * MINUTE }, 'replicaLagMs', /to 10 min/],
    ['too many keys', { maxPublishedKeys: 6 }, 'maxPublishedKeys', /from 3 .* to 5/],
    ['too few keys', { maxPublishedKeys: 2 }, 'maxPublishedKeys', /from 3/],
    ['string value', { rotationPeriodMs: '30d' }, 'rotationPeriodMs', /the string "30d"/],
    ['missing value', { rotationPeriodMs: undefined }, 'rotationPeriodMs', /required/],
    ['unknown setting', { publishLead: DAY }, 'publishLead', /unknown setting/],
  ];
  it.each(cases)('%s', (_name, patch, setting, message) => {
    const r = validateRotationSettings({ ...v1, ...patch });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.setting).toBe(setting);
    expect(r.problems[0]?.message).toMatch(message);
  });

  it('reports every problem at once', () => {
    const r = validateRotationSettings({
      rotationPeriodMs: DAY,
      publishLeadMs: 5 * MINUTE,
      maxTokenLifetimeMs: -1,
      clockSkewMs: 0,
      jwksMaxAgeMs: 600 * SECOND,
      replicaLagMs: 0,
      maxPublishedKeys: 9,
      extra: true,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.setting).sort()).toEqual([
      'clockSkewMs',
      'extra',
      'maxPublishedKeys',
      'maxTokenLifetimeMs',
      'publishLeadMs',
    ]);
  });

  it('does not cascade cross-setting rules from an invalid value', () => {
    const r = validateRotationSettings({ ...v1, jwksMaxAgeMs: 'x' });
    expect(r.ok || r.problems.map((p) => p.setting)).toEqual(['jwksMaxAgeMs']);
  });

  it('rejects non-objects', () => {
    for (const v of [null, 3, 'x', []]) expect(validateRotationSettings(v).ok).toBe(false);
  });

  it('warns (does not fail) for a lead below the recommended 24 h', () => {
    const r = validateRotationSettings({ ...v1, publishLeadMs: 12 * HOUR });
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.setting)).toEqual(['publishLeadMs']);
  });
});

describe('resolveRotationSettings (start-up)', () => {
  it('merges overrides over the issuer defaults, ignoring undefined', () => {
    const { settings } = resolveRotationSettings('v2', {
      rotationPeriodMs: 7 * DAY,
      clockSkewMs: undefined,
    });
    expect(settings).toEqual({ ...defaultRotationSettings('v2'), rotationPeriodMs: 7 * DAY });
  });

  it('throws invalid_settings with every problem when the lead does not exceed the max-age', () => {
    let error: unknown;
    try {
      resolveRotationSettings('v1', { publishLeadMs: 600 * SECOND, maxPublishedKeys: 10 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RotationError);
    const e = error as RotationError;
    expect(e.code).toBe('invalid_settings');
    expect(e.problems.map((p) => p.setting)).toEqual(['maxPublishedKeys', 'publishLeadMs']);
    expect(e.message).toMatch(/publishLeadMs: must exceed jwksMaxAgeMs/);
  });
});
