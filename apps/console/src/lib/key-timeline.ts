import type { SigningKey } from '@runid/sdk';

export interface KeyWindow {
  kid: string;
  issuer: string;
  state: string;
  /** In the JWKS from → to (to: planned removal, or the end of the axis when open). */
  published: { from: number; to: number };
  /** Signing from → to. */
  signing?: { from: number; to: number };
  /** Retired (still published, no longer signing) from → to. */
  retired?: { from: number; to: number };
}

export interface Timeline {
  start: number;
  end: number;
  now: number;
  windows: KeyWindow[];
  /** The next planned change of the key set, if any. */
  next?: { at: number; what: string };
}

const DAY = 86_400_000;

/** Each key's published, signing and retired windows on one axis that includes today. */
export function keyTimeline(keys: readonly SigningKey[], now: number): Timeline {
  const t = (s: string | undefined) => (s === undefined ? undefined : Date.parse(s));
  const windows: KeyWindow[] = [];
  let start = now - 7 * DAY;
  let end = now + 7 * DAY;
  const planned: { at: number; what: string }[] = [];
  for (const key of keys) {
    if (key.state === 'removed' && (t(key.removedAt) ?? 0) < now - 60 * DAY) continue;
    const publishedFrom = t(key.publishedAt) ?? t(key.createdAt) ?? now;
    const removal = t(key.removedAt) ?? t(key.publishUntil);
    const activated = t(key.activatedAt);
    const retiredAt = t(key.retiredAt);
    start = Math.min(start, publishedFrom);
    if (removal !== undefined) end = Math.max(end, removal);
    if (removal !== undefined && removal > now && key.state !== 'removed') {
      planned.push({ at: removal, what: `${key.kid} leaves the JWKS` });
    }
    windows.push({
      kid: key.kid,
      issuer: key.issuer,
      state: key.state,
      published: { from: publishedFrom, to: removal ?? end },
      ...(activated !== undefined && { signing: { from: activated, to: retiredAt ?? end } }),
      ...(retiredAt !== undefined && { retired: { from: retiredAt, to: removal ?? end } }),
    });
  }
  for (const w of windows) {
    if (w.published.to > end) w.published.to = end;
    if (w.signing && w.signing.to > end) w.signing.to = end;
  }
  planned.sort((a, b) => a.at - b.at);
  return { start, end, now, windows, ...(planned[0] && { next: planned[0] }) };
}

/** Tokens per hour over the last `hours` hours, oldest first, from audit `iat`s. */
export function tokensPerHour(iats: readonly string[], now: number, hours = 24): number[] {
  const buckets = new Array<number>(hours).fill(0);
  const hour = 3_600_000;
  const top = Math.floor(now / hour);
  for (const iat of iats) {
    const index = hours - 1 - (top - Math.floor(Date.parse(iat) / hour));
    if (index >= 0 && index < hours) buckets[index] = (buckets[index] ?? 0) + 1;
  }
  return buckets;
}
