import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import { type AuditEvents, systemActor } from './events.js';

export interface AuditRetentionOptions {
  store: Store;
  /** RUNID_AUDIT_RETENTION in ms: events older than this, tokens this long past their expiry. */
  retentionMs: number;
  clock: Clock;
  events?: AuditEvents;
  logger?: Logger;
  /** Rows per DELETE (one short transaction each). */
  batchSize?: number;
  /** Pause between two batches, so mints and their audit commits go in between. */
  pauseMs?: number;
  /** How often a purge runs (the first one shortly after start). */
  intervalMs?: number;
  /** Injected for tests: resolves after `ms` (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
}

export interface PurgeResult {
  events: number;
  tokens: number;
}

const DEFAULT_BATCH = 500;
const DEFAULT_PAUSE_MS = 50;
const DEFAULT_INTERVAL_MS = 3_600_000;
/** Safety net: one run never deletes more than this many batches (the next run goes on). */
const MAX_BATCHES = 10_000;

const timerSleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/**
 * The audit retention purger: deletes events older than the retention, and token records only
 * once their expiry plus the retention has passed, in small batches with a pause between them so
 * it never holds the store long enough to slow a mint. Deletes are idempotent: two replicas
 * purging at once delete each row once and both finish.
 */
export class AuditRetention {
  readonly #o: AuditRetentionOptions;
  readonly #sleep: (ms: number) => Promise<void>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<PurgeResult> | undefined;
  #stopped = true;
  /** Set by stop(): a purge in progress ends after its current batch. */
  #closing = false;

  constructor(options: AuditRetentionOptions) {
    this.#o = options;
    this.#sleep = options.sleep ?? timerSleep;
  }

  /** One purge: every batch due now, then the `audit.purged` event when anything went. */
  runOnce(): Promise<PurgeResult> {
    this.#running ??= this.#purge().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#closing = false;
    this.#schedule(Math.min(60_000, this.#o.intervalMs ?? DEFAULT_INTERVAL_MS));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#closing = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.runOnce()
        .catch((error: unknown) =>
          this.#o.logger?.warn({ err: error }, 'audit retention purge failed; retrying later'),
        )
        .finally(() => {
          if (!this.#stopped) this.#schedule(this.#o.intervalMs ?? DEFAULT_INTERVAL_MS);
        });
    }, delayMs);
    this.#timer.unref();
  }

  async #purge(): Promise<PurgeResult> {
    const batch = this.#o.batchSize ?? DEFAULT_BATCH;
    const pause = this.#o.pauseMs ?? DEFAULT_PAUSE_MS;
    const before = new Date(this.#o.clock() - this.#o.retentionMs);
    const result: PurgeResult = { events: 0, tokens: 0 };
    for (const [table, purge] of [
      ['events', (n: number) => this.#o.store.purgeEvents(before, n)],
      ['tokens', (n: number) => this.#o.store.purgeTokens(before, n)],
    ] as const) {
      for (let i = 0; i < MAX_BATCHES; i += 1) {
        if (this.#closing) break;
        const deleted = await purge(batch);
        result[table] += deleted;
        if (deleted < batch) break;
        await this.#sleep(pause);
      }
    }
    if (result.events + result.tokens > 0) {
      this.#o.logger?.info({ ...result, before }, 'audit retention: purged');
      await this.#o.events
        ?.record({
          type: 'audit.purged',
          actor: systemActor('retention'),
          detail: { ...result, before: before.toISOString(), retentionMs: this.#o.retentionMs },
        })
        .catch((error: unknown) =>
          this.#o.logger?.warn({ err: error }, 'recording the audit purge failed'),
        );
    }
    return result;
  }
}
