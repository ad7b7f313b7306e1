import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVerifier } from '@runid/verifier';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYMENT, KEK } from '../support/issuer.js';
import { createTempDatabase, postgresUrlOrSkip, type TempDatabase } from '../support/postgres.js';

const pgUrl = postgresUrlOrSkip();
const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const DAY = 86_400_000;
const ADMIN = `rid_admin_${randomBytes(32).toString('base64url')}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Two real `runid-issuer serve` processes on one PostgreSQL database, one KEK, one clock file. */
describe.skipIf(pgUrl === undefined)('two issuer replicas on PostgreSQL', () => {
  let database: TempDatabase;
  let dir: string;
  let clockFile: string;
  let offset = 0;
  const urls: string[] = [];
  const children: ChildProcess[] = [];
  const logs: string[] = [];
  let base = '';

  function setOffset(ms: number) {
    offset = ms;
    writeFileSync(clockFile, String(ms));
  }

  function start(port: number): ChildProcess {
    const child = spawn(process.execPath, [CLI, 'serve'], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: database.url,
        RUNID_KEK: KEK,
        RUNID_BOOTSTRAP_ADMIN_KEY: ADMIN,
        RUNID_ISSUER_URL: base,
        RUNID_PORT: String(port),
        RUNID_LOG_LEVEL: 'warn',
        RUNID_TEST_HOOKS: '1',
        RUNID_TEST_CLOCK_FILE: clockFile,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // Kept for a failure's diagnosis, not echoed (the start banner goes to stderr).
    child.stderr?.on('data', (chunk) => {
      logs.push(String(chunk));
    });
    children.push(child);
    return child;
  }

  async function jwks(url: string) {
    const response = await fetch(`${url}/oidc/.well-known/jwks`);
    return { body: await response.text(), etag: response.headers.get('etag') };
  }

  /** Both replicas serve the same bytes and ETag for both issuers. */
  async function converged(): Promise<string | undefined> {
    const [a, b] = await Promise.all(urls.map(jwks));
    return a && b && a.body === b.body && a.etag === b.etag ? a.body : undefined;
  }

  async function query<T>(text: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(text)).rows as T[];
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    database = await createTempDatabase(pgUrl as string);
    dir = mkdtempSync(join(tmpdir(), 'runid-replicas-'));
    clockFile = join(dir, 'clock-offset');
    setOffset(0);
    const ports = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${ports[0]}`;
    for (const port of ports) urls.push(`http://127.0.0.1:${port}`);
    // Both start at once on an empty database: the lock lets one bootstrap, the other waits.
    for (const port of ports) start(port);
    for (const url of urls) {
      await until(
        `${url} ready`,
        async () => ((await fetch(`${url}/readyz`)).ok ? true : undefined),
        30_000,
      );
    }
  }, 60_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await sleep(200);
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('rotates under a steady mint load: zero verification failures, one commit per transition, identical JWKS', async () => {
    // A bootstrap made by exactly one replica: two current + two next keys, four transitions.
    const bootstrap = await query<{ n: string }>('select count(*) as n from key_transitions');
    expect(Number(bootstrap[0]?.n)).toBe(4);
    expect(await until('initial convergence', converged)).toBeTruthy();

    const created = await fetch(`${urls[0]}/api/v1/admin/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'load', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] }),
    });
    const clientKey = ((await created.json()) as { key: string }).key;

    const verifier = createVerifier({
      issuers: [{ issuer: `${base}/oidc`, audience: 'acme', algorithms: ['RS256'] }],
      clockTolerance: 30,
      maxTokenAge: 7200,
      clock: () => Date.now() + offset,
    });
    const failures: string[] = [];
    const kids = new Set<string>();
    let verified = 0;
    let stopped = false;
    let paused = false;
    let inFlight = 0;
    const worker = async (index: number) => {
      for (let i = index; !stopped; i += 1) {
        if (paused) {
          await sleep(10);
          continue;
        }
        inFlight += 1;
        try {
          const url = urls[i % 2] as string;
          const minted = await fetch(`${url}/api/v1/tokens`, {
            method: 'POST',
            headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ ...DEPLOYMENT, duration: '15m' }),
          });
          const body = (await minted.json()) as { token?: string; code?: string; detail?: string };
          if (minted.status !== 201 || body.token === undefined) {
            failures.push(`${url} mint ${minted.status} ${body.code}: ${body.detail}`);
            continue;
          }
          const result = await verifier.verify(body.token);
          if (!result.ok) failures.push(`${url} verify ${result.code}: ${result.message}`);
          else {
            verified += 1;
            kids.add(
              JSON.parse(Buffer.from(body.token.split('.')[0] as string, 'base64url').toString())
                .kid,
            );
          }
        } finally {
          inFlight -= 1;
        }
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(worker));

    await sleep(1_500);
    // 1. Emergency rotation through replica A: B follows through NOTIFY within seconds.
    const rotated = await fetch(`${urls[0]}/api/v1/admin/keys/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ issuer: 'v1', confirm: true }),
    });
    expect(rotated.status).toBe(200);
    const afterEmergency = (await jwks(urls[0] as string)).body;
    expect(
      await until(
        'convergence after the emergency rotation',
        async () => {
          const body = await converged();
          return body === afterEmergency ? body : undefined;
        },
        8_000,
      ),
    ).toBe(afterEmergency);
    await sleep(1_500);

    // 2. A scheduled rotation: both replicas' clocks jump 31 days; both rotators race for it.
    const jumpedAt = Date.now();
    paused = true;
    while (inFlight > 0) await sleep(5);
    setOffset(31 * DAY);
    await sleep(150);
    paused = false;
    const activations = await until(
      'the scheduled activations',
      async () => {
        const rows = await query<{ issuer: string; n: string }>(
          `select issuer, count(*) as n from key_transitions where type = 'activate' and at >= to_timestamp(${(jumpedAt + 31 * DAY) / 1000}) group by issuer`,
        );
        return rows.length === 2 ? rows : undefined;
      },
      15_000,
    );
    expect(activations.map((r) => Number(r.n))).toEqual([1, 1]);
    await until('convergence after the scheduled rotation', converged, 8_000);
    await sleep(1_500);
    stopped = true;
    await load;

    if (failures.length > 0) console.error(logs.join(''));
    expect(failures).toEqual([]);
    expect(verified).toBeGreaterThan(20);
    // The original key, the emergency-promoted one and the scheduled one all signed.
    expect(kids.size).toBeGreaterThanOrEqual(3);
    // No transition was committed twice: each key was activated, generated or removed once.
    const dupes = await query<{ key_id: string; type: string; n: string }>(
      `select key_id, type, count(*) as n from key_transitions where type in ('activate', 'remove', 'generate-next', 'generate-current') group by key_id, type having count(*) > 1`,
    );
    expect(dupes).toEqual([]);
    const currents = await query<{ issuer: string; n: string }>(
      `select issuer, count(*) as n from signing_keys where state = 'current' group by issuer order by issuer`,
    );
    expect(currents.map((r) => Number(r.n))).toEqual([1, 1]);
    // Same key set on both replicas, v2 included.
    const v2 = await Promise.all(urls.map((u) => fetch(`${u}/oidc/v2/.well-known/jwks`)));
    expect(v2[0]?.headers.get('etag')).toBe(v2[1]?.headers.get('etag'));
  }, 120_000);

  it('a client disabled through one replica can no longer mint through the other within 1 s (NOTIFY, and with LISTEN down)', async () => {
    const mint = async (url: string, key: string) => {
      const response = await fetch(`${url}/api/v1/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...DEPLOYMENT, duration: '15m' }),
      });
      await response.arrayBuffer();
      return response.status;
    };
    const [a, b] = urls as [string, string];
    for (const listenDown of [false, true]) {
      const created = await fetch(`${a}/api/v1/admin/clients`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `disable-${listenDown}`,
          grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
        }),
      });
      const client = (await created.json()) as { key: string; id: string };
      // Replica b has the client cached (several mints in a row).
      for (let i = 0; i < 5; i++) expect(await mint(b, client.key)).toBe(201);
      if (listenDown) {
        const killed = await query<{ ok: boolean }>(
          `select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = 'runid-listen' and datname = current_database()`,
        );
        expect(killed.length).toBeGreaterThanOrEqual(2);
      }
      const disabled = await fetch(`${a}/api/v1/admin/clients/${client.id}/disable`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      expect(disabled.status).toBe(200);
      const disabledAt = Date.now();
      // Keep minting through b: once refused, refused for good; the first refusal within 1 s.
      const statuses: { status: number; at: number }[] = [];
      while (Date.now() - disabledAt < 1_500) {
        statuses.push({ status: await mint(b, client.key), at: Date.now() - disabledAt });
      }
      const firstRefusal = statuses.findIndex((s) => s.status === 401);
      expect(firstRefusal, JSON.stringify(statuses.slice(0, 5))).toBeGreaterThanOrEqual(0);
      expect(statuses.slice(firstRefusal).every((s) => s.status === 401)).toBe(true);
      expect(statuses.slice(0, firstRefusal).every((s) => s.status === 201)).toBe(true);
      // Every mint that started 1 s or more after the disable answered was refused.
      const lastAccepted = statuses[firstRefusal - 1];
      expect(lastAccepted === undefined || lastAccepted.at <= 1_000).toBe(true);
      console.log(
        'disable through a, refused by b',
        JSON.stringify({
          listenDown,
          acceptedAfter: firstRefusal,
          firstRefusalMs: statuses[firstRefusal]?.at,
        }),
      );
    }
  }, 60_000);
  it.each([
    { change: 'a key revoked', refusal: 401 },
    { change: 'a key rotated with overlap 0', refusal: 401 },
    { change: 'the grants replaced', refusal: 403 },
  ])(
    '$change through one replica is seen by the other within 1 s',
    async ({ change, refusal }) => {
      const [a, b] = urls as [string, string];
      const call = async (
        url: string,
        method: string,
        path: string,
        key: string,
        body?: unknown,
      ) => {
        const response = await fetch(`${url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${key}`,
            ...(body !== undefined && { 'content-type': 'application/json' }),
          },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        });
        // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
        return { status: response.status, json: (await response.json()) as any };
      };
      const mint = async (key: string) =>
        (await call(b, 'POST', '/api/v1/tokens', key, { ...DEPLOYMENT, duration: '15m' })).status;
      const created = await call(a, 'POST', '/api/v1/admin/clients', ADMIN, {
        name: `change-${change.replaceAll(' ', '-')}`,
        grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
      });
      const client = created.json as { id: string; key: string; keyId: string };
      // Replica b has the client cached.
      for (let i = 0; i < 5; i++) expect(await mint(client.key)).toBe(201);
      const path = `/api/v1/admin/clients/${client.id}`;
      const changed =
        change === 'a key revoked'
          ? await call(a, 'POST', `${path}/keys/${client.keyId}/revoke`, ADMIN)
          : change === 'the grants replaced'
            ? await call(a, 'PUT', `${path}/grants`, ADMIN, {
                grants: [{ kinds: ['deployment'], orgs: ['other'] }],
              })
            : await call(a, 'POST', `${path}/keys`, ADMIN, { overlap: '0' });
      expect(changed.status).toBeLessThan(300);
      const changedAt = Date.now();
      const statuses: { status: number; at: number }[] = [];
      while (Date.now() - changedAt < 1_500) {
        statuses.push({ status: await mint(client.key), at: Date.now() - changedAt });
      }
      const first = statuses.findIndex((s) => s.status === refusal);
      expect(first, JSON.stringify(statuses.slice(0, 5))).toBeGreaterThanOrEqual(0);
      expect(statuses.slice(first).every((s) => s.status === refusal)).toBe(true);
      const lastAccepted = statuses[first - 1];
      expect(lastAccepted === undefined || lastAccepted.at <= 1_000).toBe(true);
      console.log(
        `${change} through a, seen by b`,
        JSON.stringify({ acceptedAfter: first, firstRefusalMs: statuses[first]?.at }),
      );
    },
    30_000,
  );
  it('a run finished through one replica mints nothing through the other, at once; run numbers never repeat across replicas', async () => {
    const [a, b] = urls as [string, string];
    const post = async (url: string, path: string, key: string, body: unknown) => {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
      return { status: response.status, json: (await response.json()) as any };
    };
    const created = await post(a, '/api/v1/admin/clients', ADMIN, {
      name: 'runner-replicas',
      grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
    });
    const key = (created.json as { key: string }).key;
    const identity = {
      kind: 'deployment',
      org: 'acme',
      project: 'web',
      stack: 'replicas',
      operation: 'update',
    };
    // Concurrent creation through both replicas: every run gets its own number, 1..n.
    const runs = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        post(i % 2 === 0 ? a : b, '/api/v1/runs', key, { identity }),
      ),
    );
    expect(runs.map((r) => r.status)).toEqual(runs.map(() => 201));
    const numbers = runs.map(
      (r) => (r.json as { identity: { deployment: number } }).identity.deployment,
    );
    expect([...numbers].sort((x, y) => x - y)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    // Finish through a while b keeps minting: once the finish has answered, b refuses every mint.
    for (const run of runs.slice(0, 4)) {
      const { id, credential } = run.json as { id: string; credential: string };
      expect((await post(b, '/api/v1/tokens', credential, {})).status).toBe(201);
      let stop = false;
      const during: number[] = [];
      const load = (async () => {
        while (!stop) during.push((await post(b, '/api/v1/tokens', credential, {})).status);
      })();
      await sleep(50);
      const finished = await post(a, `/api/v1/runs/${id}/finish`, credential, {
        outcome: 'succeeded',
      });
      expect(finished.status).toBe(200);
      const after = await post(b, '/api/v1/tokens', credential, {});
      expect([after.status, (after.json as { code: string }).code]).toEqual([403, 'run_ended']);
      stop = true;
      await load;
      // Accepted mints only before the refusals start, never after.
      const firstRefusal = during.indexOf(403);
      if (firstRefusal >= 0) expect(during.slice(firstRefusal).every((s) => s === 403)).toBe(true);
      // Every token answered 201 has its record, naming the run, none dated after the end.
      const rows = await query<{ n: string; late: string }>(
        `select count(*) as n, count(*) filter (where a.iat > r.ended_at) as late
           from audit_tokens a join runs r on r.id = a.run_id where a.run_id = '${id}'`,
      );
      expect(Number(rows[0]?.n)).toBe(1 + during.filter((s) => s === 201).length);
      expect(Number(rows[0]?.late)).toBe(0);
    }
  }, 60_000);
});
