import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export type MintOutcome = 'minted' | 'refused' | 'failed';

/** One registry per app instance: two issuers in one process never share counters. */
export class IssuerMetrics {
  readonly registry = new Registry();
  readonly tokensMinted: Counter<'kind' | 'outcome'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly storeErrors: Counter;
  readonly signingKeyAge: Gauge<'issuer'>;

  constructor(keyAges: () => Record<string, number | undefined>) {
    this.tokensMinted = new Counter({
      name: 'runid_tokens_minted_total',
      help: 'Token requests by kind and outcome (minted, refused by validation or grants, failed).',
      labelNames: ['kind', 'outcome'],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'runid_http_request_duration_seconds',
      help: 'HTTP request latency by route template and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
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
        for (const [issuer, age] of Object.entries(keyAges())) {
          if (age !== undefined) this.set({ issuer }, age);
        }
      },
    });
  }
}
