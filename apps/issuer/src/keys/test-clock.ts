import { readFileSync } from 'node:fs';
import type { Clock } from '../clock.js';

/**
 * TEST-ONLY (RUNID_TEST_HOOKS=1 + RUNID_TEST_CLOCK_FILE): the system clock plus an offset read
 * from a file, so a test can move the time of several issuer processes at once. Re-read at most
 * every 50 ms; a missing or unreadable file means no offset.
 */
export function offsetClock(file: string, base: Clock): Clock {
  let offset = 0;
  let readAt = Number.NEGATIVE_INFINITY;
  return () => {
    const real = base();
    if (real - readAt >= 50) {
      readAt = real;
      try {
        const value = Number(readFileSync(file, 'utf8').trim());
        offset = Number.isFinite(value) ? value : 0;
      } catch {
        offset = 0;
      }
    }
    return real + offset;
  };
}
