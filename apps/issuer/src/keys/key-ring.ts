import type { webcrypto } from 'node:crypto';
import { importJWK } from 'jose';
import type { Clock } from '../clock.js';
import { IssuerError } from '../errors.js';
import { type StaticDocument, staticDocument } from '../http/static-document.js';
import type { IssuerVersion, SigningKeyRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { decryptPrivateJwk, ISSUERS } from './ensure-keys.js';
import type { IssuerUrls } from './issuer-urls.js';
import type { PublicJwk } from './public-jwk.js';
import { LocalSigner, type Signer } from './signer.js';

/** What one issuer publishes and signs with, computed once per key-set change. */
export interface IssuerKeys {
  readonly signer: Signer | undefined;
  /** When the signing key leaves the JWKS (planned); no token may expire after it. */
  readonly signerPublishUntil: number | undefined;
  readonly activatedAt: number | undefined;
  readonly jwks: StaticDocument;
  readonly discovery: StaticDocument;
}

const STANDARD_CLAIMS = ['iss', 'sub', 'aud', 'iat', 'nbf', 'exp', 'jti'];
const V1_CLAIMS = [
  'org',
  'project',
  'stack',
  'stackId',
  'operation',
  'deployment',
  'scope',
  'current_env',
  'root_env',
  'trigger_user',
  'env',
];
const V2_CLAIMS = [
  'org',
  'org_id',
  'current_env',
  'current_env_id',
  'root_env',
  'root_env_id',
  'actor',
  'actor_id',
];

/**
 * The in-memory view of the key set: imported CryptoKeys and serialised documents. Rebuilt only
 * when the stored key set changes, so minting and discovery do no per-request key work.
 */
export class KeyRing {
  readonly #store: Store;
  readonly #kek: Buffer;
  readonly #urls: IssuerUrls;
  readonly #claimNamespace: string;
  #fingerprint = '';
  #issuers: Record<IssuerVersion, IssuerKeys> | undefined;

  constructor(options: {
    store: Store;
    kek: Buffer;
    urls: IssuerUrls;
    claimNamespace: string;
    clock: Clock;
  }) {
    this.#store = options.store;
    this.#kek = options.kek;
    this.#urls = options.urls;
    this.#claimNamespace = options.claimNamespace;
  }

  /** Re-reads the key set; rebuilds only when something changed. */
  async refresh(): Promise<void> {
    const keys = await this.#store.listKeys();
    const fingerprint = keys
      .map((k) => `${k.id}:${k.state}:${k.publishUntil?.getTime() ?? ''}`)
      .join('|');
    if (fingerprint === this.#fingerprint && this.#issuers !== undefined) return;
    const built = {} as Record<IssuerVersion, IssuerKeys>;
    for (const issuer of ISSUERS)
      built[issuer] = await this.#build(
        issuer,
        keys.filter((k) => k.issuer === issuer),
      );
    this.#issuers = built;
    this.#fingerprint = fingerprint;
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

  async #build(issuer: IssuerVersion, keys: SigningKeyRecord[]): Promise<IssuerKeys> {
    // Newest first, so relying parties see the next key before older ones; at most five.
    const published = keys
      .filter((k) => k.state === 'next' || k.state === 'current' || k.state === 'retired')
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .slice(0, 5);
    const jwks: PublicJwk[] = published.map((k) => JSON.parse(k.publicJwk) as PublicJwk);
    const current = keys.find((k) => k.state === 'current');
    let signer: Signer | undefined;
    if (current !== undefined) {
      const privateJwk = decryptPrivateJwk(this.#kek, current);
      const cryptoKey = (await importJWK(privateJwk, current.alg, {
        extractable: false,
      })) as webcrypto.CryptoKey;
      signer = new LocalSigner(cryptoKey, JSON.parse(current.publicJwk) as PublicJwk);
    }
    const algs = [...new Set(published.map((k) => k.alg))].sort();
    const iss = this.#urls.iss[issuer];
    const custom =
      issuer === 'v1' ? V1_CLAIMS : V2_CLAIMS.map((c) => `${this.#claimNamespace}${c}`);
    return {
      signer,
      signerPublishUntil: current?.publishUntil?.getTime(),
      activatedAt: current?.activatedAt?.getTime(),
      jwks: staticDocument({ keys: jwks }),
      discovery: staticDocument({
        issuer: iss,
        jwks_uri: this.#urls.jwksUri[issuer],
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: algs.length > 0 ? algs : ['RS256'],
        claims_supported: [...STANDARD_CLAIMS, ...custom],
      }),
    };
  }
}
