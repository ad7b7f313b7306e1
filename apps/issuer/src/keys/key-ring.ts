import type { webcrypto } from 'node:crypto';
import { importJWK } from 'jose';
import type { Clock } from '../clock.js';
import type { SigningAlg } from '../config/config.js';
import { IssuerError } from '../errors.js';
import type { IssuerVersion, SigningKeyRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { decryptPrivateJwk, ISSUERS, type Keks } from './ensure-keys.js';
import type { IssuerUrls } from './issuer-urls.js';
import type { PublicJwk } from './public-jwk.js';
import { type PublishedDocuments, publishedDocuments, publishedRecords } from './publishing.js';
import {
  maxTokenExpiry,
  RotationError,
  type RotationKey,
  type RotationSettings,
} from './rotation/index.js';
import { toRotationKey } from './rotation-state.js';
import { LocalSigner, type Signer } from './signer.js';

/** What one issuer publishes and signs with, computed once per key-set change. */
export interface IssuerKeys extends PublishedDocuments {
  readonly signer: Signer | undefined;
  /** The signing key as the rotation model sees it (for `maxTokenExpiry`). */
  readonly signingKey: RotationKey | undefined;
  readonly activatedAt: number | undefined;
  /**
   * The public keys of the JWKS by kid (retired-but-published ones included): what introspection
   * verifies this issuer's own signatures with.
   */
  readonly verificationKeys: ReadonlyMap<string, VerificationKey>;
}

/** A published public key, imported once per key-set change. */
export interface VerificationKey {
  readonly alg: SigningAlg;
  readonly key: webcrypto.CryptoKey;
}

/**
 * The in-memory view of the key set: imported CryptoKeys and serialised documents. Rebuilt only
 * when the stored key set changes, so minting and discovery do no per-request key work.
 */
export class KeyRing {
  readonly #store: Store;
  readonly #kek: Keks;
  readonly #urls: IssuerUrls;
  readonly #claimNamespace: string;
  readonly #clock: Clock;
  readonly #settings: Readonly<Record<IssuerVersion, RotationSettings>>;
  #fingerprint = '';
  #issuers: Record<IssuerVersion, IssuerKeys> | undefined;
  #viewAsOf = Number.NEGATIVE_INFINITY;
  #refreshing: Promise<void> | undefined;
  #again = false;
  #poll: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(options: {
    store: Store;
    kek: Keks;
    urls: IssuerUrls;
    claimNamespace: string;
    clock: Clock;
    settings: Readonly<Record<IssuerVersion, RotationSettings>>;
  }) {
    this.#store = options.store;
    this.#kek = options.kek;
    this.#urls = options.urls;
    this.#claimNamespace = options.claimNamespace;
    this.#clock = options.clock;
    this.#settings = options.settings;
  }

  /** When the loaded view was last read from the store (epoch ms, this process's clock). */
  get viewAsOf(): number {
    return this.#viewAsOf;
  }

  /**
   * Re-reads the key set; rebuilds only when something changed, then swaps the whole view at
   * once (documents, ETags and signer never mix two key sets). Concurrent calls share one read,
   * and a call during a read causes one more read (so a change notified mid-read is not missed).
   */
  refresh(): Promise<void> {
    if (this.#refreshing !== undefined) {
      this.#again = true;
      return this.#refreshing;
    }
    this.#refreshing = (async () => {
      try {
        do {
          this.#again = false;
          await this.#load();
        } while (this.#again);
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }

  async #load(): Promise<void> {
    const readAt = this.#clock();
    const keys = await this.#store.listKeys();
    const fingerprint = keys
      .map(
        (k) =>
          `${k.id}:${k.state}:${k.publishedAt?.getTime() ?? ''}:${k.activatedAt?.getTime() ?? ''}:${k.publishUntil?.getTime() ?? ''}`,
      )
      .join('|');
    if (fingerprint !== this.#fingerprint || this.#issuers === undefined) {
      const built = {} as Record<IssuerVersion, IssuerKeys>;
      for (const issuer of ISSUERS) {
        built[issuer] = await this.#build(
          issuer,
          keys.filter((k) => k.issuer === issuer),
          readAt,
        );
      }
      this.#issuers = built;
      this.#fingerprint = fingerprint;
    }
    this.#viewAsOf = Math.max(this.#viewAsOf, readAt);
  }

  /**
   * Keeps the view fresh: refresh on every change notification (LISTEN/NOTIFY or in-process) and
   * every `pollMs` as a fallback for a lost notification or LISTEN connection.
   */
  start(pollMs: number, onError: (error: unknown) => void): void {
    if (this.#poll !== undefined) return;
    const refresh = () => {
      this.refresh().catch(onError);
    };
    this.#unsubscribe = this.#store.onKeysChanged(refresh);
    this.#poll = setInterval(refresh, pollMs);
    this.#poll.unref();
  }

  async stop(): Promise<void> {
    if (this.#poll !== undefined) clearInterval(this.#poll);
    this.#poll = undefined;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    await this.#refreshing?.catch(() => undefined);
  }

  /** Re-reads first when the view is older than half the replica lag (a signer must be fresh). */
  async ensureFresh(issuer: IssuerVersion): Promise<void> {
    if (this.#clock() - this.#viewAsOf > this.#settings[issuer].replicaLagMs / 2) {
      await this.refresh();
    }
  }

  /**
   * The one key question of a mint: which signer may sign a token of this lifetime now, and its
   * `iat`/`exp`. Reads the store first when the view is stale; applies the rotation model's
   * latest expiry (a token never outlives its key's publication, and is never shortened
   * silently). Refusals are 503 `no_signing_key` with Retry-After.
   */
  async signingGrant(
    issuer: IssuerVersion,
    lifetime: number | ((iat: number) => number),
  ): Promise<{ signer: Signer; iat: number; exp: number }> {
    await this.ensureFresh(issuer);
    const keys = this.get(issuer);
    const signer = keys.signer;
    const key = keys.signingKey;
    if (signer === undefined || key === undefined) {
      throw noSigningKey(`The ${issuer} issuer has no signing key.`);
    }
    // iat is the server's clock, never ahead of it; the token is valid from iat.
    const now = this.#clock();
    const iat = Math.floor(now / 1000);
    // A function of iat: a run's token fits its deadline from the very second it is issued.
    const exp = iat + (typeof lifetime === 'number' ? lifetime : lifetime(iat));
    let latestExp: number;
    try {
      latestExp = maxTokenExpiry(key, this.#settings[issuer], now, this.#viewAsOf);
    } catch (error) {
      if (!(error instanceof RotationError)) throw error;
      throw noSigningKey(`The ${issuer} signing key may not sign now: ${error.message}.`);
    }
    if (exp * 1000 > latestExp) {
      throw noSigningKey(
        `The ${issuer} signing key leaves the JWKS before this token would expire (latest exp ${new Date(latestExp).toISOString()}); retry once the next key signs, or ask for a shorter duration.`,
      );
    }
    return { signer, iat, exp };
  }

  settings(issuer: IssuerVersion): RotationSettings {
    return this.#settings[issuer];
  }

  get(issuer: IssuerVersion): IssuerKeys {
    const keys = this.#issuers?.[issuer];
    if (keys === undefined)
      throw new IssuerError('no_signing_key', 'The key set is not loaded yet.');
    return keys;
  }

  /** The keys as listed by the admin API: every key that is or was published, newest first. */
  listKeys(): Promise<SigningKeyRecord[]> {
    return this.#store.listKeys();
  }

  async #build(issuer: IssuerVersion, keys: SigningKeyRecord[], now: number): Promise<IssuerKeys> {
    const published = publishedRecords(keys);
    const verificationKeys = new Map<string, VerificationKey>();
    for (const record of published) {
      const key = (await importJWK(
        JSON.parse(record.publicJwk),
        record.alg,
      )) as webcrypto.CryptoKey;
      verificationKeys.set(record.kid, { alg: record.alg, key });
    }
    const current = keys.find((k) => k.state === 'current');
    let signer: Signer | undefined;
    if (current !== undefined) {
      const privateJwk = decryptPrivateJwk(this.#kek, current);
      const cryptoKey = (await importJWK(privateJwk, current.alg, {
        extractable: false,
      })) as webcrypto.CryptoKey;
      signer = new LocalSigner(cryptoKey, JSON.parse(current.publicJwk) as PublicJwk);
    }
    const documents = publishedDocuments(issuer, keys, now, {
      urls: this.#urls,
      claimNamespace: this.#claimNamespace,
      settings: this.#settings[issuer],
    });
    return {
      signer,
      signingKey: current === undefined ? undefined : toRotationKey(current),
      activatedAt: current?.activatedAt?.getTime(),
      verificationKeys,
      ...documents,
    };
  }
}

function noSigningKey(message: string): IssuerError {
  return new IssuerError('no_signing_key', message, { headers: { 'Retry-After': '30' } });
}
