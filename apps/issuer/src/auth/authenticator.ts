import { type Clock, systemClock } from '../clock.js';
import { IssuerError } from '../errors.js';
import type { ClientFields } from '../store/records.js';
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

interface CachedPrincipal {
  readonly principal: Principal;
  /** The key's expiry (ms), or Infinity: a cached key is never served past it. */
  readonly until: number;
}

/**
 * Turns an Authorization header into a principal, or a 401. Never logs or echoes the key.
 *
 * On the embedded store every write goes through this process (the data directory is locked),
 * so known client keys are cached — keyed by hash, never the key — each until its key's expiry by
 * the injected clock, and a change of the client (disable, grants, a key revoked or rotated) evicts
 * at once. With PostgreSQL another replica may change a client, so every request asks the store
 * (whose own cache a change clears on every replica through NOTIFY; the expiry is checked here
 * each time). Admin credentials are never cached
 * here: each request reads the record and checks revocation and expiry against the clock.
 */
export class Authenticator {
  readonly #store: Store;
  readonly #credentials: AdminCredentialService;
  readonly #clock: Clock;
  readonly #cache: Map<string, CachedPrincipal> | undefined;
  /**
   * Principals by the store's record object: the PostgreSQL store serves a cached record for up
   * to a second, and compiling its grants (globs to regexes) on every request showed in the
   * mint profile. A re-read record is a new object, so nothing outlives the store's own bound.
   */
  readonly #compiled = new WeakMap<object, ClientPrincipal>();

  constructor(
    store: Store,
    credentials: AdminCredentialService,
    options: { cache?: boolean; clock?: Clock } = {},
  ) {
    this.#store = store;
    this.#credentials = credentials;
    this.#clock = options.clock ?? systemClock;
    this.#cache = options.cache ? new Map() : undefined;
  }

  /** Forgets the client's cached principals (after any change of the client or its keys). */
  evict(id: string): void {
    if (this.#cache === undefined) return;
    for (const [hash, cached] of this.#cache) {
      if (cached.principal.id === id) this.#cache.delete(hash);
    }
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
    if (cached !== undefined) {
      if (this.#clock() < cached.until) return cached.principal;
      this.#cache?.delete(hash);
    }
    const { principal, until } = await this.#lookupClient(hash);
    if (this.#cache !== undefined) {
      if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
      this.#cache.set(hash, { principal, until });
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

  async #lookupClient(hash: string): Promise<CachedPrincipal> {
    const found = await this.#store.findClientByKeyHash(hash);
    if (found === undefined || !hashesEqual(found.key.keyHash, hash) || found.client.disabled) {
      throw unauthorized('The key is unknown or disabled.');
    }
    const { client, key } = found;
    if (key.revokedAt !== null) throw unauthorized('The key was revoked.');
    const until = key.expiresAt === null ? Infinity : key.expiresAt.getTime();
    if (this.#clock() >= until) throw unauthorized('The key has expired.');
    return { principal: this.#compile(client), until };
  }

  /**
   * The client that created a run, as a principal with its grants as they are now, or undefined
   * when it is gone or disabled: a run's tokens stay inside its creator's current grants.
   */
  async clientById(id: string): Promise<ClientPrincipal | undefined> {
    const client = await this.#store.getClientFields(id);
    if (client === undefined || client.disabled) return undefined;
    return this.#compile(client);
  }

  #compile(client: ClientFields): ClientPrincipal {
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
