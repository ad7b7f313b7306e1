import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { parseTrustedProxies } from '../../src/config/trusted-proxies.js';
import { sourceAddressOf, trustedProxyList } from '../../src/http/source-address.js';

const proxies = (text: string) => {
  const parsed = parseTrustedProxies(text);
  expect(parsed.problems).toEqual([]);
  return trustedProxyList(parsed.ranges);
};

describe('source address (RUNID_TRUSTED_PROXIES)', () => {
  const trusted = proxies('10.0.0.0/8, 192.0.2.7, fd00::/8');

  it.each([
    [
      'no trusted proxies: the peer, the header ignored',
      undefined,
      '10.1.2.3',
      '203.0.113.9',
      '10.1.2.3',
    ],
    [
      'an untrusted peer: its own address, the header ignored',
      trusted,
      '198.51.100.4',
      '203.0.113.9',
      '198.51.100.4',
    ],
    ['a trusted peer: the address it forwarded', trusted, '10.1.2.3', '203.0.113.9', '203.0.113.9'],
    [
      'a chain of trusted proxies is walked from the right',
      trusted,
      '192.0.2.7',
      '203.0.113.9, 10.9.9.9',
      '203.0.113.9',
    ],
    [
      'an address the client sent to the left of an untrusted hop is not believed',
      trusted,
      '10.1.2.3',
      '1.1.1.1, 198.51.100.4',
      '198.51.100.4',
    ],
    ['all hops trusted: the leftmost', trusted, '10.1.2.3', '10.2.2.2, 10.3.3.3', '10.2.2.2'],
    [
      'garbage in the header stops at the proxy that sent it',
      trusted,
      '10.1.2.3',
      'not-an-ip',
      '10.1.2.3',
    ],
    ['a trusted peer without the header: the peer', trusted, '10.1.2.3', undefined, '10.1.2.3'],
    [
      'IPv4-mapped peers match IPv4 ranges',
      trusted,
      '::ffff:10.1.2.3',
      '203.0.113.9',
      '203.0.113.9',
    ],
    ['IPv6 ranges', trusted, 'fd00::1', '2001:db8::5', '2001:db8::5'],
  ])('%s', (_name, list, peer, header, expected) => {
    expect(sourceAddressOf(list, peer, header)).toBe(expected);
  });

  it('is null without a peer address (a closed socket)', () => {
    expect(sourceAddressOf(trusted, undefined, '203.0.113.9')).toBeNull();
  });

  it('refuses a bad list at start, naming every bad entry', () => {
    expect(() =>
      loadConfig({
        RUNID_DATA_DIR: '/tmp/x',
        RUNID_TRUSTED_PROXIES: '10.0.0.0/33, example.com, ::1/129, 10.0.0.1',
      }),
    ).toThrow(
      /RUNID_TRUSTED_PROXIES "10\.0\.0\.0\/33" has a prefix length outside 0–32[\s\S]*RUNID_TRUSTED_PROXIES "example\.com" is not an IP address[\s\S]*"::1\/129" has a prefix length outside 0–128/,
    );
    const config = loadConfig({
      RUNID_DATA_DIR: '/tmp/x',
      RUNID_TRUSTED_PROXIES: ' 10.0.0.0/8 ,::1',
    });
    expect(config.trustedProxies).toEqual([
      { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
      { address: '::1', prefix: 128, family: 'ipv6' },
    ]);
    expect(loadConfig({ RUNID_DATA_DIR: '/tmp/x' }).trustedProxies).toEqual([]);
  });
});
