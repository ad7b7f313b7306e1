import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { AuditRecord, NewRun } from '../../src/store/records.js';
import type { Store } from '../../src/store/store.js';
import { createTempDatabase, postgresUrlOrSkip, type TempDatabase } from '../support/postgres.js';

// The run half of the store conformance suite: every backend must agree on these.
const pgUrl = postgresUrlOrSkip();
const backends = pgUrl === undefined ? (['sqlite'] as const) : (['sqlite', 'postgres'] as const);

const T0 = Date.UTC(2026, 0, 1);
let serial = 0;

function newRun(overrides: Partial<NewRun> = {}): NewRun {
  serial += 1;
  return {
    id: `run_${String(serial).padStart(4, '0')}`,
    clientId: 'cl_a',
    credentialHash: `hash-${serial}-${Math.random()}`,
    kind: 'deployment',
    identity: {
      kind: 'deployment',
      org: 'acme',
      project: 'web',
      stack: 'prod',
      operation: 'update',
    },
    org: 'acme',
    project: 'web',
    stack: 'prod',
    deployment: null,
    platforms: null,
    audiences: null,
    createdAt: new Date(T0 + serial * 1000),
    deadline: new Date(T0 + serial * 1000 + 3_600_000),
    ...overrides,
  };
}

function token(jti: string, at: number): AuditRecord {
  return {
    jti,
    kind: 'deployment',
    iss: 'https://id.example.com/oidc',
    sub: 'pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:write',
    aud: 'acme',
    clientId: 'cl_a',
    kid: 'kid-1',
    iat: new Date(at),
    exp: new Date(at + 600_000),
  };
}

describe.each(backends)('store conformance, runs: %s', (backend) => {
  let store: Store;
  let dataDir: string;
  let database: TempDatabase | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'runid-store-runs-'));
    if (backend === 'postgres') database = await createTempDatabase(pgUrl as string);
    store = await openStore({ databaseUrl: database?.url, dataDir });
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('numbers deployment runs per org/project/stack, after any explicit number', async () => {
    const first = await store.insertRun(newRun());
    const second = await store.insertRun(newRun());
    const other = await store.insertRun(
      newRun({ stack: 'dev', identity: { ...newRun().identity, stack: 'dev' } }),
    );
    expect([first.deployment, second.deployment, other.deployment]).toEqual([1, 2, 1]);
    expect(first.identity.deployment).toBe(1);
    const explicit = await store.insertRun(newRun({ deployment: 10 }));
    expect(explicit.deployment).toBe(10);
    expect((await store.insertRun(newRun())).deployment).toBe(11);
    // A number another run of the stack holds is a conflict, and nothing is written.
    const before = (await store.queryRuns({ now: new Date(T0), limit: 500 })).length;
    await expect(store.insertRun(newRun({ deployment: 2 }))).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await store.queryRuns({ now: new Date(T0), limit: 500 })).toHaveLength(before);
    expect(first.state).toBe('running');
    expect(first.endedAt).toBeNull();
  });

  it('never repeats a number under concurrent creation', async () => {
    const stack = 'concurrent';
    const runs = await Promise.all(
      Array.from({ length: 20 }, () =>
        store.insertRun(newRun({ stack, identity: { ...newRun().identity, stack } })),
      ),
    );
    const numbers = runs.map((r) => r.deployment).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('finds runs by id and credential hash, and a duplicate credential is a conflict', async () => {
    const run = await store.insertRun(
      newRun({
        kind: 'environment',
        identity: { kind: 'environment', org: 'acme', currentEnvironment: 'web/dev', user: 'a' },
        stack: null,
        platforms: ['aws', 'gcp'],
      }),
    );
    expect(await store.getRun(run.id)).toEqual(run);
    expect(await store.findRunByCredentialHash(run.credentialHash)).toEqual(run);
    expect(run.platforms).toEqual(['aws', 'gcp']);
    expect(run.deployment).toBeNull();
    expect(await store.getRun('run_missing')).toBeUndefined();
    await expect(
      store.insertRun(newRun({ credentialHash: run.credentialHash })),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('records a token only while the run is running and before its deadline', async () => {
    const run = await store.insertRun(newRun());
    const at = run.createdAt.getTime() + 1000;
    expect(await store.insertRunAudit(run.id, token(`t-${run.id}-1`, at), new Date(at))).toBe(
      undefined,
    );
    // Past the deadline: refused, nothing written.
    const late = run.deadline.getTime();
    expect(await store.insertRunAudit(run.id, token(`t-${run.id}-2`, late), new Date(late))).toBe(
      'ended',
    );
    expect(await store.insertRunAudit('run_missing', token('t-x', at), new Date(at))).toBe(
      'not_found',
    );
    const tokens = await store.queryAudit({ runId: run.id, limit: 10 });
    expect(tokens.map((t) => [t.jti, t.runId])).toEqual([[`t-${run.id}-1`, run.id]]);
    expect(await store.queryAudit({ jti: 't-x', limit: 1 })).toEqual([]);
  });

  it('finds an issued token by jti with its run state (introspection), in one read', async () => {
    const run = await store.insertRun(newRun());
    const at = run.createdAt.getTime() + 1000;
    const ofRun = token(`i-${run.id}-run`, at);
    expect(await store.insertRunAudit(run.id, ofRun, new Date(at))).toBe(undefined);
    const plain = token(`i-${run.id}-plain`, at);
    await store.insertAudit([plain]);
    expect(await store.findIssuedToken(ofRun.jti)).toEqual({
      record: { ...ofRun, runId: run.id },
      run: { id: run.id, state: 'running', deadline: run.deadline },
    });
    expect(await store.findIssuedToken(plain.jti)).toEqual({ record: plain, run: undefined });
    expect(await store.findIssuedToken('i-missing')).toBeUndefined();
    // The state as stored, read again: a finish is seen by the next read.
    await store.finishRun(run.id, 'succeeded', new Date(at + 1000));
    expect((await store.findIssuedToken(ofRun.jti))?.run?.state).toBe('succeeded');
    await store.revokeRun(run.id, new Date(at + 2000));
    expect((await store.findIssuedToken(ofRun.jti))?.run?.state).toBe('revoked');
  });

  it('finishes a run once; a finished, expired or unknown run is refused', async () => {
    const run = await store.insertRun(newRun());
    const at = new Date(run.createdAt.getTime() + 5000);
    const finished = await store.finishRun(run.id, 'failed', at);
    expect(finished).toMatchObject({ state: 'failed', endedAt: at });
    expect(await store.finishRun(run.id, 'succeeded', at)).toBe('ended');
    expect(await store.insertRunAudit(run.id, token(`t-${run.id}`, at.getTime()), at)).toBe(
      'ended',
    );
    expect(await store.queryAudit({ runId: run.id, limit: 10 })).toEqual([]);
    const expired = await store.insertRun(newRun());
    expect(await store.finishRun(expired.id, 'succeeded', expired.deadline)).toBe('ended');
    expect(await store.finishRun('run_missing', 'succeeded', at)).toBe('not_found');
  });

  it('revokes any run, keeping the first end time', async () => {
    const run = await store.insertRun(newRun());
    const at = new Date(run.createdAt.getTime() + 1000);
    const revoked = await store.revokeRun(run.id, at);
    expect(revoked).toMatchObject({ state: 'revoked', endedAt: at });
    const again = await store.revokeRun(run.id, new Date(at.getTime() + 5000));
    expect(again?.endedAt).toEqual(at);
    expect(await store.insertRunAudit(run.id, token(`t-${run.id}`, at.getTime()), at)).toBe(
      'ended',
    );
    const expired = await store.insertRun(newRun());
    const later = new Date(expired.deadline.getTime() + 60_000);
    expect((await store.revokeRun(expired.id, later))?.endedAt).toEqual(expired.deadline);
    expect(await store.revokeRun('run_missing', at)).toBeUndefined();
  });

  it('lists runs newest first by state, org, project and stack, page by page', async () => {
    const now = new Date(T0 + 10_000_000);
    const all = await store.queryRuns({ now: new Date(T0), limit: 500 });
    const created = [...all].sort(
      (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1),
    );
    expect(all.map((r) => r.id)).toEqual(created.map((r) => r.id));
    // Every run's deadline is before `now`: the running ones list as expired.
    expect(await store.queryRuns({ state: 'running', now, limit: 500 })).toEqual([]);
    const expired = await store.queryRuns({ state: 'expired', now, limit: 500 });
    expect(expired.length).toBeGreaterThan(0);
    expect(expired.every((r) => r.state === 'running' || r.state === 'expired')).toBe(true);
    const running = await store.queryRuns({ state: 'running', now: new Date(T0), limit: 500 });
    expect(running.every((r) => r.state === 'running')).toBe(true);
    expect(await store.queryRuns({ state: 'failed', now, limit: 500 })).toHaveLength(1);
    const dev = await store.queryRuns({
      stack: 'dev',
      project: 'web',
      org: 'acme',
      now,
      limit: 50,
    });
    expect(dev.map((r) => r.stack)).toEqual(['dev']);
    expect(await store.queryRuns({ org: 'other', now, limit: 50 })).toEqual([]);
    const seen: string[] = [];
    let after: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const page = await store.queryRuns({ now, limit: 7, ...(after && { after }) });
      seen.push(...page.map((r) => r.id));
      const last = page[page.length - 1];
      if (page.length < 7 || last === undefined) break;
      after = { createdAt: last.createdAt, id: last.id };
    }
    expect(seen).toEqual(all.map((r) => r.id));
  });
});
