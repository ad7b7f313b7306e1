import { isIP } from 'node:net';

/** One entry of RUNID_TRUSTED_PROXIES: an address or a CIDR block, normalised. */
export interface ProxyRange {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/**
 * Parses RUNID_TRUSTED_PROXIES (`10.0.0.0/8, 192.0.2.7, fd00::/8`). Returns the ranges, or the
 * problems (each names the entry) so the config loader reports them all at once.
 */
export function parseTrustedProxies(
  text: string,
): { ranges: ProxyRange[]; problems: [] } | { ranges: []; problems: string[] } {
  const ranges: ProxyRange[] = [];
  const problems: string[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const slash = entry.indexOf('/');
    const address = slash === -1 ? entry : entry.slice(0, slash);
    const version = isIP(address);
    if (version === 0) {
      problems.push(`"${entry}" is not an IP address or CIDR block (e.g. 10.0.0.0/8 or 192.0.2.7)`);
      continue;
    }
    const max = version === 4 ? 32 : 128;
    let prefix = max;
    if (slash !== -1) {
      const bits = entry.slice(slash + 1);
      prefix = /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
      if (!(prefix >= 0 && prefix <= max)) {
        problems.push(`"${entry}" has a prefix length outside 0–${max}`);
        continue;
      }
    }
    ranges.push({ address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' });
  }
  return problems.length > 0 ? { ranges: [], problems } : { ranges, problems: [] };
}
