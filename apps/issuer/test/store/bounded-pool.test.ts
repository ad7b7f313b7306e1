import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { boundedPool } from '../../src/store/bounded-pool.js';

/** A pool whose connect() answers when the test says: a handshake that takes its time. */
function slowPool() {
  const releases: unknown[] = [];
  const waiting: Array<(client: pg.PoolClient) => void> = [];
  const client = (name: string) =>
    ({
      name,
      query: async (config: pg.QueryConfig) => {
        if (config.text === 'fail') throw new Error('connection reset');
        return { rows: [{ name }] };
      },
      release: (error?: unknown) => releases.push(error ?? 'returned'),
    }) as unknown as pg.PoolClient;
  const pool = {
    connect: () => new Promise<pg.PoolClient>((resolve) => waiting.push(resolve)),
    end: async () => undefined,
  } as unknown as pg.Pool;
  return { pool, releases, waiting, client };
}

describe('boundedPool: the acquire bound apart from the handshake', () => {
  it('a request gives up at the acquire bound; the connection arriving later goes back to the pool', async () => {
    const { pool, releases, waiting, client } = slowPool();
    const bounded = boundedPool(pool, 50);
    const started = Date.now();
    await expect(bounded.connect()).rejects.toThrow('timeout exceeded when trying to connect');
    expect(Date.now() - started).toBeLessThan(1_000);
    // The handshake was not cut: it completes after the request left, and is kept, not destroyed.
    waiting.shift()?.(client('late'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(releases).toEqual(['returned']);
  });

  it('a connection in time is the caller’s; query() releases it, or removes it after an error', async () => {
    const { pool, releases, waiting, client } = slowPool();
    const bounded = boundedPool(pool, 1_000);
    const connected = bounded.connect();
    waiting.shift()?.(client('a'));
    const c = await connected;
    expect(releases).toEqual([]);
    c.release();

    const ok = bounded.query({ text: 'select 1' });
    await new Promise((resolve) => setImmediate(resolve));
    waiting.shift()?.(client('b'));
    expect((await ok).rows).toEqual([{ name: 'b' }]);

    const failed = bounded.query({ text: 'fail' });
    await new Promise((resolve) => setImmediate(resolve));
    waiting.shift()?.(client('c'));
    await expect(failed).rejects.toThrow('connection reset');
    expect(releases.slice(0, 2)).toEqual(['returned', 'returned']);
    expect(releases[2]).toBeInstanceOf(Error);
  });
});
