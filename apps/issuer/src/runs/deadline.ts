/** How long a run may mint: default 1 h, 1 m – 24 h. Outside the range is refused, never clamped. */
export const DEADLINE = Object.freeze({
  minSeconds: 60,
  maxSeconds: 86_400,
  defaultSeconds: 3_600,
});
