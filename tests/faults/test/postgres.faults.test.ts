import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultSuiteAvailable, PgCluster } from '../src/cluster.js';
import { IssuerProcess } from '../src/issuer-process.js';
import { createClientKey, jwks, MintLoad } from '../src/load.js';
import { TcpProxy } from '../src/proxy.js';
import {
  expectDocumentedAnswers,
  expectReadiness,
  expectUniqueJtis,
  probeReady,
  RECOVERY_BOUND_MS,
  readyAgain,
  recovered,
  sleep,
  summarise,
} from '../src/scenario.js';

/**
 * Two issuer replicas on one throwaway PostgreSQL cluster (through a TCP proxy we can cut), under
 * a steady mint load, while the database is stopped, killed, paused and its connections reset.
 */
describe.skipIf(!faultSuiteAvailable())('PostgreSQL faults under a steady mint load', () => {
  let cluster: PgCluster;
  let proxy: TcpProxy;
  let replicas: IssuerProcess[];
  let key: string;
  let jwksBefore: string[];
  const minted: string[] = [];

  beforeAll(async () => {
    cluster = await PgCluster.create();
    proxy = new TcpProxy(cluster.port);
    await proxy.listen();
    const databaseUrl = `postgres://postgres@127.0.0.1:${proxy.port}/postgres`;
    const first = await IssuerProcess.start({ DATABASE_URL: databaseUrl });
    const second = await IssuerProcess.start({ DATABASE_URL: databaseUrl });
    replicas = [first, second];
    key = await createClientKey(first.url);
    jwksBefore = await Promise.all(replicas.map((r) => jwks(r.url)));
    expect(jwksBefore[0]).toBe(jwksBefore[1]);
  });

  afterAll(async () => {
    for (const r of replicas ?? []) await r.kill();
    await proxy?.close();
    await cluster?.destroy();
  });

  async function underLoad(
    name: string,
    fault: () => Promise<void>,
    heal: () => Promise<void>,
    options: {
      holdMs?: number;
      allow?: Parameters<typeof expectDocumentedAnswers>[1];
      /** What /readyz of a live replica may answer during the fault (default: 503 only). */
      readyDuringFault?: number[];
    } = {},
  ): Promise<void> {
    const load = new MintLoad(() => replicas.map((r) => r.url), key, 150);
    load.start();
    await sleep(1_000);
    await fault();
    const holdMs = options.holdMs ?? 3_000;
    await sleep(Math.min(1_000, holdMs / 2));
    // Readiness during the fault, on every live replica, while the load goes on: bounded, never a hang.
    const live = replicas.filter((r) => r.alive);
    const readiness = await Promise.all(live.map((r) => probeReady(r.url)));
    await sleep(holdMs - Math.min(1_000, holdMs / 2) - Math.max(0, ...readiness.map((r) => r.ms)));
    await heal();
    const healed = Date.now();
    const recovery = await Promise.all(replicas.map((r) => recovered(r.url, key, healed)));
    const readyAfter = await Promise.all(replicas.map((r) => readyAgain(r.url, healed)));
    await sleep(1_000);
    await load.stop();
    const summary = summarise(load.answers);
    console.log(name, JSON.stringify({ ...summary, recoveryMs: recovery, readiness, readyAfter }));
    for (const r of replicas) expect(r.alive, `${r.url} died:\n${r.output}`).toBe(true);
    expect(summary.minted).toBeGreaterThan(100);
    expectDocumentedAnswers(load.answers, options.allow);
    for (const ms of recovery) expect(ms).toBeLessThan(RECOVERY_BOUND_MS);
    for (const r of readiness) expectReadiness(r, options.readyDuringFault ?? [503]);
    for (const ms of readyAfter) expect(ms).toBeLessThan(RECOVERY_BOUND_MS);
    const received = expectUniqueJtis(load.answers);
    // After recovery, in this scenario already: every token received has its row, keys intact.
    expect(await unaudited(received)).toEqual([]);
    expect(await Promise.all(replicas.map((r) => jwks(r.url)))).toEqual(jwksBefore);
    minted.push(...received);
  }

  /** The jtis of `received` that have no audit row (read from the cluster, not the issuer). */
  async function unaudited(received: string[]): Promise<string[]> {
    const db = new pg.Client({ connectionString: cluster.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ jti: string }>(
        'select jti from audit_tokens where jti = any($1::text[])',
        [received],
      );
      const audited = new Set(rows.map((r) => r.jti));
      return received.filter((jti) => !audited.has(jti));
    } finally {
      await db.end();
    }
  }

  it('survives connections reset through the proxy, repeatedly', async () => {
    let resets = 0;
    let timer: NodeJS.Timeout | undefined;
    let last = Promise.resolve();
    await underLoad(
      'reset',
      async () => {
        resets += await proxy.resetAll();
        timer = setInterval(() => {
          last = proxy.resetAll().then((n) => {
            resets += n;
          });
        }, 500);
      },
      async () => {
        clearInterval(timer);
        // The proxy answers in order: once the last reset is answered, none is left to come.
        await last;
      },
      // Between two resets the pool reconnects: the probe may find the store answering.
      { readyDuringFault: [200, 503] },
    );
    expect(resets).toBeGreaterThan(0);
  });

  it('survives PostgreSQL stopped (pg_ctl stop -m fast) and started again', async () => {
    await underLoad(
      'stop',
      () => cluster.stop('fast'),
      () => cluster.start(),
    );
  });

  it('survives PostgreSQL killed (SIGKILL of the postmaster and backends) and restarted', async () => {
    await underLoad(
      'kill',
      () => cluster.kill(),
      () => cluster.start(),
    );
  });

  it('answers within the bound while PostgreSQL is paused (SIGSTOP) and recovers on SIGCONT', async () => {
    await underLoad(
      'pause',
      () => cluster.signalAll('SIGSTOP'),
      () => cluster.signalAll('SIGCONT'),
      { holdMs: 5_000 },
    );
  });

  it('survives one replica SIGKILLed mid-load and restarted; the other keeps minting', async () => {
    const victim = replicas[1] as IssuerProcess;
    let down = [0, 0];
    await underLoad(
      'replica-kill',
      async () => {
        down = [Date.now(), 0];
        await victim.kill('SIGKILL');
      },
      async () => {
        await victim.spawn();
        down[1] = Date.now();
      },
      {
        holdMs: 1_000,
        // The survivor keeps its store: ready throughout.
        readyDuringFault: [200],
        // Requests to the killed replica are refused while it is down (or cut when it dies).
        allow: (a) =>
          a.status === 0 && a.at >= (down[0] ?? 0) - 15_000 && a.at <= (down[1] ?? 0) + 1_000,
      },
    );
    expect(victim.exits.at(-1)?.signal).toBe('SIGKILL');
  });

  it('across every scenario: no jti repeats, every token has its audit row, keys intact', async () => {
    expect(minted.length).toBeGreaterThan(500);
    expect(new Set(minted).size).toBe(minted.length);
    expect(await unaudited(minted)).toEqual([]);
    const after = await Promise.all(replicas.map((r) => jwks(r.url)));
    expect(after).toEqual(jwksBefore);
  });
});
