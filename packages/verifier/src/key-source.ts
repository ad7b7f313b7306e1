import type { Algorithm } from './algorithms.js';
import { discoverJwksUri } from './discovery.js';
import { type FetchLimits, fetchJson } from './fetch.js';
import { type KeySet, parseKeySet } from './jwks.js';

export type KeySourceResult =
  | { ok: true; keys: KeySet; ttlSeconds: number }
  | { ok: false; reason: string };

/**
 * Where one issuer's keys come from: a configured `jwksUri`, or the `jwks_uri` of the issuer's own
 * discovery document (itself cached, and the last good one kept when discovery fails).
 */
export class KeySource {
  private discovered:
    | {
        jwksUri: string;
        expiresAt: number;
        algorithms: ReadonlySet<Algorithm> | undefined;
        introspectionEndpoint: string | undefined;
      }
    | undefined;

  constructor(
    private readonly issuer: string,
    private readonly configuredJwksUri: string | undefined,
    private readonly limits: FetchLimits,
    private readonly now: () => number,
  ) {}

  /**
   * The algorithms the issuer's discovery document advertises (`undefined` before discovery, with a
   * configured `jwksUri`, or when the document has no such member). The last good document counts.
   */
  advertisedAlgorithms(): ReadonlySet<Algorithm> | undefined {
    return this.discovered?.algorithms;
  }

  /**
   * The `introspection_endpoint` of the last good discovery document (`undefined` before
   * discovery, with a configured `jwksUri`, or when the document has none).
   */
  introspectionEndpoint(): string | undefined {
    return this.discovered?.introspectionEndpoint;
  }

  /** Forgets the discovered `jwks_uri` (purge). */
  reset(): void {
    this.discovered = undefined;
  }

  private async jwksUri(): Promise<{ ok: true; uri: string } | { ok: false; reason: string }> {
    if (this.configuredJwksUri !== undefined) return { ok: true, uri: this.configuredJwksUri };
    const cached = this.discovered;
    if (cached !== undefined && this.now() < cached.expiresAt)
      return { ok: true, uri: cached.jwksUri };
    const result = await discoverJwksUri(this.issuer, this.limits);
    if (result.ok) {
      this.discovered = {
        jwksUri: result.jwksUri,
        expiresAt: this.now() + result.ttlSeconds * 1000,
        algorithms: result.algorithms === undefined ? undefined : new Set(result.algorithms),
        introspectionEndpoint: result.introspectionEndpoint,
      };
      return { ok: true, uri: result.jwksUri };
    }
    if (cached !== undefined) return { ok: true, uri: cached.jwksUri };
    return result;
  }

  async load(previous: KeySet | undefined): Promise<KeySourceResult> {
    const uri = await this.jwksUri();
    if (!uri.ok) return uri;
    const fetched = await fetchJson(uri.uri, this.limits);
    if (!fetched.ok) return { ok: false, reason: `jwks: ${fetched.reason}` };
    const parsed = parseKeySet(fetched.value, previous);
    if (!parsed.ok) return { ok: false, reason: `jwks: ${parsed.reason}` };
    return { ok: true, keys: parsed.keys, ttlSeconds: fetched.ttlSeconds };
  }
}
