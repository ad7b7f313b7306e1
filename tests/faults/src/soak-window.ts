import { type Answer, isDocumentedFailure, percentile } from './load.js';

/** What the client saw in one reporting window of a soak. */
export interface WindowSummary {
  total: number;
  /** Answers by `status code` (`201`, `503 store_unavailable`, `0` for no answer). */
  byStatus: Record<string, number>;
  /** Answers that are neither a token nor a documented 503 with Retry-After. */
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

export function windowSummary(answers: readonly Answer[]): WindowSummary {
  const byStatus: Record<string, number> = {};
  let errors = 0;
  for (const a of answers) {
    const key = a.status === 201 ? '201' : `${a.status} ${a.code ?? a.error ?? ''}`.trim();
    byStatus[key] = (byStatus[key] ?? 0) + 1;
    if (a.status !== 201 && !isDocumentedFailure(a)) errors++;
  }
  const ms = answers.map((a) => a.ms);
  return {
    total: answers.length,
    byStatus,
    errors,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    max: Math.max(0, ...ms),
  };
}

/**
 * The issuer samples its event loop every 10 ms (perf_hooks.monitorEventLoopDelay, prom-client's
 * `eventLoopMonitoringPrecision`) and reports the time between samples, so an idle loop reads
 * ~10 ms: the lag is what exceeds it.
 */
export const EVENT_LOOP_SAMPLING_MS = 10;

/** The issuer's own figures, read from its `/metrics` (Prometheus text format). */
export interface ProcessFigures {
  /**
   * Event-loop lag since the previous scrape, in ms: the issuer's measured delay beyond the
   * sampling interval.
   */
  eventLoopP50Ms: number;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  rssBytes: number;
  cpuSeconds: number;
}

export function processFigures(metricsText: string): ProcessFigures {
  const value = (name: string): number => {
    const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(metricsText);
    if (match === null) throw new Error(`the issuer's /metrics has no ${name}`);
    return Number(match[1]);
  };
  const lag = (name: string) => Math.max(0, value(name) * 1000 - EVENT_LOOP_SAMPLING_MS);
  return {
    eventLoopP50Ms: lag('nodejs_eventloop_lag_p50_seconds'),
    eventLoopP99Ms: lag('nodejs_eventloop_lag_p99_seconds'),
    eventLoopMaxMs: lag('nodejs_eventloop_lag_max_seconds'),
    rssBytes: value('process_resident_memory_bytes'),
    cpuSeconds: value('process_cpu_seconds_total'),
  };
}

const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));

/** One line of the soak's per-window report. */
export function formatWindow(
  label: string,
  w: WindowSummary,
  p: ProcessFigures,
  extra: { cpuPercent: number; load: readonly number[]; skipped: number },
): string {
  return [
    label,
    `answers ${w.total} ${JSON.stringify(w.byStatus)}`,
    `errors ${w.errors}`,
    `p50 ${ms(w.p50)} ms p99 ${ms(w.p99)} ms max ${ms(w.max)} ms`,
    `rss ${(p.rssBytes / 1_048_576).toFixed(0)} MB`,
    `event-loop lag p50 ${ms(p.eventLoopP50Ms)} p99 ${ms(p.eventLoopP99Ms)} max ${ms(p.eventLoopMaxMs)} ms`,
    `issuer cpu ${extra.cpuPercent.toFixed(0)}%`,
    `loadavg ${extra.load.map((l) => l.toFixed(2)).join(' ')}`,
    `skipped ${extra.skipped}`,
  ].join(' | ');
}
