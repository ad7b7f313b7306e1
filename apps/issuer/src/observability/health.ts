import type { Clock } from '../clock.js';
import { ISSUERS } from '../keys/ensure-keys.js';
import type { KeyRing } from '../keys/key-ring.js';
import type { IssuerVersion } from '../store/records.js';
import type { Store } from '../store/store.js';

/** Longest a readiness check waits for the store: a probe (timeout 1 s by default) gets an answer. */
export const READINESS_CHECK_MS = 750;

export interface Check {
  ok: boolean;
  detail?: string;
}

export interface MintReadiness {
  ok: boolean;
  checks: { store: Check; keys: Check };
}

export interface DiscoveryReadiness {
  ok: boolean;
  checks: { keys: Check };
  /** Seconds since this replica last read the key set from the store. */
  keyViewAgeSeconds: number;
}

/**
 * What the probes report, told apart: alive (the process answers), ready to mint (the store
 * answers within a bound and each issuer has a signing key), ready to serve discovery and JWKS
 * (the key view is in memory and young enough — true while the store is down). A load balancer
 * that routes discovery by the mint readiness would take every replica out during a store outage.
 */
export class Health {
  readonly #store: Store;
  readonly #keyRing: KeyRing;
  readonly #clock: Clock;
  readonly #checkMs: number;
  /** One store check at a time: probes arriving meanwhile share it (no pile-up on a sick pool). */
  #inFlight: Promise<Check> | undefined;

  constructor(options: { store: Store; keyRing: KeyRing; clock: Clock; checkMs?: number }) {
    this.#store = options.store;
    this.#keyRing = options.keyRing;
    this.#clock = options.clock;
    this.#checkMs = options.checkMs ?? READINESS_CHECK_MS;
  }

  async mint(): Promise<MintReadiness> {
    const store = await this.#storeCheck();
    const keys = this.#signingKeys();
    return { ok: store.ok && keys.ok, checks: { store, keys } };
  }

  discovery(): DiscoveryReadiness {
    const age = Math.max(0, this.#clock() - this.#keyRing.viewAsOf);
    const ageSeconds = Number.isFinite(age) ? Math.round(age / 1000) : 0;
    let keys: Check;
    if (!Number.isFinite(this.#keyRing.viewAsOf)) {
      keys = { ok: false, detail: 'the key set is not loaded' };
    } else {
      // A next key is published `publishLead` before it signs and relying parties cache the
      // JWKS for `jwksMaxAge`: a view older than the difference may lack a key that signs soon.
      const stale = ISSUERS.filter((issuer) => age > staleAfterMs(this.#keyRing, issuer));
      keys =
        stale.length === 0
          ? { ok: true }
          : {
              ok: false,
              detail: `the key set of ${stale.join(', ')} was last read ${ageSeconds} s ago: it may lack a key published since (RUNID_PUBLISH_LEAD − RUNID_JWKS_MAX_AGE)`,
            };
    }
    return { ok: keys.ok, checks: { keys }, keyViewAgeSeconds: ageSeconds };
  }

  #storeCheck(): Promise<Check> {
    this.#inFlight ??= this.#runStoreCheck().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #runStoreCheck(): Promise<Check> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Check>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, detail: `the store did not answer within ${this.#checkMs} ms` }),
        this.#checkMs,
      );
    });
    const checked = (async (): Promise<Check> => {
      await this.#store.ping();
      await this.#keyRing.refresh();
      return { ok: true };
    })().catch((): Check => ({ ok: false, detail: 'the store does not answer' }));
    try {
      return await Promise.race([checked, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  #signingKeys(): Check {
    try {
      const missing = ISSUERS.filter((issuer) => this.#keyRing.get(issuer).signer === undefined);
      return missing.length === 0
        ? { ok: true }
        : { ok: false, detail: `no signing key for ${missing.join(', ')}` };
    } catch {
      return { ok: false, detail: 'the key set is not loaded' };
    }
  }
}

function staleAfterMs(keyRing: KeyRing, issuer: IssuerVersion): number {
  const settings = keyRing.settings(issuer);
  return settings.publishLeadMs - settings.jwksMaxAgeMs;
}
