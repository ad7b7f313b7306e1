import { createHash, randomBytes } from 'node:crypto';
import type { AuditEvents, Caller } from '../audit/events.js';
import type { Clock } from '../clock.js';
import type { SessionLimits } from '../config/config.js';
import { IssuerError } from '../errors.js';
import type { AdminRole, SessionRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { AdminCredentialService, AdminPrincipal } from './admin-credentials.js';
import { WWW_AUTHENTICATE } from './authenticator.js';
import { hashesEqual } from './secrets.js';

/** Activity is written at most this often, so a busy console does not write on every call. */
export const TOUCH_INTERVAL_MS = 60_000;

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** A session as the API shows it (the id is never in a body). */
export interface SessionView {
  admin: string;
  /** The role of the credential that signed in (the session acts with it). */
  role: AdminRole;
  createdAt: string;
  idleExpiresAt: string;
  expiresAt: string;
  idleTimeoutSeconds: number;
  absoluteTimeoutSeconds: number;
}

function hashSessionId(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex');
}

function sessionRefused(detail: string): IssuerError {
  return new IssuerError('unauthorized', detail, {
    headers: { 'WWW-Authenticate': WWW_AUTHENTICATE },
  });
}

/**
 * Console sessions: an admin key exchanged for a random 256-bit id that only the browser's
 * HttpOnly cookie holds; the store keeps its hash. Idle and absolute timeouts are checked
 * against the injected clock on every use; the admin credential must still be active too (not
 * revoked, not expired), and the session acts with its role, read again on every use.
 */
export class SessionService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #limits: SessionLimits;
  readonly #events: AuditEvents;
  readonly #credentials: AdminCredentialService;

  constructor(
    store: Store,
    clock: Clock,
    limits: SessionLimits,
    events: AuditEvents,
    credentials: AdminCredentialService,
  ) {
    this.#store = store;
    this.#clock = clock;
    this.#limits = limits;
    this.#events = events;
    this.#credentials = credentials;
  }

  /** Starts a session for an authenticated admin key; returns the cookie's id once. */
  async create(
    admin: {
      name: string;
      role: AdminRole;
      keyHash: string;
    },
    caller: Caller,
  ): Promise<{ id: string; view: SessionView }> {
    const now = this.#clock();
    await this.#store.deleteExpiredSessions(new Date(now));
    const id = randomBytes(32).toString('base64url');
    const record: SessionRecord = {
      idHash: hashSessionId(id),
      adminKeyHash: admin.keyHash,
      adminName: admin.name,
      createdAt: new Date(now),
      lastSeenAt: new Date(now),
      expiresAt: new Date(now + this.#limits.absoluteTimeoutMs),
    };
    await this.#store.insertSession(record);
    await this.#events.record(
      {
        type: 'admin.signed_in',
        actor: caller.actor,
        detail: { expiresAt: record.expiresAt.toISOString() },
      },
      caller,
    );
    return { id, view: this.view(record, admin.role) };
  }

  /**
   * The live session of a cookie value, or 401. Ends (deletes) a session found expired, or
   * whose credential is revoked, expired or replaced.
   */
  async resolve(id: string): Promise<{ record: SessionRecord; principal: AdminPrincipal }> {
    if (!SESSION_ID.test(id))
      throw sessionRefused('The session cookie is not one this issuer set.');
    const idHash = hashSessionId(id);
    const session = await this.#store.findSession(idHash);
    if (session === undefined || !hashesEqual(session.idHash, idHash)) {
      throw sessionRefused('The session is unknown or signed out; sign in again.');
    }
    const now = this.#clock();
    const idleEnd = session.lastSeenAt.getTime() + this.#limits.idleTimeoutMs;
    if (now >= session.expiresAt.getTime() || now >= idleEnd) {
      await this.#store.deleteSession(idHash);
      throw sessionRefused('The session has expired; sign in again.');
    }
    const admin = await this.#store.findAdminKeyByHash(session.adminKeyHash);
    const admitted = admin === undefined ? 'replaced' : await this.#credentials.admit(admin);
    if (typeof admitted === 'string') {
      await this.#store.deleteSession(idHash);
      throw sessionRefused(
        `The admin credential of this session ${admitted === 'expired' ? 'has expired' : `was ${admitted}`}; sign in again.`,
      );
    }
    if (now - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
      await this.#store.touchSession(idHash, new Date(now));
      session.lastSeenAt = new Date(now);
    }
    return { record: session, principal: admitted };
  }

  /** Ends the session of a cookie value; false when there was none. */
  async end(id: string): Promise<boolean> {
    if (!SESSION_ID.test(id)) return false;
    return this.#store.deleteSession(hashSessionId(id));
  }

  view(session: SessionRecord, role: AdminRole): SessionView {
    const idleEnd = Math.min(
      session.lastSeenAt.getTime() + this.#limits.idleTimeoutMs,
      session.expiresAt.getTime(),
    );
    return {
      admin: session.adminName,
      role,
      createdAt: session.createdAt.toISOString(),
      idleExpiresAt: new Date(idleEnd).toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      idleTimeoutSeconds: Math.round(this.#limits.idleTimeoutMs / 1000),
      absoluteTimeoutSeconds: Math.round(this.#limits.absoluteTimeoutMs / 1000),
    };
  }
}
