import type {
  AdminKeyRecord,
  AuditQuery,
  AuditRecord,
  ClientRecord,
  IssuerVersion,
  KeyStateChange,
  SigningKeyRecord,
} from './records.js';

/** The key operations that must run under the key lock, in one transaction. */
export interface KeyTransaction {
  listKeys(issuer: IssuerVersion): Promise<SigningKeyRecord[]>;
  insertKey(key: SigningKeyRecord): Promise<void>;
  updateKey(id: string, change: KeyStateChange): Promise<void>;
}

/**
 * The store port. Two implementations share one Kysely schema (PGlite and PostgreSQL) and one
 * conformance suite. Failures of the backend surface as `IssuerError('store_unavailable')`.
 */
export interface Store {
  readonly backend: 'pglite' | 'postgres';
  ping(): Promise<void>;
  /** Runs `fn` in one transaction holding the issuer-wide key lock (one writer across replicas). */
  withKeyLock<T>(fn: (tx: KeyTransaction) => Promise<T>): Promise<T>;
  listKeys(): Promise<SigningKeyRecord[]>;

  insertClient(client: ClientRecord): Promise<void>;
  listClients(): Promise<ClientRecord[]>;
  getClient(id: string): Promise<ClientRecord | undefined>;
  disableClient(id: string, at: Date): Promise<ClientRecord | undefined>;
  findClientByKeyHash(hash: string): Promise<ClientRecord | undefined>;

  /** Creates or replaces the admin key with this name. */
  putAdminKey(key: AdminKeyRecord): Promise<void>;
  findAdminKeyByHash(hash: string): Promise<AdminKeyRecord | undefined>;
  countAdminKeys(): Promise<number>;

  /** Writes audit records in one statement: all or none. */
  insertAudit(records: readonly AuditRecord[]): Promise<void>;
  queryAudit(query: AuditQuery): Promise<AuditRecord[]>;
  countAudit(): Promise<number>;

  close(): Promise<void>;
}
