import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/store/records.js';
import { AuditWriter } from '../../src/tokens/audit-writer.js';
import { auditRecord } from '../support/audit-record.js';

const record = auditRecord;

/** A store whose inserts the test finishes by hand, in any order. */
function heldStore() {
  const batches: { jtis: string[]; finish: (error?: Error) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  return {
    batches,
    get maxInFlight() {
      return maxInFlight;
    },
    insertAudit(records: readonly AuditRecord[]): Promise<void> {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise<void>((resolve, reject) => {
        batches.push({
          jtis: records.map((r) => r.jti),
          finish: (error) => {
            inFlight--;
            if (error) reject(error);
            else resolve();
          },
        });
      });
    },
  };
}

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AuditWriter (group commit)', () => {
  it('answers each write only once its own batch is committed', async () => {
    const store = heldStore();
    const writer = new AuditWriter(store);
    let done = false;
    const written = writer.write(record('a')).then(() => {
      done = true;
    });
    await tick();
    expect(store.batches.map((b) => b.jtis)).toEqual([['a']]);
    expect(done).toBe(false);
    expect(writer.depth).toBe(1);
    store.batches[0]?.finish();
    await written;
    expect(writer.depth).toBe(0);
  });

  it('with one slot, records arriving during a commit go together in the next batch, at once', async () => {
    const store = heldStore();
    const writer = new AuditWriter(store);
    const first = writer.write(record('a'));
    await tick();
    const next = [writer.write(record('b')), writer.write(record('c'))];
    await tick();
    expect(store.batches.length).toBe(1);
    store.batches[0]?.finish();
    await first;
    await tick(0);
    expect(store.batches.map((b) => b.jtis)).toEqual([['a'], ['b', 'c']]);
    store.batches[1]?.finish();
    await Promise.all(next);
    expect(store.maxInFlight).toBe(1);
  });

  it('with two slots, a second batch commits while the first is in flight, never a third', async () => {
    const store = heldStore();
    const writer = new AuditWriter(store, { concurrency: 2 });
    const a = writer.write(record('a'));
    await tick();
    const b = writer.write(record('b'));
    await tick();
    const c = writer.write(record('c'));
    await tick();
    expect(store.batches.map((x) => x.jtis)).toEqual([['a'], ['b']]);
    expect(writer.depth).toBe(3);
    // The second finishes first: its record is answered, and the waiting one takes its slot.
    store.batches[1]?.finish();
    await b;
    await tick(0);
    expect(store.batches.map((x) => x.jtis)).toEqual([['a'], ['b'], ['c']]);
    store.batches[0]?.finish();
    store.batches[2]?.finish();
    await Promise.all([a, c]);
    expect(store.maxInFlight).toBe(2);
  });

  it('a failed batch fails every record of it and only those', async () => {
    const store = heldStore();
    const writer = new AuditWriter(store, { concurrency: 2 });
    const failed = [writer.write(record('a')), writer.write(record('b'))];
    await tick();
    const kept = writer.write(record('c'));
    await tick();
    store.batches[0]?.finish(new Error('disk full'));
    store.batches[1]?.finish();
    for (const write of failed) await expect(write).rejects.toThrow('disk full');
    await expect(kept).resolves.toBeUndefined();
    expect(writer.depth).toBe(0);
  });
});
