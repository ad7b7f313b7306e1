import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.js';
import { randomId } from '../auth/secrets.js';
import type { Clock } from '../clock.js';
import type { AuditEventRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { safeDetail } from './detail.js';
import type { AuditActorType, AuditEventType, AuditOutcome } from './event-types.js';
import { NO_REQUEST, type RequestContext } from './request-context.js';

export interface AuditActor {
  readonly type: AuditActorType;
  readonly id: string;
  readonly name: string | null;
}

/** Who is acting and from which request: what a service needs to record an admin action. */
export interface Caller extends RequestContext {
  readonly actor: AuditActor;
}

/** An event as a service reports it; the recorder adds id, time, request id and source. */
export interface NewAuditEvent {
  readonly type: AuditEventType;
  readonly actor: AuditActor;
  /** Default `success`. */
  readonly outcome?: AuditOutcome;
  /** The error code of a refusal or failure (`grant_denied`, `unauthorized`…). */
  readonly reason?: string | null;
  /** What it acted on: `{ type: 'client', id }`, `{ type: 'key', id: kid }`… */
  readonly target?: { readonly type: string; readonly id: string } | null;
  /** Small JSON: never a secret, never a full token (redacted and bounded on the way in). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface AuditEventsOptions {
  store: Store;
  clock: Clock;
  logger?: Logger;
  /** Waiting time for company before a batch is written (group commit). */
  lingerMs?: number;
  /** Best-effort events beyond this many waiting are dropped (and counted), never queued. */
  maxQueue?: number;
  /** Called with how many best-effort events were dropped (queue full or a failed write). */
  onDropped?: (count: number) => void;
}

interface Pending {
  event: AuditEventRecord;
  /** Absent: best effort, nobody waits. */
  resolve?: () => void;
  reject?: (error: unknown) => void;
}

const MAX_BATCH = 256;

/** The audit actor of an authenticated caller. */
export function actorOf(principal: Principal): AuditActor {
  return { type: principal.type, id: principal.id, name: principal.name };
}

/** The issuer itself (`rotator`, `retention`, `cli`…). */
export function systemActor(id: string): AuditActor {
  return { type: 'system', id, name: null };
}

/**
 * The one way to append audit events (`services.events`). Events are group-committed like the
 * token records: `record` resolves once its event is durable (admin actions await it), `note`
 * never waits and never throws (refusals and other hot-path events: cheap, best effort, dropped
 * and counted when the queue is full or the write fails).
 */
export class AuditEvents {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #logger: Logger | undefined;
  readonly #lingerMs: number;
  readonly #maxQueue: number;
  readonly #onDropped: ((count: number) => void) | undefined;
  #queue: Pending[] = [];
  #inFlight = 0;
  #writing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: AuditEventsOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#lingerMs = options.lingerMs ?? 2;
    this.#maxQueue = options.maxQueue ?? 10_000;
    this.#onDropped = options.onDropped;
  }

  /** Events waiting for, or in, their commit. */
  get depth(): number {
    return this.#queue.length + this.#inFlight;
  }

  /** Appends the event; resolves once it is committed, rejects (`store_unavailable`) if not. */
  record(event: NewAuditEvent, context: RequestContext = NO_REQUEST): Promise<void> {
    const stored = this.#build(event, context);
    return new Promise<void>((resolve, reject) => {
      this.#enqueue({ event: stored, resolve, reject });
    });
  }

  /** Appends the event best effort: returns at once; a full queue or failed write drops it. */
  note(event: NewAuditEvent, context: RequestContext = NO_REQUEST): void {
    if (this.#queue.length >= this.#maxQueue) {
      this.#dropped(1);
      return;
    }
    this.#enqueue({ event: this.#build(event, context) });
  }

  /** Resolves once everything queued before the call is written (tests, shutdown). */
  async flush(): Promise<void> {
    if (this.#queue.length > 0) this.#flushNow();
    while (this.#writing !== undefined) await this.#writing;
  }

  /**
   * The stored form of an event, for a caller that writes it in its own transaction (the
   * rotator, with the key change it records): id, time and context filled in, detail redacted.
   */
  build(event: NewAuditEvent, context: RequestContext = NO_REQUEST): AuditEventRecord {
    return this.#build(event, context);
  }

  #build(event: NewAuditEvent, context: RequestContext): AuditEventRecord {
    return {
      id: randomId('ev'),
      at: new Date(this.#clock()),
      type: event.type,
      actorType: event.actor.type,
      actorId: event.actor.id,
      actorName: event.actor.name,
      targetType: event.target?.type ?? null,
      targetId: event.target?.id ?? null,
      requestId: context.requestId,
      source: context.source,
      outcome: event.outcome ?? 'success',
      reason: event.reason ?? null,
      detail: safeDetail(event.detail),
    };
  }

  #enqueue(pending: Pending): void {
    this.#queue.push(pending);
    if (this.#writing !== undefined) return;
    if (this.#queue.length >= MAX_BATCH) this.#flushNow();
    else this.#timer ??= setTimeout(() => this.#flushNow(), this.#lingerMs);
  }

  #flushNow(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#queue.length > 0) this.#writing ??= this.#drain();
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_BATCH);
      this.#inFlight = batch.length;
      try {
        await this.#store.insertEvents(batch.map((p) => p.event));
        for (const p of batch) p.resolve?.();
      } catch (error) {
        const lost = batch.filter((p) => p.reject === undefined);
        for (const p of batch) p.reject?.(error);
        if (lost.length > 0) {
          this.#dropped(lost.length);
          this.#logger?.error(
            { err: error, types: [...new Set(lost.map((p) => p.event.type))], count: lost.length },
            'audit events lost: the store refused their write',
          );
        }
      } finally {
        this.#inFlight = 0;
      }
    }
    this.#writing = undefined;
  }

  #dropped(count: number): void {
    this.#onDropped?.(count);
  }
}
