import { BlockList, isIP } from 'node:net';
import type { Context, Next } from 'koa';
import type { ProxyRange } from '../config/trusted-proxies.js';

/** `::ffff:192.0.2.7` (an IPv4 peer on a dual-stack socket) is `192.0.2.7`. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The client's address for the audit trail: the socket peer, unless that peer is a trusted
 * proxy — then `X-Forwarded-For` is walked from the right (each proxy appends the address it
 * saw) past every trusted hop, and the first untrusted address is the client. An entry that is
 * no IP address stops the walk at the proxy that forwarded it. No trusted proxies: the header is
 * never read.
 */
export function sourceAddressOf(
  trusted: BlockList | undefined,
  peer: string | undefined,
  forwardedFor: string | undefined,
): string | null {
  if (peer === undefined || peer === '') return null;
  let source = plain(peer);
  if (trusted === undefined || forwardedFor === undefined || forwardedFor === '') return source;
  const hops = forwardedFor.split(',').map((h) => plain(h.trim()));
  while (isTrusted(trusted, source)) {
    const hop = hops.pop();
    if (hop === undefined || isIP(hop) === 0) break;
    source = hop;
  }
  return source;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export function trustedProxyList(ranges: readonly ProxyRange[]): BlockList | undefined {
  if (ranges.length === 0) return undefined;
  const list = new BlockList();
  for (const range of ranges) list.addSubnet(range.address, range.prefix, range.family);
  return list;
}

/** Middleware: sets `ctx.state.source` (read by `requestContext`) before any handler runs. */
export function sourceAddress(ranges: readonly ProxyRange[]) {
  const trusted = trustedProxyList(ranges);
  return async function sourceAddressStep(ctx: Context, next: Next): Promise<void> {
    // Repeated headers are joined by Node with ", ", in order: the walk sees every hop.
    const forwarded = ctx.req.headers['x-forwarded-for'];
    ctx.state.source = sourceAddressOf(
      trusted,
      ctx.req.socket.remoteAddress,
      Array.isArray(forwarded) ? forwarded.join(', ') : forwarded,
    );
    await next();
  };
}
