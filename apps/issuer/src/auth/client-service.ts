import { ClaimsError, parseDuration } from '@runid/claims';
import type { Schemas } from '@runid/contract';
import type { AuditEvents, Caller } from '../audit/events.js';
import type { Clock } from '../clock.js';
import { IssuerError } from '../errors.js';
import type { ClientRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { Grant } from './grants.js';
import { generateApiKey, hashApiKey, randomId } from './secrets.js';

export type Client = Schemas['Client'];
export type CreatedClient = Schemas['CreatedClient'];

/** API clients: created with grants, listed, disabled. Shared by the admin API and the CLI. */
export class ClientService {
  readonly #store: Store;
  readonly #clock: Clock;

  readonly #onDisable: (id: string) => void;
  readonly #events: AuditEvents;

  constructor(store: Store, clock: Clock, onDisable: (id: string) => void, events: AuditEvents) {
    this.#store = store;
    this.#clock = clock;
    this.#onDisable = onDisable;
    this.#events = events;
  }

  /** `request` has been checked against the contract (route step `validBody`, or the CLI). */
  async create(request: Schemas['CreateClientRequest'], caller: Caller): Promise<CreatedClient> {
    for (const [index, grant] of request.grants.entries()) checkMaxDuration(grant, index);
    const key = generateApiKey('client');
    const record: ClientRecord = {
      id: randomId('cl'),
      name: request.name,
      keyHash: hashApiKey(key),
      grants: request.grants,
      disabled: false,
      createdAt: new Date(this.#clock()),
      disabledAt: null,
    };
    try {
      await this.#store.insertClient(record);
    } catch (error) {
      if (error instanceof IssuerError && error.code === 'conflict') {
        throw new IssuerError('conflict', `A client named '${request.name}' exists already.`, {
          cause: error,
        });
      }
      throw error;
    }
    // The answer (the key, shown once) waits for the event: no client exists unrecorded.
    await this.#events.record(
      {
        type: 'client.created',
        actor: caller.actor,
        target: { type: 'client', id: record.id },
        detail: { name: record.name, grants: request.grants },
      },
      caller,
    );
    const { disabledAt: _unused, ...client } = toClient(record);
    return { ...client, key };
  }

  async list(): Promise<Client[]> {
    return (await this.#store.listClients()).map(toClient);
  }

  async get(id: string): Promise<Client> {
    const record = await this.#store.getClient(id);
    if (record === undefined) throw new IssuerError('not_found', 'No client with this id.');
    return toClient(record);
  }

  async disable(id: string, caller: Caller): Promise<Client> {
    const now = this.#clock();
    const record = await this.#store.disableClient(id, new Date(now));
    this.#onDisable(id);
    if (record === undefined) throw new IssuerError('not_found', 'No client with this id.');
    await this.#events.record(
      {
        type: 'client.disabled',
        actor: caller.actor,
        target: { type: 'client', id },
        detail: { name: record.name, alreadyDisabled: record.disabledAt?.getTime() !== now },
      },
      caller,
    );
    return toClient(record);
  }
}

function checkMaxDuration(grant: Grant, index: number): void {
  if (grant.maxDuration === undefined) return;
  try {
    if (parseDuration(grant.maxDuration) > 0) return;
  } catch (error) {
    if (!(error instanceof ClaimsError)) throw error;
  }
  throw new IssuerError('invalid_request', 'A grant has an invalid maxDuration.', {
    errors: [
      {
        path: `grants[${index}].maxDuration`,
        code: 'invalid_format',
        message: 'maxDuration must be a positive duration like 15m or 1h',
      },
    ],
  });
}

function toClient(record: ClientRecord): Client {
  return {
    id: record.id,
    name: record.name,
    grants: record.grants as Grant[],
    disabled: record.disabled,
    createdAt: record.createdAt.toISOString(),
    ...(record.disabledAt !== null && { disabledAt: record.disabledAt.toISOString() }),
  };
}
