import { DURATION_EXAMPLES } from '@runid/claims';
import { describe, expect, it } from 'vitest';
import { parseDurationMs } from '../../src/config/duration.js';
import { loadConfig } from '../../src/index.js';

// The shared table of @runid/claims, through the issuer's configuration.
describe('configuration durations use the one grammar of @runid/claims', () => {
  const texts = DURATION_EXAMPLES.filter(([input]) => typeof input === 'string') as [
    string,
    number | undefined,
  ][];

  it.each(texts.map(([input, ms]) => ({ input, ms })))('$input → $ms ms', ({ input, ms }) => {
    expect(parseDurationMs(input)).toBe(ms);
    if (input === '') return; // an empty variable is an unset one: the default applies
    const load = () => loadConfig({ RUNID_STORE_ACQUIRE_TIMEOUT: input });
    if (ms === undefined) {
      expect(load).toThrow(/RUNID_STORE_ACQUIRE_TIMEOUT must be a duration: seconds as a number/);
    } else if (ms >= 100 && ms <= 60_000) {
      expect(load().store.acquireTimeoutMs).toBe(ms);
    } else {
      expect(load).toThrow(/RUNID_STORE_ACQUIRE_TIMEOUT must be between 100ms and 60s/);
    }
  });
});
