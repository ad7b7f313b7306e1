import { describe, expect, it } from 'vitest';
import { REDACTED, safeDetail } from '../../src/audit/detail.js';
import { AuditEvents, actorOf, systemActor } from '../../src/audit/events.js';
import { IssuerError } from '../../src/errors.js';
import type { AuditEventRecord } from '../../src/store/records.js';
import type { Store } from '../../src/store/store.js';

const T0 = Date.UTC(2026, 0, 1);

/** A store that keeps events in memory; `fail` makes the next writes refuse. */
function fakeStore() {
  const written: AuditEventRecord[][] = [];
  const state = { fail: false, hold: undefined as Promise<void> | undefined };
  const store = {
    async insertEvents(events: readonly AuditEventRecord[]) {
      if (state.hold !== undefined) await state.hold;
      if (state.fail) throw new IssuerError('store_unavailable', 'down');
      written.push([...events]);
    },
  } as unknown as Store;
  return { store, written, state };
}

const admin = actorOf({ type: 'admin', id: 'ad_1', name: 'bootstrap', role: 'admin' });

describe('AuditEvents', () => {
  it('record resolves once committed, with id, time, request context and defaults filled in', async () => {
    const { store, written } = fakeStore();
    const events = new AuditEvents({ store, clock: () => T0 });
    await events.record(
      { type: 'client.created', actor: admin, target: { type: 'client', id: 'cl_1' } },
      { requestId: 'req-1', source: '192.0.2.7' },
    );
    expect(written).toHaveLength(1);
    expect(written[0]?.[0]).toEqual({
      id: expect.stringMatching(/^ev_[A-Za-z0-9_-]{22}$/),
      at: new Date(T0),
      type: 'client.created',
      actorType: 'admin',
      actorId: 'ad_1',
      actorName: 'bootstrap',
      targetType: 'client',
      targetId: 'cl_1',
      requestId: 'req-1',
      source: '192.0.2.7',
      outcome: 'success',
      reason: null,
      detail: {},
    });
  });

  it('group-commits concurrent events in one write', async () => {
    const { store, written } = fakeStore();
    const events = new AuditEvents({ store, clock: () => T0 });
    await Promise.all(
      Array.from({ length: 20 }, () => events.record({ type: 'run.created', actor: admin })),
    );
    expect(written).toHaveLength(1);
    expect(written[0]).toHaveLength(20);
  });

  it('a failed write rejects record and drops (and counts) the best-effort events of its batch', async () => {
    const { store, state } = fakeStore();
    let dropped = 0;
    const events = new AuditEvents({ store, clock: () => T0, onDropped: (n) => (dropped += n) });
    state.fail = true;
    events.note({ type: 'token.refused', actor: systemActor('x'), outcome: 'refused' });
    await expect(events.record({ type: 'key.rotated', actor: admin })).rejects.toMatchObject({
      code: 'store_unavailable',
    });
    expect(dropped).toBe(1);
  });

  it('note never waits: beyond the queue bound events are dropped, not queued', async () => {
    const { store, written, state } = fakeStore();
    let release = () => {};
    state.hold = new Promise((resolve) => (release = resolve));
    let dropped = 0;
    const events = new AuditEvents({
      store,
      clock: () => T0,
      maxQueue: 3,
      onDropped: (n) => (dropped += n),
    });
    events.note({ type: 'token.refused', actor: admin });
    await new Promise((resolve) => setTimeout(resolve, 10));
    // One in flight (held), three queued, two dropped.
    for (let i = 0; i < 5; i += 1) events.note({ type: 'token.refused', actor: admin });
    expect(dropped).toBe(2);
    expect(events.depth).toBe(4);
    release();
    await events.flush();
    expect(written.flat()).toHaveLength(4);
    expect(events.depth).toBe(0);
  });

  it('never stores a secret or a token in the detail, and bounds its size', () => {
    const jws = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    expect(
      safeDetail({
        clientKey: 'fine-by-name?',
        apiKey: 'x',
        secret: 'x',
        token: 'x',
        note: `sent rid_client_${'A'.repeat(43)} by mistake`,
        nested: { list: [jws, 'plain', 3, true, null, undefined] },
        at: new Date(T0),
        nan: Number.NaN,
        skip: undefined,
      }),
    ).toEqual({
      clientKey: 'fine-by-name?',
      apiKey: REDACTED,
      secret: REDACTED,
      token: REDACTED,
      note: REDACTED,
      nested: { list: [REDACTED, 'plain', 3, true, null, null] },
      at: '2026-01-01T00:00:00.000Z',
      nan: null,
    });
    expect(safeDetail({ big: Array.from({ length: 50 }, () => 'x'.repeat(400)) })).toEqual({
      truncated: true,
    });
    expect(safeDetail(undefined)).toEqual({});
  });
});
