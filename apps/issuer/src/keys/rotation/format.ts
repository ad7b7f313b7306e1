/** '1d2h', '24h', '5m', '30s', '0s': compact durations for operator-facing explanations. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'forever';
  let rest = Math.max(0, Math.round(ms / 1000));
  if (rest === 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('');
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
