import { ClaimsError, parseDuration } from '@runid/claims';
import type { Schemas } from '@runid/contract';
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

  constructor(store: Store, clock: Clock, onDisable: (id: string) => void = () => {}) {
    this.#store = store;
    this.#clock = clock;
    this.#onDisable = onDisable;
  }

  /** `request` has been checked against the contract (route step `validBody`, or the CLI). */
  async create(request: Schemas['CreateClientRequest']): Promise<CreatedClient> {
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

  async disable(id: string): Promise<Client> {
    const record = await this.#store.disableClient(id, new Date(this.#clock()));
    this.#onDisable(id);
    if (record === undefined) throw new IssuerError('not_found', 'No client with this id.');
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
