const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * `30d`, `24h`, `1h30m`, `90s`, `500ms` → milliseconds; undefined when the text is not a
 * duration. Units in any order, each at most once; no bare numbers (a unit is never guessed).
 */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(ms|s|m|h|d))+$/.test(trimmed)) return undefined;
  let total = 0;
  const seen = new Set<string>();
  for (const match of trimmed.matchAll(/(\d+)(ms|s|m|h|d)/g)) {
    const unit = match[2] as string;
    if (seen.has(unit)) return undefined;
    seen.add(unit);
    total += Number(match[1]) * (UNIT_MS[unit] as number);
  }
  return Number.isSafeInteger(total) && total > 0 ? total : undefined;
}
