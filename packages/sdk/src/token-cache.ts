import type { RunIdClient } from './client.js';
import { createTokenSource, type TokenSource, type TokenSourceOptions } from './token-source.js';
import type { MintedToken, TokenRequest } from './types.js';

export interface TokenCache {
  /** The same request (by value, key order ignored) shares one cached token. */
  getToken(request: TokenRequest, options?: { signal?: AbortSignal }): Promise<MintedToken>;
  clear(): void;
}

/** A token source per distinct request. Bounded by the caller's set of requests. */
export function createTokenCache(
  client: Pick<RunIdClient, 'mintToken'>,
  options: TokenSourceOptions = {},
): TokenCache {
  const sources = new Map<string, TokenSource>();
  return {
    getToken(request, callOptions) {
      const key = canonicalJson(request);
      let source = sources.get(key);
      if (source === undefined) {
        source = createTokenSource(client, request, options);
        sources.set(key, source);
      }
      return source.getToken(callOptions);
    },
    clear: () => sources.clear(),
  };
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
