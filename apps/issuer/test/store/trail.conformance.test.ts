import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openapiDocument } from '@runid/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_EVENT_TYPES } from '../../src/audit/event-types.js';
import { EXPORT_PAGE, exportNdjson } from '../../src/audit/export.js';
import { readTrail, type TrailEntry, type TrailFilter } from '../../src/audit/trail.js';
import { decodeTrailCursor, encodeTrailCursor } from '../../src/audit/trail-cursor.js';
import { openStore } from '../../src/store/open-store.js';
import type { AuditEventRecord, AuditRecord } from '../../src/store/records.js';
import type { Store } from '../../src/store/store.js';
import { createTempDatabase, postgresUrlOrSkip, type TempDatabase } from '../support/postgres.js';

const pgUrl = postgresUrlOrSkip();
const backends = pgUrl === undefined ? (['sqlite'] as const) : (['sqlite', 'postgres'] as const);
const T0 = Date.UTC(2026, 2, 1);

function token(i: number, at: number, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    jti: `t${String(i).padStart(4, '0')}`,
    kind: 'deployment',
    iss: 'https://id.example.com/oidc',
    sub: 'pulumi:deploy:org:acme:project:p:stack:s:operation:update:scope:write',
    aud: 'acme',
    clientId: 'cl_a',
    kid: 'kid-1',
    iat: new Date(at),
    exp: new Date(at + 3_600_000),
    ...overrides,
  };
}

function event(i: number, at: number, overrides: Partial<AuditEventRecord> = {}): AuditEventRecord {
  return {
    id: `e${String(i).padStart(4, '0')}`,
    at: new Date(at),
    type: i % 2 === 0 ? 'token.refused' : 'client.created',
    actorType: 'client',
    actorId: 'cl_a',
    actorName: 'a',
    targetType: null,
    targetId: null,
    requestId: null,
    source: null,
    outcome: i % 2 === 0 ? 'refused' : 'success',
    reason: i % 2 === 0 ? 'grant_denied' : null,
    detail: {},
    ...overrides,
  };
}

/** The documented order: time, then tokens before events at the same millisecond, then id. */
function expected(entries: TrailEntry[], order: 'asc' | 'desc'): string[] {
  const rank = (e: TrailEntry) => (e.source === 'token' ? 0 : 1);
  const sorted = [...entries].sort(
    (a, b) => a.at.getTime() - b.at.getTime() || rank(a) - rank(b) || (a.id < b.id ? -1 : 1),
  );
  return (order === 'asc' ? sorted : sorted.reverse()).map((e) => e.id);
}

async function pageAll(store: Store, filter: TrailFilter, order: 'asc' | 'desc', limit: number) {
  const ids: string[] = [];
  let after: ReturnType<typeof decodeTrailCursor>;
  for (let i = 0; i < 1000; i += 1) {
    const page = await readTrail(store, filter, { order, after, limit });
    ids.push(...page.entries.map((e) => e.id));
    if (page.next === undefined) return ids;
    // Through the opaque cursor, as the API does.
    after = decodeTrailCursor(encodeTrailCursor(page.next));
  }
  throw new Error('paging did not end');
}

describe('the event types agree with the contract', () => {
  it('AUDIT_EVENT_TYPES is the AuditEventType enum', () => {
    const schemas = openapiDocument.components?.schemas as Record<string, { enum?: string[] }>;
    expect(schemas.AuditEventType?.enum).toEqual([...AUDIT_EVENT_TYPES]);
  });
});

describe.each(backends)('the merged audit trail: %s', (backend) => {
  let store: Store;
  let dataDir: string;
  let database: TempDatabase | undefined;
  const tokens: AuditRecord[] = [];
  const events: AuditEventRecord[] = [];
  const all: TrailEntry[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'runid-trail-'));
    if (backend === 'postgres') database = await createTempDatabase(pgUrl as string);
    store = await openStore({ databaseUrl: database?.url, dataDir });
    // Ties on purpose: several tokens and events share each millisecond.
    for (let i = 0; i < 40; i += 1) {
      const at = T0 + Math.floor(i / 3) * 1000;
      tokens.push(token(i, at, i % 5 === 0 ? { runId: 'run_1' } : {}));
      events.push(
        event(
          i,
          at + (i % 2) * 1000,
          i % 7 === 0 ? { actorId: 'rotator', actorType: 'system' } : {},
        ),
      );
    }
    await store.insertAudit(tokens.filter((t) => t.runId === undefined));
    await store.insertRun({
      id: 'run_1',
      clientId: 'cl_a',
      credentialHash: 'h-run-1',
      kind: 'environment',
      identity: { kind: 'environment', org: 'acme', currentEnvironment: 'web/dev', user: 'a' },
      org: 'acme',
      project: null,
      stack: null,
      deployment: null,
      platforms: null,
      audiences: null,
      createdAt: new Date(T0 - 1000),
      deadline: new Date(T0 + 86_400_000),
    });
    for (const t of tokens.filter((t) => t.runId !== undefined)) {
      expect(await store.insertRunAudit('run_1', t, t.iat)).toBeUndefined();
    }
    await store.insertEvents(events);
    for (const t of tokens) all.push({ source: 'token', at: t.iat, id: t.jti, token: t });
    for (const e of events) all.push({ source: 'event', at: e.at, id: e.id, event: e });
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['desc', 1],
    ['desc', 4],
    ['asc', 3],
    ['asc', 500],
  ] as const)(
    'pages through tokens and events in order (%s, %i a page), each once',
    async (order, limit) => {
      expect(await pageAll(store, {}, order, limit)).toEqual(expected(all, order));
    },
  );

  it('filters by type (token.minted = the token records) and time', async () => {
    expect(await pageAll(store, { types: ['token.minted'] }, 'desc', 7)).toEqual(
      expected(
        all.filter((e) => e.source === 'token'),
        'desc',
      ),
    );
    expect(await pageAll(store, { types: ['token.refused'] }, 'desc', 7)).toEqual(
      expected(
        all.filter((e) => e.source === 'event' && e.event.type === 'token.refused'),
        'desc',
      ),
    );
    const since = new Date(T0 + 3000);
    const until = new Date(T0 + 6000);
    expect(await pageAll(store, { since, until }, 'asc', 5)).toEqual(
      expected(
        all.filter((e) => e.at >= since && e.at < until),
        'asc',
      ),
    );
  });

  it('filters by actor: a client’s own tokens and events, a run’s tokens, the rotator’s events', async () => {
    expect(await pageAll(store, { actorId: 'cl_a' }, 'desc', 6)).toEqual(
      expected(
        all.filter((e) =>
          e.source === 'token' ? e.token.runId === undefined : e.event.actorId === 'cl_a',
        ),
        'desc',
      ),
    );
    expect(await pageAll(store, { actorId: 'run_1' }, 'desc', 6)).toEqual(
      expected(
        all.filter((e) => e.source === 'token' && e.token.runId === 'run_1'),
        'desc',
      ),
    );
    expect(await pageAll(store, { actorId: 'rotator' }, 'desc', 6)).toEqual(
      expected(
        all.filter((e) => e.source === 'event' && e.event.actorId === 'rotator'),
        'desc',
      ),
    );
  });

  it('exports page by page, oldest first, every record once, then the end line', async () => {
    const more = Array.from({ length: EXPORT_PAGE * 2 + 17 }, (_, i) =>
      token(1000 + i, T0 + 100_000 + i),
    );
    await store.insertAudit(more);
    const filter: TrailFilter = {};
    const first = await readTrail(store, filter, { order: 'asc', limit: EXPORT_PAGE });
    const chunks: string[] = [];
    for await (const chunk of exportNdjson(store, filter, first)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    const lines = chunks
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const everything = [
      ...all,
      ...more.map((t): TrailEntry => ({ source: 'token', at: t.iat, id: t.jti, token: t })),
    ];
    expect(lines.at(-1)).toEqual({ recordType: 'end', count: everything.length });
    expect(
      lines.slice(0, -1).map((l) => (l.recordType === 'token' ? l.record.jti : l.event.id)),
    ).toEqual(expected(everything, 'asc'));
    const onlyEvents: string[] = [];
    const eventsFilter: TrailFilter = { tokens: false };
    const firstEvents = await readTrail(store, eventsFilter, { order: 'asc', limit: EXPORT_PAGE });
    for await (const chunk of exportNdjson(store, eventsFilter, firstEvents))
      onlyEvents.push(chunk);
    expect(onlyEvents.join('')).not.toContain('"recordType":"token"');
  });
});
