import { parseDurationMs } from '@runid/claims';
import type { Schemas } from '@runid/contract';
import { type AuditEvents, actorOf, systemActor } from '../audit/events.js';
import { NO_REQUEST, type RequestContext } from '../audit/request-context.js';
import type { Clock } from '../clock.js';
import { IssuerError } from '../errors.js';
import type { AdminKeyRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { Principal } from './principal.js';
import { generateApiKey, hashApiKey, randomId } from './secrets.js';

export type AdminCredential = Schemas['AdminCredential'];
export type CreatedAdminCredential = Schemas['CreatedAdminCredential'];
export type AdminCredentialState = Schemas['AdminCredentialState'];
export type AdminPrincipal = Extract<Principal, { type: 'admin' }>;

/** A credential's last use is written at most this often (per credential, across replicas). */
export const LAST_USE_INTERVAL_MS = 60_000;
const MIN_LIFETIME_MS = 60_000;
const MAX_LIFETIME_MS = 3650 * 86_400_000;
const MEMO_LIMIT = 10_000;

/** The name of the credential that RUNID_BOOTSTRAP_ADMIN_KEY (or the first start) sets. */
export const BOOTSTRAP_CREDENTIAL = 'bootstrap';

export function credentialState(record: AdminKeyRecord, now: number): AdminCredentialState {
  if (record.revokedAt !== null) return 'revoked';
  if (record.expiresAt !== null && record.expiresAt.getTime() <= now) return 'expired';
  return 'active';
}

/**
 * Admin credentials: created with a role (the key shown once, its hash stored), listed, read,
 * revoked; and the check every admin key and console session passes on each use (not revoked,
 * not expired) with its last use recorded at most once a minute.
 */
export class AdminCredentialService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #events: AuditEvents | undefined;
  readonly #onUseFailed: (error: unknown) => void;
  /** When this process last wrote (or saw written) each credential's use. */
  readonly #lastWritten = new Map<string, number>();

  constructor(
    store: Store,
    clock: Clock,
    options: { events?: AuditEvents; onUseFailed?: (error: unknown) => void } = {},
  ) {
    this.#store = store;
    this.#clock = clock;
    this.#events = options.events;
    this.#onUseFailed = options.onUseFailed ?? (() => undefined);
  }

  /** `request` has been checked against the contract (route step `validBody`). */
  async create(
    request: Schemas['CreateAdminCredentialRequest'],
    actor?: AdminPrincipal,
    context: RequestContext = NO_REQUEST,
  ): Promise<CreatedAdminCredential> {
    const now = this.#clock();
    const expiresAt = expiryOf(request, now);
    const key = generateApiKey('admin');
    const record: AdminKeyRecord = {
      id: randomId('adm'),
      name: request.name,
      keyHash: hashApiKey(key),
      role: request.role,
      createdAt: new Date(now),
      expiresAt,
      lastUsedAt: null,
      revokedAt: null,
    };
    try {
      await this.#store.insertAdminKey(record);
    } catch (error) {
      if (!(error instanceof IssuerError && error.code === 'conflict')) throw error;
      // Unique among active credentials: an expired one holding the name is revoked to free it.
      if (!(await this.#freeExpiredName(request.name, now, actor, context))) {
        throw new IssuerError(
          'conflict',
          `An admin credential named '${request.name}' exists already (revoke it first, or choose another name).`,
          { cause: error },
        );
      }
      await this.#store.insertAdminKey(record);
    }
    const { lastUsedAt: _never, revokedAt: _not, ...view } = toCredential(record, now);
    // Durable before the key is shown: no credential exists without its record.
    await this.#events?.record(
      {
        type: 'admin_credential.created',
        actor: actor === undefined ? systemActor('cli') : actorOf(actor),
        target: { type: 'admin_credential', id: record.id },
        detail: { name: view.name, role: view.role, expiresAt: view.expiresAt ?? null },
      },
      context,
    );
    return { ...view, key };
  }

  async list(): Promise<AdminCredential[]> {
    const now = this.#clock();
    return (await this.#store.listAdminKeys()).map((r) => toCredential(r, now));
  }

  async get(id: string): Promise<AdminCredential> {
    const record = await this.#store.getAdminKey(id);
    if (record === undefined) throw notFound();
    return toCredential(record, this.#clock());
  }

  async revoke(
    id: string,
    actor?: AdminPrincipal,
    context: RequestContext = NO_REQUEST,
  ): Promise<AdminCredential> {
    const now = this.#clock();
    const before = await this.#store.getAdminKey(id);
    const answer = await this.#store.revokeAdminKey(id, new Date(now));
    if (answer === 'not_found') throw notFound();
    const event = {
      type: 'admin_credential.revoked',
      actor: actor === undefined ? systemActor('cli') : actorOf(actor),
      target: { type: 'admin_credential', id },
      detail: { name: before?.name ?? null, role: before?.role ?? null },
    } as const;
    if (answer === 'last_admin') {
      this.#events?.note(
        { ...event, outcome: 'refused', reason: 'last_admin_credential' },
        context,
      );
      throw new IssuerError(
        'last_admin_credential',
        `'${before?.name ?? id}' is the last admin credential that is neither revoked nor expired; create another admin credential before revoking it, so the issuer keeps a way in.`,
      );
    }
    const credential = toCredential(answer, now);
    // Only the revoke that did it is recorded (a repeat answers the first time unchanged).
    if (before?.revokedAt === null && answer.revokedAt?.getTime() === now) {
      await this.#events?.record(event, context);
    }
    return credential;
  }

  /** Revokes the expired credential named `name`, if that is what holds it; true when it did. */
  async #freeExpiredName(
    name: string,
    now: number,
    actor: AdminPrincipal | undefined,
    context: RequestContext,
  ): Promise<boolean> {
    const holder = (await this.#store.listAdminKeys()).find(
      (k) => k.name === name && k.revokedAt === null,
    );
    if (holder === undefined || credentialState(holder, now) !== 'expired') return false;
    const answer = await this.#store.revokeAdminKey(holder.id, new Date(now));
    if (typeof answer === 'string') return false;
    await this.#events?.record(
      {
        type: 'admin_credential.revoked',
        actor: actor === undefined ? systemActor('cli') : actorOf(actor),
        target: { type: 'admin_credential', id: holder.id },
        detail: { name, role: holder.role, why: 'expired; its name was reused' },
      },
      context,
    );
    return true;
  }

  /**
   * The principal of the credential a key or a session names, or why not. Records the use when
   * the last one recorded is a minute old: one conditional UPDATE, awaited but never failing the
   * request (the credential was accepted; only the bookkeeping is late).
   */
  async admit(record: AdminKeyRecord): Promise<AdminPrincipal | 'revoked' | 'expired'> {
    const now = this.#clock();
    const state = credentialState(record, now);
    if (state !== 'active') return state;
    const seen = Math.max(
      record.lastUsedAt?.getTime() ?? Number.NEGATIVE_INFINITY,
      this.#lastWritten.get(record.id) ?? Number.NEGATIVE_INFINITY,
    );
    if (now - seen >= LAST_USE_INTERVAL_MS) {
      if (this.#lastWritten.size >= MEMO_LIMIT) this.#lastWritten.clear();
      this.#lastWritten.set(record.id, now);
      await this.#store
        .touchAdminKey(record.id, new Date(now), new Date(now - LAST_USE_INTERVAL_MS))
        .catch(this.#onUseFailed);
    }
    return { type: 'admin', id: record.id, name: record.name, role: record.role };
  }
}

function notFound(): IssuerError {
  return new IssuerError('not_found', 'No admin credential with this id.');
}

function invalid(path: string, message: string): IssuerError {
  return new IssuerError('invalid_request', `The request is invalid: ${message}`, {
    errors: [{ path, code: 'out_of_range', message }],
  });
}

/** `expiresIn` or `expiresAt` (not both) → the expiry, 1 minute to 3650 days ahead. */
function expiryOf(request: Schemas['CreateAdminCredentialRequest'], now: number): Date | null {
  if (request.expiresIn !== undefined && request.expiresAt !== undefined) {
    throw invalid('expiresAt', 'give expiresIn or expiresAt, not both');
  }
  if (request.expiresIn !== undefined) {
    const ms = parseDurationMs(request.expiresIn);
    if (ms === undefined || ms < MIN_LIFETIME_MS || ms > MAX_LIFETIME_MS) {
      throw invalid('expiresIn', 'expiresIn must be a duration from 1m to 3650d, e.g. 30d or 12h');
    }
    return new Date(now + ms);
  }
  if (request.expiresAt !== undefined) {
    const at = Date.parse(request.expiresAt);
    if (!Number.isFinite(at) || at - now < MIN_LIFETIME_MS || at - now > MAX_LIFETIME_MS) {
      throw invalid(
        'expiresAt',
        'expiresAt must be a time at least a minute and at most 3650 days ahead',
      );
    }
    return new Date(at);
  }
  return null;
}

export function toCredential(record: AdminKeyRecord, now: number): AdminCredential {
  return {
    id: record.id,
    name: record.name,
    role: record.role,
    state: credentialState(record, now),
    createdAt: record.createdAt.toISOString(),
    ...(record.expiresAt !== null && { expiresAt: record.expiresAt.toISOString() }),
    ...(record.lastUsedAt !== null && { lastUsedAt: record.lastUsedAt.toISOString() }),
    ...(record.revokedAt !== null && { revokedAt: record.revokedAt.toISOString() }),
  };
}
