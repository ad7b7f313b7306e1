import { RotationError } from './errors.js';
import type { RotationSettings } from './types.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Longest token lifetime per issuer version (LIFETIMES in @runid/claims: v1 kinds 2 h, oidc 1 h). */
export const MAX_TOKEN_LIFETIME_MS = { v1: 2 * HOUR, v2: 1 * HOUR } as const;

export const JWKS_MAX_AGE_BOUNDS_MS = { min: 300 * SECOND, max: 900 * SECOND } as const;
export const PUBLISHED_KEYS_BOUNDS = { min: 3, max: 5 } as const;
/** token-formats.md: publish a new key at least 24 h before it signs. */
export const RECOMMENDED_PUBLISH_LEAD_MS = DAY;

export function defaultRotationSettings(issuer: 'v1' | 'v2'): RotationSettings {
  return {
    rotationPeriodMs: 30 * DAY,
    publishLeadMs: DAY,
    maxTokenLifetimeMs: MAX_TOKEN_LIFETIME_MS[issuer],
    clockSkewMs: 5 * MINUTE,
    jwksMaxAgeMs: 600 * SECOND,
    replicaLagMs: 60 * SECOND,
    maxPublishedKeys: PUBLISHED_KEYS_BOUNDS.max,
  };
}

export interface SettingsProblem {
  /** Setting name (`rotationPeriodMs`, …). */
  readonly setting: string;
  /** What is allowed, stated so an operator can fix it without reading code. */
  readonly message: string;
}

export type SettingsValidation =
  | { readonly ok: true; readonly settings: RotationSettings; readonly warnings: SettingsProblem[] }
  | {
      readonly ok: false;
      readonly problems: SettingsProblem[];
      readonly warnings: SettingsProblem[];
    };

const KNOWN: readonly (keyof RotationSettings)[] = [
  'rotationPeriodMs',
  'publishLeadMs',
  'maxTokenLifetimeMs',
  'clockSkewMs',
  'jwksMaxAgeMs',
  'replicaLagMs',
  'maxPublishedKeys',
];

/**
 * Reports every problem at once. Cross-setting rules are only checked between values that are
 * themselves valid, so one typo yields one problem rather than a cascade.
 */
export function validateRotationSettings(input: unknown): SettingsValidation {
  const problems: SettingsProblem[] = [];
  const warnings: SettingsProblem[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      problems: [{ setting: '', message: 'rotation settings must be an object' }],
      warnings,
    };
  }
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!(KNOWN as readonly string[]).includes(key)) {
      problems.push({ setting: key, message: `unknown setting; allowed: ${KNOWN.join(', ')}` });
    }
  }

  const valid = new Map<keyof RotationSettings, number>();
  const num = (
    name: keyof RotationSettings,
    check: (v: number) => boolean,
    allowed: string,
  ): void => {
    const v = raw[name];
    if (v === undefined) {
      problems.push({ setting: name, message: `required; ${allowed}` });
    } else if (typeof v !== 'number' || !Number.isSafeInteger(v) || !check(v)) {
      problems.push({ setting: name, message: `got ${describe(v)}; ${allowed}` });
    } else {
      valid.set(name, v);
    }
  };

  num('rotationPeriodMs', (v) => v > 0, 'a positive whole number of milliseconds');
  num('publishLeadMs', (v) => v > 0, 'a positive whole number of milliseconds');
  num('maxTokenLifetimeMs', (v) => v > 0, 'a positive whole number of milliseconds');
  num(
    'clockSkewMs',
    (v) => v > 0 && v <= HOUR,
    'a positive whole number of milliseconds, at most 1 h (3600000)',
  );
  num(
    'jwksMaxAgeMs',
    (v) => v % SECOND === 0 && v >= JWKS_MAX_AGE_BOUNDS_MS.min && v <= JWKS_MAX_AGE_BOUNDS_MS.max,
    `whole seconds between ${JWKS_MAX_AGE_BOUNDS_MS.min} and ${JWKS_MAX_AGE_BOUNDS_MS.max} ms (the contract's 5–15 min Cache-Control)`,
  );
  num(
    'replicaLagMs',
    (v) => v >= 0 && v <= 10 * MINUTE,
    'a whole number of milliseconds from 0 (a single process) to 10 min (600000)',
  );
  num(
    'maxPublishedKeys',
    (v) => v >= PUBLISHED_KEYS_BOUNDS.min && v <= PUBLISHED_KEYS_BOUNDS.max,
    `an integer from ${PUBLISHED_KEYS_BOUNDS.min} (current + next + one retired) to ${PUBLISHED_KEYS_BOUNDS.max}`,
  );

  const lead = valid.get('publishLeadMs');
  const maxAge = valid.get('jwksMaxAgeMs');
  const period = valid.get('rotationPeriodMs');
  const lifetime = valid.get('maxTokenLifetimeMs');
  const skew = valid.get('clockSkewMs');
  const lag = valid.get('replicaLagMs');

  if (lead !== undefined && maxAge !== undefined && lead <= maxAge) {
    problems.push({
      setting: 'publishLeadMs',
      message: `must exceed jwksMaxAgeMs (${maxAge} ms), or relying parties may not hold a key when it starts signing; got ${lead} ms`,
    });
  }
  if (period !== undefined && lead !== undefined && period <= lead) {
    problems.push({
      setting: 'rotationPeriodMs',
      message: `must exceed publishLeadMs (${lead} ms), or every next key is activated before it was published long enough; got ${period} ms`,
    });
  }
  if (
    period !== undefined &&
    lifetime !== undefined &&
    skew !== undefined &&
    maxAge !== undefined &&
    lag !== undefined &&
    period <= lifetime + skew + maxAge + lag
  ) {
    problems.push({
      setting: 'rotationPeriodMs',
      message: `must exceed maxTokenLifetimeMs + clockSkewMs + jwksMaxAgeMs + replicaLagMs (${lifetime + skew + maxAge + lag} ms), or retired keys pile up towards maxPublishedKeys; got ${period} ms`,
    });
  }
  if (lead !== undefined && lead < RECOMMENDED_PUBLISH_LEAD_MS) {
    warnings.push({
      setting: 'publishLeadMs',
      message: `${lead} ms is below the recommended 24 h: clouds do not document how long they cache a JWKS`,
    });
  }

  if (problems.length > 0) return { ok: false, problems, warnings };
  const settings = Object.fromEntries(valid) as unknown as RotationSettings;
  return { ok: true, settings, warnings };
}

/**
 * Start-up entry point: defaults for `issuer`, overridden by `overrides`; throws
 * RotationError('invalid_settings') listing every problem.
 */
export function resolveRotationSettings(
  issuer: 'v1' | 'v2',
  overrides: Partial<Record<keyof RotationSettings, unknown>> = {},
): { settings: RotationSettings; warnings: SettingsProblem[] } {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const result = validateRotationSettings({ ...defaultRotationSettings(issuer), ...defined });
  if (!result.ok) {
    const list = result.problems.map((p) => `${p.setting}: ${p.message}`).join('; ');
    throw new RotationError('invalid_settings', `invalid rotation settings: ${list}`, {
      problems: result.problems,
    });
  }
  return { settings: result.settings, warnings: result.warnings };
}

function describe(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  return v === null ? 'null' : typeof v;
}
