import { IssuerError } from '../errors.js';
import type { ClientRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { AdminCredentialService } from './admin-credentials.js';
import { parseBearer } from './bearer.js';
import { compileGrant, type Grant } from './grants.js';
import type { ClientPrincipal, Principal } from './principal.js';
import { apiKeyType, hashApiKey, hashesEqual } from './secrets.js';

export const WWW_AUTHENTICATE = 'Bearer realm="runid"';

function unauthorized(detail: string): IssuerError {
  return new IssuerError('unauthorized', detail, {
    headers: { 'WWW-Authenticate': WWW_AUTHENTICATE },
  });
}

const CACHE_LIMIT = 10_000;

/**
 * Turns an Authorization header into a principal, or a 401. Never logs or echoes the key.
 *
 * On the embedded store every write goes through this process (the data directory is locked),
 * so known client keys are cached — keyed by hash, never the key — and a disable evicts at once.
 * With PostgreSQL another replica may disable a client, so every request asks the store (whose
 * own cache a disable clears on every replica through NOTIFY). Admin credentials are never cached
 * here: each request reads the record and checks revocation and expiry against the clock.
 */
export class Authenticator {
  readonly #store: Store;
  readonly #credentials: AdminCredentialService;
  readonly #cache: Map<string, Principal> | undefined;
  /**
   * Principals by the store's record object: the PostgreSQL store serves a cached record for up
   * to a second, and compiling its grants (globs to regexes) on every request showed in the
   * mint profile. A re-read record is a new object, so nothing outlives the store's own bound.
   */
  readonly #compiled = new WeakMap<object, ClientPrincipal>();

  constructor(
    store: Store,
    credentials: AdminCredentialService,
    options: { cache?: boolean } = {},
  ) {
    this.#store = store;
    this.#credentials = credentials;
    this.#cache = options.cache ? new Map() : undefined;
  }

  /** Forgets cached principals (after a client is disabled). */
  evict(id: string): void {
    if (this.#cache === undefined) return;
    for (const [hash, principal] of this.#cache) if (principal.id === id) this.#cache.delete(hash);
  }

  async authenticate(header: string | undefined): Promise<Principal> {
    if (header === undefined)
      throw unauthorized('An API key is required: Authorization: Bearer <key>.');
    const key = parseBearer(header);
    const type = key === undefined ? undefined : apiKeyType(key);
    if (key === undefined || type === undefined) {
      throw unauthorized('The Authorization header must be `Bearer <key>` with a RunID key.');
    }
    const hash = hashApiKey(key);
    // Never cached: a run's end must stop its credential at once (the state is checked again
    // where it matters, in the transaction that records a token).
    if (type === 'run') return this.#lookupRun(hash);
    if (type === 'admin') return this.#lookupAdmin(hash);
    const cached = this.#cache?.get(hash);
    if (cached !== undefined) return cached;
    const principal = await this.#lookupClient(hash);
    if (this.#cache !== undefined) {
      if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
      this.#cache.set(hash, principal);
    }
    return principal;
  }

  async #lookupRun(hash: string): Promise<Principal> {
    const run = await this.#store.findRunByCredentialHash(hash);
    if (run === undefined || !hashesEqual(run.credentialHash, hash)) {
      throw unauthorized('The run credential is unknown.');
    }
    return { type: 'run', id: run.id, name: run.id, clientId: run.clientId, run };
  }

  async #lookupAdmin(hash: string): Promise<Principal> {
    const admin = await this.#store.findAdminKeyByHash(hash);
    if (admin === undefined || !hashesEqual(admin.keyHash, hash)) {
      throw unauthorized('The key is unknown or disabled.');
    }
    const admitted = await this.#credentials.admit(admin);
    if (admitted === 'revoked') throw unauthorized('The admin credential has been revoked.');
    if (admitted === 'expired') throw unauthorized('The admin credential has expired.');
    return admitted;
  }

  async #lookupClient(hash: string): Promise<Principal> {
    const client = await this.#store.findClientByKeyHash(hash);
    if (client === undefined || !hashesEqual(client.keyHash, hash) || client.disabled) {
      throw unauthorized('The key is unknown or disabled.');
    }
    return this.#compile(client);
  }

  /**
   * The client that created a run, as a principal with its grants as they are now, or undefined
   * when it is gone or disabled: a run's tokens stay inside its creator's current grants.
   */
  async clientById(id: string): Promise<ClientPrincipal | undefined> {
    const client = await this.#store.getClient(id);
    if (client === undefined || client.disabled) return undefined;
    return this.#compile(client);
  }

  #compile(client: ClientRecord): ClientPrincipal {
    const known = this.#compiled.get(client);
    if (known !== undefined) return known;
    const principal: ClientPrincipal = {
      type: 'client',
      id: client.id,
      name: client.name,
      grants: (client.grants as Grant[]).map(compileGrant),
    };
    this.#compiled.set(client, principal);
    return principal;
  }
}

/** Endpoint guards: the right kind of key for the endpoint, else 403 `forbidden`. */
export function requireType(principal: Principal, allowed: readonly Principal['type'][]): void {
  if (!allowed.includes(principal.type)) {
    if (principal.type === 'run') {
      throw new IssuerError(
        'run_credential_not_allowed',
        "A run credential may only mint the run's tokens (POST /api/v1/tokens) and finish it; use a client or admin key here.",
      );
    }
    throw new IssuerError(
      'forbidden',
      principal.type === 'admin'
        ? 'Admin keys cannot use this endpoint; use a client key.'
        : 'Client keys cannot use this endpoint; use an admin key.',
    );
  }
}
