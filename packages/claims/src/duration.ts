import { ClaimsError } from './errors.js';
import { isTokenKind, type TokenKind } from './kinds.js';
import { LIFETIMES } from './lifetimes.js';
import { describeType } from './shape.js';

const COMPONENT = '(?:0|[1-9][0-9]{0,5})';

/**
 * `^(\d+h)?(\d+m)?(\d+s)?$`, tightened: non-empty, not all zero, no leading zeros, at most six
 * digits per component (so the total can never overflow). The JSON Schemas use this exact pattern.
 */
export const DURATION_PATTERN = `^(?!(?:0h)?(?:0m)?(?:0s)?$)(?:${COMPONENT}h)?(?:${COMPONENT}m)?(?:${COMPONENT}s)?$`;

const GRAMMAR = /^(?:(0|[1-9][0-9]{0,5})h)?(?:(0|[1-9][0-9]{0,5})m)?(?:(0|[1-9][0-9]{0,5})s)?$/;

export const DURATION_GRAMMAR_TEXT =
  "hours, minutes and seconds in that order, each optional, e.g. '90s', '15m', '1h', '1h30m'; no spaces, no leading zeros, at most 6 digits each, not zero";

/** Why `text` is not a duration, or `undefined` when it is one. Shared by the validator and parseDuration. */
export function durationProblem(text: string): string | undefined {
  const match = GRAMMAR.exec(text);
  if (text.length === 0 || !match) return `must be a duration: ${DURATION_GRAMMAR_TEXT}`;
  if (matchSeconds(match) === 0) return `must be longer than zero: ${DURATION_GRAMMAR_TEXT}`;
  return undefined;
}

function matchSeconds(match: RegExpExecArray): number {
  const [, h = '0', m = '0', s = '0'] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** `'90s'`, `'15m'`, `'1h'`, `'1h30m'` → seconds. Throws `ClaimsError('invalid_duration')`. */
export function parseDuration(text: string): number {
  if (typeof text !== 'string') {
    const message = `duration must be a string, got ${describeType(text)}`;
    throw new ClaimsError('invalid_duration', message, [
      { path: 'duration', code: 'invalid_type', message },
    ]);
  }
  const problem = durationProblem(text);
  const match = GRAMMAR.exec(text);
  if (problem !== undefined || !match) {
    const message = `duration ${problem ?? 'is invalid'}`;
    throw new ClaimsError('invalid_duration', message, [
      { path: 'duration', code: 'invalid_format', message },
    ]);
  }
  return matchSeconds(match);
}

/** 5400 → `'1h30m'` (the canonical spelling, for messages and previews). */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const text = `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
  return text || '0s';
}

/**
 * The token lifetime in seconds: the kind's default, or the parsed duration when it lies within
 * the kind's range. Outside the range → `ClaimsError('lifetime_out_of_range')`; never clamped.
 */
export function resolveLifetime(kind: TokenKind, duration?: string): number {
  if (!isTokenKind(kind)) {
    const message = 'kind must be one of deployment, environment, oidc';
    throw new ClaimsError('invalid_input', message, [
      { path: 'kind', code: 'not_allowed', message },
    ]);
  }
  const range = LIFETIMES[kind];
  if (duration === undefined) return range.defaultSeconds;
  const seconds = parseDuration(duration);
  if (seconds < range.minSeconds || seconds > range.maxSeconds) {
    const message = `duration ${formatDuration(seconds)} (${seconds} s) is out of range for ${kind} tokens: allowed ${formatDuration(range.minSeconds)} (${range.minSeconds} s) to ${formatDuration(range.maxSeconds)} (${range.maxSeconds} s)`;
    throw new ClaimsError('lifetime_out_of_range', message, [
      { path: 'duration', code: 'out_of_range', message },
    ]);
  }
  return seconds;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};

/** The one duration grammar of RunID's inputs: SDK calls, the issuer's configuration and the CLIs. */
export const DURATION_INPUT_TEXT =
  "seconds as a number (900, or '900' in text), or units d, h, m, s, ms each at most once, e.g. '90s', '15m', '1h30m', '30d', '500ms'";

/**
 * `900`, `'900'`, `'15m'`, `'1h30m'`, `'30d'`, `'500ms'` → milliseconds; `undefined` when the value
 * is not a duration (zero, negative, fractional milliseconds, a repeated unit, spaces inside, …).
 * The single parser behind {@link durationSeconds}, the issuer's configuration and the CLI.
 */
export function parseDurationMs(value: unknown): number | undefined {
  let total: number;
  if (typeof value === 'number') {
    total = value * 1000;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (/^\d{1,12}$/.test(text)) {
      total = Number(text) * 1000;
    } else {
      if (!/^(\d{1,12}(ms|s|m|h|d))+$/.test(text)) return undefined;
      total = 0;
      const seen = new Set<string>();
      for (const match of text.matchAll(/(\d+)(ms|s|m|h|d)/g)) {
        const unit = match[2] as string;
        if (seen.has(unit)) return undefined;
        seen.add(unit);
        total += Number(match[1]) * (UNIT_MS[unit] as number);
      }
    }
  } else {
    return undefined;
  }
  return Number.isSafeInteger(total) && total > 0 ? total : undefined;
}

/**
 * A duration input (see {@link parseDurationMs}) in whole seconds, for token lifetimes and cloud
 * sessions. Throws `ClaimsError('invalid_duration')` naming the grammar.
 */
export function durationSeconds(value: unknown, path = 'duration'): number {
  const ms = parseDurationMs(value);
  if (ms === undefined || ms % 1000 !== 0) {
    const message = `${path} must be ${ms === undefined ? 'a duration' : 'whole seconds'}: ${DURATION_INPUT_TEXT}; got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : describeType(value)}`;
    throw new ClaimsError('invalid_duration', message, [{ path, code: 'invalid_format', message }]);
  }
  return ms / 1000;
}
