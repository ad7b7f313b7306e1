import { expect } from 'vitest';
import { type Answer, isDocumentedFailure, mintOnce, percentile } from './load.js';

/** Bounds the suite asserts (the issuers run with a 1 s acquire and 2 s statement timeout). */
export const ANSWER_BOUND_MS = 6_000;
export const RECOVERY_BOUND_MS = 10_000;
/**
 * `/readyz` waits at most 750 ms for the store (the issuer's READINESS_CHECK_MS), whatever the
 * store timeouts; the rest is headroom for a loaded 2-core machine.
 */
export const READY_BOUND_MS = 2_000;

export interface Readiness {
  /** HTTP status, or 0 when no answer arrived within twice the bound (a hang). */
  status: number;
  ms: number;
  ready?: string;
}

/** One `/readyz` probe, timed; a hang shows as status 0 instead of blocking the test. */
export async function probeReady(url: string): Promise<Readiness> {
  const at = Date.now();
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2 * READY_BOUND_MS) });
    const body = (await res.json()) as { status?: string };
    return { status: res.status, ms: Date.now() - at, ...(body.status && { ready: body.status }) };
  } catch {
    return { status: 0, ms: Date.now() - at };
  }
}

/** `/readyz` answered within the bound, with one of the expected statuses and a matching body. */
export function expectReadiness(r: Readiness, statuses: number[]): void {
  expect(statuses, JSON.stringify(r)).toContain(r.status);
  expect(r.ready).toBe(r.status === 200 ? 'ready' : 'not_ready');
  expect(r.ms, `/readyz took ${r.ms} ms`).toBeLessThan(READY_BOUND_MS);
}

/** Polls `/readyz` until it says ready; returns how long after `since` it did. */
export async function readyAgain(url: string, since: number): Promise<number> {
  for (;;) {
    const r = await probeReady(url);
    if (r.status === 200) return Date.now() - since;
    if (Date.now() > since + RECOVERY_BOUND_MS)
      throw new Error(
        `${url}/readyz not ready within ${RECOVERY_BOUND_MS} ms: ${JSON.stringify(r)}`,
      );
    await sleep(100);
  }
}

export interface Summary {
  total: number;
  minted: number;
  failures: Record<string, number>;
  p99: number;
  max: number;
}

export function summarise(answers: Answer[]): Summary {
  const failures: Record<string, number> = {};
  for (const a of answers) {
    if (a.status === 201) continue;
    const key = `${a.status} ${a.code ?? a.error ?? ''}`.trim();
    failures[key] = (failures[key] ?? 0) + 1;
  }
  const ms = answers.map((a) => a.ms);
  return {
    total: answers.length,
    minted: answers.filter((a) => a.status === 201).length,
    failures,
    p99: percentile(ms, 99),
    max: Math.max(0, ...ms),
  };
}

/** Every answer is a token or a documented 503 with Retry-After, within the bound. */
export function expectDocumentedAnswers(answers: Answer[], allow?: (a: Answer) => boolean): void {
  const bad = answers.filter(
    (a) => a.status !== 201 && !isDocumentedFailure(a) && !(allow?.(a) ?? false),
  );
  expect(bad.slice(0, 5), `undocumented answers: ${JSON.stringify(summarise(bad))}`).toEqual([]);
  const slow = answers.filter((a) => a.ms > ANSWER_BOUND_MS && !(allow?.(a) ?? false));
  expect(slow.length, `answers slower than ${ANSWER_BOUND_MS} ms`).toBe(0);
}

export function expectUniqueJtis(answers: Answer[]): string[] {
  const jtis = answers.flatMap((a) => (a.status === 201 && a.jti ? [a.jti] : []));
  expect(new Set(jtis).size).toBe(jtis.length);
  expect(answers.filter((a) => a.status === 201 && !a.jti)).toEqual([]);
  return jtis;
}

/** Waits until a mint succeeds on `url`; returns how long after `since` it did. */
export async function recovered(url: string, key: string, since: number): Promise<number> {
  const deadline = since + RECOVERY_BOUND_MS;
  for (;;) {
    const a = await mintOnce(url, key, 5_000);
    if (a.status === 201) return Date.now() - since;
    if (Date.now() > deadline)
      throw new Error(`minting on ${url} did not recover within ${RECOVERY_BOUND_MS} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
