import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Backend,
  DEPLOYMENT,
  issuerOn,
  startTestIssuer,
  type TestIssuer,
} from '../support/issuer.js';
import { postgresUrlOrSkip } from '../support/postgres.js';

const pgUrl = postgresUrlOrSkip();
const backends: Backend[] = pgUrl === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

async function clientKey(issuer: TestIssuer): Promise<string> {
  const created = await issuer.call('POST', '/api/v1/admin/clients', {
    key: issuer.adminKey,
    body: {
      name: `c-${randomBytes(4).toString('hex')}`,
      grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
    },
  });
  return created.json.key;
}

/** The value of one sample line (`name{labels} value`), or undefined. */
function sample(text: string, line: RegExp): number | undefined {
  const match = new RegExp(`^${line.source} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

describe.each(backends)('metrics on %s', (backend) => {
  let started: Awaited<ReturnType<typeof issuerOn>>;
  afterAll(async () => started?.cleanup());

  it('exposes process and Node.js metrics, mint and store latency, audit queue depth and key-view age', async () => {
    started = await issuerOn(backend, pgUrl);
    const { issuer } = started;
    const key = await clientKey(issuer);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        issuer.call('POST', '/api/v1/tokens', { key, body: DEPLOYMENT }),
      ),
    );
    expect(answers.every((a) => a.status === 201)).toBe(true);
    const refused = await issuer.call('POST', '/api/v1/tokens', {
      key,
      body: { ...DEPLOYMENT, org: 'other' },
    });
    expect(refused.status).toBe(403);

    const metrics = await issuer.call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = metrics.text;
    // prom-client's default process and Node.js metrics.
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_version_info',
    ]) {
      expect(text, name).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
    }
    expect(
      sample(text, /runid_mint_duration_seconds_count\{kind="deployment",outcome="minted"\}/),
    ).toBe(20);
    expect(
      sample(text, /runid_mint_duration_seconds_count\{kind="deployment",outcome="refused"\}/),
    ).toBe(1);
    expect(
      sample(
        text,
        /runid_store_operation_duration_seconds_count\{operation="insertAudit",outcome="ok"\}/,
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(
        text,
        /runid_store_operation_duration_seconds_count\{operation="listKeys",outcome="ok"\}/,
      ),
    ).toBeGreaterThanOrEqual(1);
    // Nothing is waiting for a commit once every token was answered.
    expect(sample(text, /runid_audit_queue_depth/)).toBe(0);
    const viewAge = sample(text, /runid_key_view_age_seconds/);
    expect(viewAge).toBeGreaterThanOrEqual(0);
    expect(viewAge).toBeLessThan(60);

    // The view ages with the clock while no re-read happens (the test clock moves, the store does not).
    issuer.clock.advance(120_000);
    const later = (await issuer.call('GET', '/metrics')).text;
    expect(sample(later, /runid_key_view_age_seconds/)).toBeGreaterThanOrEqual(119);
  });
});

describe('the audit queue depth while a commit is held', () => {
  let issuer: TestIssuer;
  afterAll(async () => {
    await issuer?.close();
    if (issuer) rmSync(issuer.dataDir, { recursive: true, force: true });
  });

  it('counts the tokens waiting for their audit commit', async () => {
    issuer = await startTestIssuer();
    const key = await clientKey(issuer);
    // One mint first: the client is then authenticated from the cache, not the held store.
    expect((await issuer.call('POST', '/api/v1/tokens', { key, body: DEPLOYMENT })).status).toBe(
      201,
    );
    let release: () => void = () => undefined;
    // A key transaction holds the embedded store: audit commits queue behind it.
    const held = issuer.services.store.withKeyLock(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    const pending = Array.from({ length: 5 }, () =>
      issuer.call('POST', '/api/v1/tokens', { key, body: DEPLOYMENT }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const text = (await issuer.call('GET', '/metrics')).text;
    expect(sample(text, /runid_audit_queue_depth/)).toBe(5);
    release();
    await held;
    expect((await Promise.all(pending)).map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(sample((await issuer.call('GET', '/metrics')).text, /runid_audit_queue_depth/)).toBe(0);
  });
});

describe('RUNID_METRICS_PORT', () => {
  const issuers: TestIssuer[] = [];
  let blocker: Server | undefined;
  afterAll(async () => {
    blocker?.close();
    for (const issuer of issuers) {
      await issuer.close();
      rmSync(issuer.dataDir, { recursive: true, force: true });
    }
  });

  it('serves /metrics on its own listener only; the public port answers 404 for it', async () => {
    const issuer = await startTestIssuer({ env: { RUNID_METRICS_PORT: '0' } });
    issuers.push(issuer);
    expect(issuer.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const scraped = await fetch(issuer.metricsUrl as string);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/^# TYPE runid_tokens_minted_total counter$/m);
    const publicPort = await issuer.call('GET', '/metrics');
    expect(publicPort.status).toBe(404);
    expect(publicPort.json.code).toBe('not_found');
    const other = await fetch(new URL('/readyz', issuer.metricsUrl as string));
    expect(other.status).toBe(404);
    await other.arrayBuffer();
    // Without it, /metrics is on the public port.
    const plain = await startTestIssuer();
    issuers.push(plain);
    expect(plain.metricsUrl).toBeUndefined();
    expect((await plain.call('GET', '/metrics')).status).toBe(200);
  });

  it('a taken metrics port fails the start, naming RUNID_METRICS_PORT', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    await expect(
      startTestIssuer({ env: { RUNID_METRICS_PORT: String(port) } }),
    ).rejects.toMatchObject({
      code: 'listen_failed',
      message: expect.stringContaining(
        `Cannot listen on 127.0.0.1:${port} (RUNID_METRICS_PORT): the port is already in use`,
      ),
    });
  });
});
