/**
 * The duration inputs every entry point (SDK, issuer configuration, CLI) is tested with, and what
 * each means in milliseconds (`undefined`: refused). Exported so their tests share one table.
 */
export const DURATION_EXAMPLES: readonly (readonly [
  input: string | number,
  ms: number | undefined,
])[] = [
  [900, 900_000],
  ['900', 900_000],
  ['90s', 90_000],
  ['15m', 900_000],
  ['1h', 3_600_000],
  ['1h30m', 5_400_000],
  ['30m1h', 5_400_000],
  ['2d', 172_800_000],
  ['1m30s', 90_000],
  ['1500ms', 1_500],
  [0.5, 500],
  ['0s', undefined],
  [0, undefined],
  [-5, undefined],
  ['', undefined],
  ['1h1h', undefined],
  ['1 h', undefined],
  ['15min', undefined],
  ['1.5h', undefined],
  ['-1h', undefined],
  ['1w', undefined],
];
