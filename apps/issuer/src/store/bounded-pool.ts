import type pg from 'pg';

/**
 * A new connection's handshake may take this long (or the acquire bound, if longer) before it is
 * abandoned; a request waits for a connection only the acquire bound.
 */
export const HANDSHAKE_TIMEOUT_MS = 5_000;

/** What Kysely's dialect and the audit INSERT need of the pool. */
export interface BoundedPool {
  connect(): Promise<pg.PoolClient>;
  query(config: pg.QueryConfig): Promise<pg.QueryResult>;
  end(): Promise<void>;
}

/**
 * The pool with the request's wait bounded apart from the handshake. pg-pool uses one
 * `connectionTimeoutMillis` for both, so a server that needs more than the acquire bound to
 * accept a connection (a loaded machine after a reset storm: 20 backends starting at once) has
 * every handshake killed just before it completes, and no connection ever gets through — the
 * fault suite measured recoveries of 3–9 s and none at all within 10 s (the issuer README,
 * Faults). Here the pool gives handshakes `handshakeMs`; a request gives up after `acquireMs`
 * (the same error as pg-pool's), and a connection that arrives for it later goes back to the
 * pool for the next request instead of being thrown away.
 */
export function boundedPool(pool: pg.Pool, acquireMs: number): BoundedPool {
  const connect = (): Promise<pg.PoolClient> =>
    new Promise<pg.PoolClient>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(new Error('timeout exceeded when trying to connect'));
      }, acquireMs);
      pool.connect().then(
        (client) => {
          if (settled) client.release();
          else {
            settled = true;
            clearTimeout(timer);
            resolve(client);
          }
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  return {
    connect,
    async query(config) {
      const client = await connect();
      try {
        const result = await client.query(config);
        client.release();
        return result;
      } catch (error) {
        // As pg-pool's own query(): a failed client is removed, not reused.
        client.release(error instanceof Error ? error : true);
        throw error;
      }
    },
    end: () => pool.end(),
  };
}
