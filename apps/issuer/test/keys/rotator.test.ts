import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { checkKek } from '../../src/keys/ensure-keys.js';
import { jwksDocument } from '../../src/keys/publishing.js';
import { checkInvariants, currentKeys } from '../../src/keys/rotation/index.js';
import { toRotationState } from '../../src/keys/rotation-state.js';
import { Rotator } from '../../src/keys/rotator.js';
import type { Timer } from '../../src/keys/timer.js';
import { openStore } from '../../src/store/open-store.js';
import type { IssuerVersion } from '../../src/store/records.js';
import type { Store } from '../../src/store/store.js';
import { KEK, manualClock } from '../support/issuer.js';

const DAY = 86_400_000;
const kek = Buffer.from(KEK, 'base64');
const settings = loadConfig({}).rotation;

/** A timer the test fires by hand: records the delays the rotator asked for. */
function manualTimer() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let seq = 0;
  const timer: Timer = {
    setTimeout(fn, ms) {
      seq += 1;
      pending.set(seq, { fn, ms });
      return seq;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return Object.assign(timer, { pending });
}

describe('rotator over simulated months (SQLite)', () => {
  let dataDir: string;
  let store: Store;
  const clock = manualClock(Date.UTC(2026, 0, 1));

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'runid-rotator-'));
    store = await openStore({ dataDir });
  }, 60_000);

  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const rotator = () =>
    new Rotator({ store, kek, alg: 'ES256', settings, clock, timer: manualTimer() });

  async function stateOf(issuer: IssuerVersion) {
    return toRotationState((await store.listKeys()).filter((k) => k.issuer === issuer));
  }

  it('bootstraps a current and a published next key per issuer, each in its own transaction', async () => {
    await rotator().runOnce();
    for (const issuer of ['v1', 'v2'] as const) {
      const state = await stateOf(issuer);
      expect(state.keys.map((k) => k.state).sort()).toEqual(['current', 'next']);
      expect(checkInvariants(state, settings[issuer], { settled: true })).toEqual([]);
      const log = await store.listTransitions(issuer);
      expect(log.map((t) => t.type)).toEqual(['generate-current', 'generate-next']);
    }
    // Planned again at once: nothing is due, so nothing is written.
    await rotator().runOnce();
    expect(await store.listTransitions()).toHaveLength(4);
  }, 60_000);

  it('rotates on schedule for half a year, never losing a key, never breaking an invariant', async () => {
    const r = rotator();
    const seen = new Map<string, string>();
    const kids = new Set((await store.listKeys()).map((k) => k.kid));
    const end = clock() + 180 * DAY;
    let wakeUps = 0;
    while (clock() < end) {
      const wakeAt = await r.runOnce();
      expect(wakeAt).toBeGreaterThan(clock());
      clock.set(wakeAt);
      wakeUps += 1;
      for (const issuer of ['v1', 'v2'] as const) {
        const state = await stateOf(issuer);
        expect(checkInvariants(state, settings[issuer], { settled: false })).toEqual([]);
      }
      for (const k of await store.listKeys()) {
        seen.set(k.id, k.state);
        kids.add(k.kid);
      }
    }
    await r.runOnce();
    // A key is never deleted: every row ever seen is still there, every key still decrypts.
    const rows = await store.listKeys();
    const ids = new Set(rows.map((k) => k.id));
    expect([...seen.keys()].filter((id) => !ids.has(id))).toEqual([]);
    await checkKek(store, kek);
    for (const issuer of ['v1', 'v2'] as const) {
      const state = await stateOf(issuer);
      expect(checkInvariants(state, settings[issuer], { settled: true })).toEqual([]);
      // 180 days / 30-day period: six rotations (activate + generate-next each), plus removals.
      const log = await store.listTransitions(issuer);
      const activations = log.filter((t) => t.type === 'activate');
      expect(activations.length).toBe(6);
      expect(log.filter((t) => t.type === 'remove').length).toBeGreaterThanOrEqual(5);
      const current = currentKeys(state)[0];
      expect(current?.activation).toBe('scheduled');
      // The JWKS holds current, next and the retired keys still in retention: never more than 5.
      const jwks = JSON.parse(
        jwksDocument(rows.filter((k) => k.issuer === issuer)).body.toString(),
      );
      expect(jwks.keys.length).toBeGreaterThanOrEqual(2);
      expect(jwks.keys.length).toBeLessThanOrEqual(5);
      expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(current?.kid);
    }
    // Sleeping until the next planned change: a handful of wake-ups per rotation, not polling.
    expect(wakeUps).toBeLessThan(60);
  }, 120_000);

  it('keeps every key across a restart (a new store on the same directory)', async () => {
    const before = await store.listKeys();
    await store.close();
    store = await openStore({ dataDir });
    const after = await store.listKeys();
    expect(after).toEqual(before);
    await rotator().runOnce();
    expect((await store.listKeys()).length).toBe(before.length);
  }, 60_000);

  it('re-plans under the lock: a concurrent holder makes it wait, then no work is repeated', async () => {
    clock.advance(31 * DAY);
    const r = rotator();
    let releaseLock: () => void = () => undefined;
    let holding: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const held = store.withKeyLock(async () => {
      holding();
      await new Promise<void>((resolve) => {
        releaseLock = resolve;
      });
    });
    await started;
    // One key transaction at a time in this process: both wait behind the holder; either way the
    // second plan starts from the rows the first committed.
    const racing = Promise.all([r.runOnce(), rotator().runOnce()]);
    releaseLock();
    await held;
    await racing;
    const log = await store.listTransitions('v1');
    const lastActivations = log.filter((t) => t.type === 'activate' && t.at.getTime() === clock());
    expect(lastActivations).toHaveLength(1);
  }, 60_000);

  it('schedules itself: sleeps until the next change (capped at 1 h), stops cleanly', async () => {
    const timer = manualTimer();
    const r = new Rotator({ store, kek, alg: 'ES256', settings, clock, timer });
    r.start();
    expect([...timer.pending.values()].map((p) => p.ms)).toEqual([0]);
    const [first] = [...timer.pending.values()];
    timer.pending.clear();
    first?.fn();
    await r.stop();
    r.start();
    const [again] = [...timer.pending.values()];
    timer.pending.clear();
    again?.fn();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await r.stop();
    // stop() cleared the follow-up timer it had set (the 1 h cap, as nothing is due sooner).
    expect(timer.pending.size).toBe(0);
  }, 60_000);
});
