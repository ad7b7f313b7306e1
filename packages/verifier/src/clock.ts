/** Milliseconds since the epoch, or an object with `now(): Date` (both forms are used in RunID). */
export type Clock = (() => number) | { now(): Date };

export function toMillisClock(clock: Clock | undefined): () => number {
  if (clock === undefined) return Date.now;
  if (typeof clock === 'function') return clock;
  return () => clock.now().getTime();
}
