import { describe, expect, it } from 'vitest';
import type { Answer } from '../src/load.js';
import { processFigures, windowSummary } from '../src/soak-window.js';

const answer = (status: number, ms: number, extra: Partial<Answer> = {}): Answer => ({
  at: 0,
  ms,
  status,
  ...extra,
});

describe('the soak report', () => {
  it('counts answers by status and code, and only undocumented ones as errors', () => {
    const w = windowSummary([
      ...Array.from({ length: 98 }, (_, i) => answer(201, i + 1)),
      answer(503, 200, { code: 'store_unavailable', retryAfter: '1' }),
      answer(503, 300, { code: 'store_unavailable', retryAfter: null }),
      answer(0, 15_000, { error: 'TimeoutError' }),
    ]);
    expect(w.byStatus).toEqual({ 201: 98, '503 store_unavailable': 2, '0 TimeoutError': 1 });
    expect(w.errors).toBe(2);
    expect([w.total, w.p50, w.p99, w.max]).toEqual([101, 51, 300, 15_000]);
  });

  it("reads the issuer's RSS, CPU and event-loop lag beyond the 10 ms sampling interval", () => {
    const text = [
      '# TYPE nodejs_eventloop_lag_p50_seconds gauge',
      'nodejs_eventloop_lag_p50_seconds 0.010158079',
      'nodejs_eventloop_lag_p99_seconds 0.0345',
      'nodejs_eventloop_lag_max_seconds 0.2',
      'nodejs_eventloop_lag_p90_seconds 0.02',
      'process_resident_memory_bytes 121634816',
      'process_cpu_seconds_total 12.5',
    ].join('\n');
    const p = processFigures(text);
    expect(p.eventLoopP50Ms).toBeCloseTo(0.158, 3);
    expect(p.eventLoopP99Ms).toBeCloseTo(24.5, 3);
    expect(p.eventLoopMaxMs).toBeCloseTo(190, 3);
    expect([p.rssBytes, p.cpuSeconds]).toEqual([121_634_816, 12.5]);
    expect(() => processFigures('process_cpu_seconds_total 1')).toThrow(/nodejs_eventloop_lag/);
  });
});
