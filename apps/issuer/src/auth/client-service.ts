import type { Schemas } from '@runid/contract';
import type { AuditEvents, Caller, NewAuditEvent } from '../audit/events.js';
import type { Clock } from '../clock.js';
import { IssuerError } from '../errors.js';
import type { ClientFields, ClientKeyRecord, ClientRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { checkGrants, keyExpiry, MAX_VALID_KEYS, rotationOverlapMs } from './client-key-policy.js';
import type { Grant } from './grants.js';
import { generateApiKey, hashApiKey, randomId } from './secrets.js';

export type Client = Schemas['Client'];
export type CreatedClient = Schemas['CreatedClient'];
export type ClientKey = Schemas['ClientKey'];
export type RotatedClientKey = Schemas['RotatedClientKey'];

/**
 * API clients: created with grants and a key, listed, keys rotated and revoked, grants replaced,
 * disabled and re-enabled. A disabled client keeps its name: re-enabling is how the name is used
 * again (a freed name could be taken by a new client that the audit trail would confuse with the
 * old one). Shared by the admin API and the CLI.
 */
export class ClientService {
  readonly #store: Store;
  readonly #clock: Clock;
  /** Called after any change of a client or its keys (the authenticator's eviction). */
  readonly #onChange: (id: string) => void;
  readonly #events: AuditEvents;

  constructor(store: Store, clock: Clock, onChange: (id: string) => void, events: AuditEvents) {
    this.#store = store;
    this.#clock = clock;
    this.#onChange = onChange;
    this.#events = events;
  }

  /**
   * Records a change of the client, awaited: the answer waits for the event, so no change is
   * ever answered unrecorded (a failed write answers 503; the change itself stands).
   */
  #record(
    type: NewAuditEvent['type'],
    id: string,
    detail: Record<string, unknown>,
    caller: Caller,
  ): Promise<void> {
    return this.#events.record(
      { type, actor: caller.actor, target: { type: 'client', id }, detail },
      caller,
    );
  }

  /** `request` has been checked against the contract (route step `validBody`, or the CLI). */
  async create(request: Schemas['CreateClientRequest'], caller: Caller): Promise<CreatedClient> {
    checkGrants(request.grants);
    const now = this.#clock();
    const expiresAt = keyExpiry(request, now);
    const client: ClientFields = {
      id: randomId('cl'),
      name: request.name,
      grants: request.grants,
      disabled: false,
      createdAt: new Date(now),
      disabledAt: null,
    };
    const { key, record } = newKey(client.id, now, expiresAt);
    try {
      await this.#store.insertClient(client, record);
    } catch (error) {
      if (error instanceof IssuerError && error.code === 'conflict')
        throw await this.#nameTaken(request.name, error);
      throw error;
    }
    // The answer (the key, shown once) waits for the event: no client exists unrecorded.
    await this.#record(
      'client.created',
      client.id,
      {
        name: client.name,
        grants: request.grants,
        keyId: record.id,
        keyExpiresAt: expiresAt?.toISOString() ?? null,
      },
      caller,
    );
    return {
      id: client.id,
      name: client.name,
      key,
      keyId: record.id,
      ...(expiresAt !== null && { keyExpiresAt: expiresAt.toISOString() }),
      grants: request.grants,
      disabled: false,
      createdAt: client.createdAt.toISOString(),
    };
  }

  async #nameTaken(name: string, cause: IssuerError): Promise<IssuerError> {
    const holder = (await this.#store.listClients()).find((c) => c.name === name);
    if (holder?.disabled) {
      return new IssuerError(
        'conflict',
        `The disabled client ${holder.id} is named '${name}': a disabled client keeps its name. ` +
          `Re-enable it (POST /api/v1/admin/clients/${holder.id}/enable, or ` +
          `\`runid-issuer clients enable ${holder.id}\`) and rotate its key, or choose another name.`,
        { cause },
      );
    }
    return new IssuerError('conflict', `A client named '${name}' exists already.`, { cause });
  }

  async list(): Promise<Client[]> {
    const now = this.#clock();
    return (await this.#store.listClients()).map((c) => toClient(c, now));
  }

  async get(id: string): Promise<Client> {
    return toClient(found(await this.#store.getClient(id)), this.#clock());
  }

  async disable(id: string, caller: Caller): Promise<Client> {
    const now = this.#clock();
    const record = found(await this.#store.disableClient(id, new Date(now)));
    this.#onChange(id);
    await this.#record(
      'client.disabled',
      id,
      { name: record.name, alreadyDisabled: record.disabledAt?.getTime() !== now },
      caller,
    );
    return toClient(record, now);
  }

  async enable(id: string, caller: Caller): Promise<Client> {
    const result = await this.#store.enableClient(id);
    this.#onChange(id);
    const { client, changed } = found(result);
    await this.#record(
      'client.enabled',
      id,
      { name: client.name, alreadyEnabled: !changed },
      caller,
    );
    return toClient(client, this.#clock());
  }

  /** Replaces the grants as a whole (`grants` checked against the contract). */
  async replaceGrants(id: string, grants: Grant[], caller: Caller): Promise<Client> {
    checkGrants(grants);
    const result = await this.#store.replaceClientGrants(id, grants);
    this.#onChange(id);
    const { previous, client } = found(result);
    await this.#record(
      'client.grants_changed',
      id,
      { name: client.name, before: previous, after: grants },
      caller,
    );
    return toClient(client, this.#clock());
  }

  /**
   * Issues a new key; every key valid now expires after the overlap (earlier expiries kept).
   * `request` has been checked against the contract.
   */
  async rotateKey(
    id: string,
    request: Schemas['RotateClientKeyRequest'],
    caller: Caller,
  ): Promise<RotatedClientKey> {
    const now = this.#clock();
    const overlapMs = rotationOverlapMs(request.overlap);
    const expiresAt = keyExpiry(request, now);
    const { key, record } = newKey(id, now, expiresAt);
    const result = await this.#store.rotateClientKey({
      clientId: id,
      key: record,
      oldKeysExpireAt: new Date(now + overlapMs),
      at: new Date(now),
      maxValidKeys: MAX_VALID_KEYS,
    });
    // Evicted whatever the answer: a cached principal must not outlive the old keys' new expiry.
    this.#onChange(id);
    if (result === 'not_found') throw notFound();
    if (result === 'too_many_keys') {
      throw new IssuerError(
        'conflict',
        `The client holds ${MAX_VALID_KEYS} valid keys already; revoke one or rotate with overlap 0. Nothing was changed.`,
      );
    }
    await this.#record(
      'client.key_rotated',
      id,
      {
        name: result.name,
        keyId: record.id,
        keyExpiresAt: expiresAt?.toISOString() ?? null,
        overlapSeconds: overlapMs / 1000,
        // The keys the overlap ends, with the expiry each has now.
        previousKeys: result.keys
          .filter((k) => k.id !== record.id && k.revokedAt === null && k.expiresAt !== null)
          .filter((k) => (k.expiresAt as Date).getTime() >= now)
          .map((k) => ({ id: k.id, expiresAt: k.expiresAt?.toISOString() })),
      },
      caller,
    );
    return {
      clientId: id,
      keyId: record.id,
      key,
      createdAt: record.createdAt.toISOString(),
      ...(expiresAt !== null && { expiresAt: expiresAt.toISOString() }),
      keys: result.keys.map((k) => toClientKey(k, now)),
    };
  }

  async revokeKey(id: string, keyId: string, caller: Caller): Promise<Client> {
    const now = this.#clock();
    const record = await this.#store.revokeClientKey(id, keyId, new Date(now));
    this.#onChange(id);
    if (record === undefined) {
      throw new IssuerError('not_found', 'No client with this id has a key with this id.');
    }
    const revokedAt = record.keys.find((k) => k.id === keyId)?.revokedAt;
    await this.#record(
      'client.key_revoked',
      id,
      { name: record.name, keyId, alreadyRevoked: revokedAt?.getTime() !== now },
      caller,
    );
    return toClient(record, now);
  }
}

function newKey(
  clientId: string,
  now: number,
  expiresAt: Date | null,
): { key: string; record: ClientKeyRecord } {
  const key = generateApiKey('client');
  return {
    key,
    record: {
      id: randomId('ck'),
      clientId,
      keyHash: hashApiKey(key),
      createdAt: new Date(now),
      expiresAt,
      revokedAt: null,
    },
  };
}

function notFound(): IssuerError {
  return new IssuerError('not_found', 'No client with this id.');
}

function found<T>(value: T | undefined): T {
  if (value === undefined) throw notFound();
  return value;
}

export function toClientKey(key: ClientKeyRecord, now: number): ClientKey {
  const status: ClientKey['status'] =
    key.revokedAt !== null
      ? 'revoked'
      : key.expiresAt !== null && key.expiresAt.getTime() <= now
        ? 'expired'
        : 'active';
  return {
    id: key.id,
    status,
    createdAt: key.createdAt.toISOString(),
    ...(key.expiresAt !== null && { expiresAt: key.expiresAt.toISOString() }),
    ...(key.revokedAt !== null && { revokedAt: key.revokedAt.toISOString() }),
  };
}

function toClient(record: ClientRecord, now: number): Client {
  return {
    id: record.id,
    name: record.name,
    grants: record.grants as Grant[],
    disabled: record.disabled,
    createdAt: record.createdAt.toISOString(),
    ...(record.disabledAt !== null && { disabledAt: record.disabledAt.toISOString() }),
    keys: record.keys.map((k) => toClientKey(k, now)),
  };
}
