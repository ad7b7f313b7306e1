import type { KeyEntry } from './jwk.js';
import type { KeySet } from './jwks.js';
import type { KeySourceResult } from './key-source.js';

export type KeyLookup =
  | { readonly status: 'found'; readonly entries: readonly KeyEntry[] }
  | { readonly status: 'unknown_kid' }
  | { readonly status: 'unavailable'; readonly reason: string };

export interface JwksCacheStatus {
  /** Number of keys in the current set (0 before the first successful fetch). */
  readonly keys: number;
  /**
   * When the current set goes stale (by the injected clock), or `undefined`. A `Date`, as every
   * instant in RunID's own public types (the SDK's included); JWT claims stay NumericDate seconds.
   */
  readonly expiresAt: Date | undefined;
  /** Why the most recent fetch failed, or `undefined` after a success. */
  readonly lastError: string | undefined;
  /** Fetch attempts started so far. */
  readonly fetches: number;
}

interface KeyLoader {
  load(previous: KeySet | undefined): Promise<KeySourceResult>;
  reset(): void;
}

const FOUND_NONE: KeyLookup = Object.freeze({ status: 'unknown_kid' });

/**
 * One issuer's key set. Fresh sets answer synchronously (`peek`). A stale set keeps answering while
 * one background refresh runs. An unknown kid triggers at most one refetch per cooldown, shared by
 * every concurrent caller. A failed fetch never replaces the last good set.
 */
export class JwksCache {
  private keys: KeySet | undefined;
  private expiresAt = 0;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;
  private lastError: string | undefined;
  private generation = 0;
  private fetches = 0;

  constructor(
    private readonly loader: KeyLoader,
    private readonly now: () => number,
    private readonly cooldownMs: number,
  ) {}

  /** The hot path: entries for `kid` from a fresh set, or `undefined` (then call `lookup`). */
  peek(kid: string, now: number): readonly KeyEntry[] | undefined {
    return this.keys !== undefined && now < this.expiresAt ? this.keys.get(kid) : undefined;
  }

  async lookup(kid: string, now: number): Promise<KeyLookup> {
    if (this.keys === undefined) {
      await this.refreshUnlessCoolingDown(now);
      if (this.keys === undefined) {
        return { status: 'unavailable', reason: this.lastError ?? 'no key set has been fetched' };
      }
    } else if (now >= this.expiresAt) {
      // Stale-while-revalidate: the refresh's outcome is recorded by `refresh` itself.
      void this.refreshUnlessCoolingDown(now);
    }
    let entries = this.keys.get(kid);
    if (entries !== undefined) return { status: 'found', entries };
    await this.refreshUnlessCoolingDown(now);
    entries = this.keys.get(kid);
    return entries === undefined ? FOUND_NONE : { status: 'found', entries };
  }

  private refreshUnlessCoolingDown(now: number): Promise<void> {
    if (this.inflight !== undefined) return this.inflight;
    if (now - this.lastAttempt < this.cooldownMs) return Promise.resolve();
    return this.refresh();
  }

  /** Fetches now, ignoring the cooldown but joining a fetch already in flight. */
  refresh(): Promise<void> {
    if (this.inflight !== undefined) return this.inflight;
    const generation = this.generation;
    this.lastAttempt = this.now();
    this.fetches++;
    const inflight = this.loader
      .load(this.keys)
      .then(
        (result) => {
          if (generation !== this.generation) return;
          if (result.ok) {
            this.keys = result.keys;
            this.expiresAt = this.now() + result.ttlSeconds * 1000;
            this.lastError = undefined;
          } else {
            this.lastError = result.reason;
          }
        },
        (error: unknown) => {
          if (generation === this.generation) {
            this.lastError = `key loading failed (${error instanceof Error ? error.name : 'error'})`;
          }
        },
      )
      .finally(() => {
        if (this.inflight === inflight) this.inflight = undefined;
      });
    this.inflight = inflight;
    return inflight;
  }

  /** Drops the key set, the discovered JWKS URL and the cooldown; a fetch in flight is ignored. */
  purge(): void {
    this.generation++;
    this.keys = undefined;
    this.expiresAt = 0;
    this.lastAttempt = Number.NEGATIVE_INFINITY;
    this.inflight = undefined;
    this.lastError = undefined;
    this.loader.reset();
  }

  /** Resolves once no fetch is in flight (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.inflight !== undefined) await this.inflight;
  }

  status(): JwksCacheStatus {
    let keys = 0;
    if (this.keys !== undefined) for (const list of this.keys.values()) keys += list.length;
    return {
      keys,
      expiresAt: this.keys === undefined ? undefined : new Date(this.expiresAt),
      lastError: this.lastError,
      fetches: this.fetches,
    };
  }
}
