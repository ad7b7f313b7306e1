import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export type MintOutcome = 'minted' | 'refused' | 'failed';

/** What the gauges read when scraped. */
export interface MetricsSources {
  /** Seconds since each issuer's signing key was activated. */
  keyAges(): Record<string, number | undefined>;
  /** Seconds since this replica last read the key set from the store. */
  keyViewAge(): number | undefined;
  /** Audit records waiting for (or in) their group commit. */
  auditQueueDepth(): number;
}

const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

/**
 * One registry per app instance: two issuers in one process never share counters. The default
 * process and Node.js metrics (CPU, memory, event-loop lag, GC, handles) are in it too, under
 * prom-client's standard names, so dashboards built for any Node.js service work.
 */
export class IssuerMetrics {
  readonly registry = new Registry();
  readonly tokensMinted: Counter<'kind' | 'outcome'>;
  readonly mintDuration: Histogram<'kind' | 'outcome'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly storeDuration: Histogram<'operation' | 'outcome'>;
  readonly storeErrors: Counter;
  readonly signingKeyAge: Gauge<'issuer'>;
  readonly keyViewAge: Gauge;
  readonly auditQueueDepth: Gauge;
  readonly auditEventsDropped: Counter;

  constructor(sources: MetricsSources) {
    collectDefaultMetrics({ register: this.registry });
    this.tokensMinted = new Counter({
      name: 'runid_tokens_minted_total',
      help: 'Token requests by kind and outcome (minted, refused by validation or grants, failed).',
      labelNames: ['kind', 'outcome'],
      registers: [this.registry],
    });
    this.mintDuration = new Histogram({
      name: 'runid_mint_duration_seconds',
      help: 'Time to answer a token request inside the issuer (validate, check grants, sign, commit the audit record), by kind and outcome.',
      labelNames: ['kind', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'runid_http_request_duration_seconds',
      help: 'HTTP request latency by route template and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.storeDuration = new Histogram({
      name: 'runid_store_operation_duration_seconds',
      help: 'Store operations by operation (insertAudit, findClientByKeyHash, listKeys, ping, …) and outcome (ok, error).',
      labelNames: ['operation', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    this.storeErrors = new Counter({
      name: 'runid_store_errors_total',
      help: 'Failed store operations.',
      registers: [this.registry],
    });
    this.signingKeyAge = new Gauge({
      name: 'runid_signing_key_age_seconds',
      help: 'Seconds since the signing (current) key of each issuer was activated.',
      labelNames: ['issuer'],
      registers: [this.registry],
      collect() {
        for (const [issuer, age] of Object.entries(sources.keyAges())) {
          if (age !== undefined) this.set({ issuer }, age);
        }
      },
    });
    this.keyViewAge = new Gauge({
      name: 'runid_key_view_age_seconds',
      help: 'Seconds since this replica last read the key set from the store (re-read every 3 s and on every change; grows while the store is down).',
      registers: [this.registry],
      collect() {
        const age = sources.keyViewAge();
        if (age !== undefined) this.set(age);
      },
    });
    this.auditQueueDepth = new Gauge({
      name: 'runid_audit_queue_depth',
      help: 'Audit records waiting for or in their group commit (each holds a token response).',
      registers: [this.registry],
      collect() {
        this.set(sources.auditQueueDepth());
      },
    });
    this.auditEventsDropped = new Counter({
      name: 'runid_audit_events_dropped_total',
      help: 'Best-effort audit events (mint refusals, refused sign-ins) lost to a full queue or a failed write.',
      registers: [this.registry],
    });
  }
}
