import { describe, expect, it } from 'vitest';
import {
  createTokenCache,
  createTokenSource,
  defaultRefreshWhen,
  type MintedToken,
  RunIdApiError,
  refreshMarginMs,
  type TokenRequest,
} from '../src/index.js';
import { deploymentRequest, mintedToken } from './helpers/tokens.js';

/** A minter whose tokens are issued "now" by the injected clock. */
function fakeMinter(clock: { now: number }, lifetimeSeconds: number) {
  const calls: TokenRequest[] = [];
  let fail: Error | undefined;
  let gate: Promise<void> | undefined;
  return {
    calls,
    failNext(error: Error) {
      fail = error;
    },
    hold() {
      let release!: () => void;
      gate = new Promise((r) => {
        release = r;
      });
      return release;
    },
    async mintToken(request: TokenRequest): Promise<MintedToken> {
      calls.push(request);
      if (gate) await gate;
      if (fail) {
        const e = fail;
        fail = undefined;
        throw e;
      }
      return mintedToken({ iat: Math.floor(clock.now / 1000), lifetimeSeconds });
    },
  };
}

const T0 = 1_700_000_000_000;

describe('default refresh policy', () => {
  it('uses the larger margin: 20 % of the life, or 5 minutes', () => {
    expect(refreshMarginMs(3_600_000)).toBe(720_000);
    expect(refreshMarginMs(1_500_000)).toBe(300_000);
    expect(refreshMarginMs(900_000)).toBe(300_000);
    const t = (lifetimeMs: number, remainingMs: number) =>
      defaultRefreshWhen({ now: 0, issuedAt: 0, expiresAt: lifetimeMs, lifetimeMs, remainingMs });
    expect(t(3_600_000, 720_001)).toBe(false);
    expect(t(3_600_000, 720_000)).toBe(true);
    expect(t(600_000, 300_001)).toBe(false);
    expect(t(600_000, 300_000)).toBe(true);
  });
});

describe('createTokenSource', () => {
  it('reuses a 1 h token until exactly 12 minutes (20 %) remain', async () => {
    const clock = { now: T0 };
    const minter = fakeMinter(clock, 3600);
    const source = createTokenSource(minter, deploymentRequest, { clock: () => clock.now });
    const first = await source.getToken();
    clock.now = T0 + 48 * 60_000 - 1; // 12 min + 1 ms left
    expect(await source.getToken()).toBe(first);
    expect(minter.calls).toHaveLength(1);
    clock.now = T0 + 48 * 60_000; // exactly 12 min left
    const second = await source.getToken();
    expect(second).not.toBe(first);
    expect(minter.calls).toHaveLength(2);
  });

  it('reuses a 15 min token until exactly 5 minutes remain (5 min > 20 %)', async () => {
    const clock = { now: T0 };
    const minter = fakeMinter(clock, 900);
    const source = createTokenSource(minter, deploymentRequest, { clock: () => clock.now });
    const first = await source.getToken();
    clock.now = T0 + 10 * 60_000 - 1;
    expect(await source.getToken()).toBe(first);
    clock.now = T0 + 10 * 60_000;
    expect(await source.getToken()).not.toBe(first);
    expect(minter.calls).toHaveLength(2);
  });

  it('never reuses a token of 5 minutes or less (already inside the margin)', async () => {
    const clock = { now: T0 };
    const minter = fakeMinter(clock, 300);
    const source = createTokenSource(minter, deploymentRequest, { clock: () => clock.now });
    await source.getToken();
    await source.getToken();
    expect(minter.calls).toHaveLength(2);
  });

  it('shares one in-flight mint between concurrent callers', async () => {
    const clock = { now: T0 };
    const minter = fakeMinter(clock, 3600);
    const release = minter.hold();
    const source = createTokenSource(minter, deploymentRequest, { clock: () => clock.now });
    const pending = Array.from({ length: 5 }, () => source.getToken());
    release();
    const tokens = await Promise.all(pending);
    expect(minter.calls).toHaveLength(1);
    expect(new Set(tokens).size).toBe(1);
  });

  it('does not cache a failed refresh: every waiter sees the error, the next call mints again', async () => {
    const clock = { now: T0 };
    const minter = fakeMinter(clock, 3600);
    const source = createTokenSource(minter, deploymentRequest, { clock: () => clock.now });
    const first = await source.getToken();
    clock.now = T0 + 3_000_000; // inside the margin
    minter.failNext(new RunIdApiError({ status: 503, code: 'store_unavailable', detail: 'down' }));
    const results = await Promise.allSettled([source.getToken(), source.getToken()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(minter.calls).toHaveLength(2);
    const next = await source.getToken();
    expect(next).not.toBe(first);
    expect(minter.calls).toHaveLength(3);
  });

  it("one caller's abort does not fail the shared mint for the others", async () => {
    const clock = { now: T0 };
    const minter = fakeMinter(clock, 3600);
    const release = minter.hold();
    const source = createTokenSource(minter, deploymentRequest, { clock: () => clock.now });
    const controller = new AbortController();
    const aborted = source.getToken({ signal: controller.signal });
    const patient = source.getToken();
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'aborted' });
    release();
    expect((await patient).token).toMatch(/\./);
    expect(minter.calls).toHaveLength(1);
  });

  it('mints a snapshot of the request, honours invalidate() and a custom refreshWhen', async () => {
    const clock = { now: T0 };
    const minter = fakeMinter(clock, 3600);
    const request = { ...deploymentRequest };
    const source = createTokenSource(minter, request, {
      clock: () => clock.now,
      refreshWhen: (t) => t.remainingMs < 60_000,
    });
    request.stack = 'changed-later';
    await source.getToken();
    expect(minter.calls[0]).toEqual(deploymentRequest);
    clock.now = T0 + 3_540_000 - 1;
    await source.getToken();
    expect(minter.calls).toHaveLength(1);
    source.invalidate();
    expect(source.peek()).toBeUndefined();
    await source.getToken();
    expect(minter.calls).toHaveLength(2);
  });

  it('refuses an answer whose exp is not after iat', async () => {
    const bad = mintedToken({ iat: 100, lifetimeSeconds: 0 });
    const source = createTokenSource({ mintToken: async () => bad }, deploymentRequest);
    await expect(source.getToken()).rejects.toMatchObject({ code: 'invalid_response' });
  });
});

describe('createTokenCache', () => {
  it('shares a token between equal requests whatever their key order', async () => {
    const clock = { now: T0 };
    const minter = fakeMinter(clock, 3600);
    const cache = createTokenCache(minter, { clock: () => clock.now });
    const reordered = {
      deployment: 42,
      operation: 'update',
      stack: 'prod',
      project: 'web',
      org: 'acme',
      kind: 'deployment',
    } as const;
    const a = await cache.getToken(deploymentRequest);
    const b = await cache.getToken(reordered);
    expect(b).toBe(a);
    await cache.getToken({ ...deploymentRequest, deployment: 43 });
    expect(minter.calls).toHaveLength(2);
  });
});
