import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { type AuditEvents, type Caller, type NewAuditEvent, systemActor } from '../audit/events.js';
import type { Clock } from '../clock.js';
import type { SigningAlg } from '../config/config.js';
import { IssuerError } from '../errors.js';
import type { IssuerVersion, SigningKeyRecord } from '../store/records.js';
import type { KeyTransaction, Store } from '../store/store.js';
import { ISSUERS } from './ensure-keys.js';
import { generateSigningKey } from './generate-key.js';
import {
  applyTransition,
  changedKeys,
  nextWakeUp,
  planEmergencyRotation,
  planRotation,
  type RotationSettings,
  type RotationState,
  type RotationTransition,
} from './rotation/index.js';
import { toKeyChange, toRotationState } from './rotation-state.js';
import { MAX_TIMER_DELAY_MS, systemTimer, type Timer } from './timer.js';

/** Points inside a transition's transaction where a test may kill the process. */
export type RotatorHookPoint = 'after-generate' | 'after-apply';

export interface RotatorOptions {
  store: Store;
  kek: Buffer;
  alg: SigningAlg;
  settings: Readonly<Record<IssuerVersion, RotationSettings>>;
  clock: Clock;
  timer?: Timer;
  logger?: Logger;
  /** Longest sleep between two plans (default 1 h): settings or peers may change meanwhile. */
  maxSleepMs?: number;
  /** Delay before retrying after a failure or while another replica holds the lock. */
  retryMs?: number;
  /** The audit trail: each transition's events are written in its own transaction. */
  events?: AuditEvents;
  /** Test-only: called inside the transaction, before commit. */
  hook?: (point: RotatorHookPoint) => void | Promise<void>;
}

export type StepResult =
  | { status: 'applied'; transition: RotationTransition }
  | { status: 'idle'; wakeAt: number }
  | { status: 'locked' };

export interface EmergencyResult {
  explanation: string;
  consequences: readonly string[];
  keys: SigningKeyRecord[];
}

/** Safety net: a planner bug must not loop forever inside one wake-up. */
const MAX_STEPS = 20;

/**
 * Runs the pure planner against the store: each transition in its own transaction, under the
 * cross-replica key lock, re-planned from the rows read under that lock (a plan is never applied
 * to a state it was not made from). Sleeps until the next planned change, or until woken.
 */
export class Rotator {
  readonly #o: RotatorOptions;
  readonly #timer: Timer;
  readonly #replica = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  #handle: unknown;
  #running = false;
  #tick: Promise<void> | undefined;
  #again = false;

  constructor(options: RotatorOptions) {
    this.#o = options;
    this.#timer = options.timer ?? systemTimer;
  }

  get replica(): string {
    return this.#replica;
  }

  /** One transition for `issuer`, in one transaction; `locked` when another replica holds it. */
  async step(issuer: IssuerVersion, options: { wait?: boolean } = {}): Promise<StepResult> {
    const store = this.#o.store;
    const locked = <T>(fn: (tx: KeyTransaction) => Promise<T>) =>
      options.wait === true
        ? store.withKeyLock(fn).then((value) => ({ acquired: true as const, value }))
        : store.tryKeyLock(fn);
    const result = await locked(async (tx): Promise<StepResult> => {
      const state = toRotationState(await tx.listKeys(issuer));
      const now = this.#o.clock();
      const settings = this.#o.settings[issuer];
      const plan = planRotation(state, settings, now);
      const transition = plan.transitions[0];
      if (transition === undefined) {
        return { status: 'idle', wakeAt: nextWakeUp(state, settings, now) };
      }
      const committed = await this.#apply(tx, issuer, state, [transition], now);
      // In the transition's own transaction: the replica that commits it records it, exactly once.
      const events = this.#o.events;
      if (events !== undefined) {
        const actor = { ...systemActor('rotator'), name: this.#replica };
        await tx.insertEvents(
          committed.map((e) =>
            events.build({
              type: e.type,
              actor,
              target: { type: 'key', id: e.kid },
              detail: e.detail,
            }),
          ),
        );
      }
      return { status: 'applied', transition };
    });
    return result.acquired ? result.value : { status: 'locked' };
  }

  /**
   * Applies every due transition of both issuers. Returns when to plan again (epoch ms).
   * Another replica holding the lock means "soon": it may be half-way through a sequence.
   * `wait` blocks on the lock instead (start-up: serve only once the key set is complete).
   */
  async runOnce(options: { wait?: boolean } = {}): Promise<number> {
    let wakeAt = Number.POSITIVE_INFINITY;
    for (const issuer of ISSUERS) {
      for (let i = 0; ; i += 1) {
        if (i === MAX_STEPS) {
          throw new Error(`rotation of ${issuer} did not settle after ${MAX_STEPS} transitions`);
        }
        const result = await this.step(issuer, options);
        if (result.status === 'applied') {
          this.#o.logger?.info(
            { issuer, transition: result.transition.type, reason: result.transition.reason },
            'key rotation: transition committed',
          );
          continue;
        }
        const at = result.status === 'idle' ? result.wakeAt : this.#o.clock() + this.#retryMs();
        wakeAt = Math.min(wakeAt, at);
        break;
      }
    }
    return wakeAt;
  }

  /**
   * Emergency rotation, all transitions in ONE transaction (blocking lock: an operator waits for
   * a replica's scheduled transition rather than failing). Without `confirm` nothing changes and
   * the error explains the consequences.
   */
  async emergency(
    issuer: IssuerVersion,
    options: { confirm: boolean; removeCompromised: boolean },
    caller?: Caller,
  ): Promise<EmergencyResult> {
    return this.#o.store.withKeyLock(async (tx) => {
      const state = toRotationState(await tx.listKeys(issuer));
      const now = this.#o.clock();
      const plan = planEmergencyRotation(state, this.#o.settings[issuer], now, {
        removeCompromised: options.removeCompromised,
      });
      if (!plan.ok) {
        throw new IssuerError('conflict', plan.explanation);
      }
      if (!options.confirm) {
        throw new IssuerError(
          'confirmation_required',
          `Emergency rotation of the ${issuer} issuer needs "confirm": true. Consequences:\n${plan.explanation}`,
        );
      }
      const committed = await this.#apply(tx, issuer, state, plan.transitions, now);
      // One event for the operator's action, committed with the rotation itself.
      const rotated = committed.find((e) => e.type === 'key.rotated');
      const events = this.#o.events;
      if (events !== undefined) {
        await tx.insertEvents([
          events.build(
            {
              type: 'key.emergency_rotated',
              actor: caller?.actor ?? systemActor('cli'),
              target: { type: 'key', id: rotated?.kid ?? issuer },
              detail: {
                issuer,
                removeCompromised: options.removeCompromised,
                transitions: committed.map((e) => ({ type: e.type, ...e.detail })),
              },
            },
            caller,
          ),
        ]);
      }
      return {
        explanation: plan.explanation,
        consequences: plan.consequences,
        keys: await tx.listKeys(issuer),
      };
    });
  }

  async #apply(
    tx: KeyTransaction,
    issuer: IssuerVersion,
    before: RotationState,
    transitions: readonly RotationTransition[],
    now: number,
  ): Promise<KeyEvent[]> {
    let state = before;
    const events: KeyEvent[] = [];
    const generated = new Map<string, SigningKeyRecord>();
    for (const transition of transitions) {
      let fresh: SigningKeyRecord | undefined;
      if (transition.type === 'generate-next' || transition.type === 'generate-current') {
        fresh = await generateSigningKey({
          issuer,
          alg: this.#o.alg,
          state: 'next',
          kek: this.#o.kek,
          now: new Date(now),
        });
      }
      const after = applyTransition(state, transition, now, () => {
        if (fresh === undefined) throw new Error('a transition generated a key unexpectedly');
        generated.set(fresh.id, fresh);
        return { id: fresh.id, kid: fresh.kid };
      });
      if (after === state) continue;
      // The unique "one current key" index sees the old key leave before the new one arrives.
      const changes = changedKeys(state, after).sort(
        (a, b) => Number(a.state === 'current') - Number(b.state === 'current'),
      );
      for (const key of changes) {
        const change = toKeyChange(key);
        const record = generated.get(key.id);
        if (record !== undefined && !before.keys.some((k) => k.id === key.id)) {
          generated.delete(key.id);
          await tx.insertKey({
            ...record,
            state: change.state,
            activatedAt: change.activatedAt ?? null,
            activation: change.activation ?? null,
            publishedAt: change.publishedAt ?? null,
          });
          await this.#o.hook?.('after-generate');
        } else {
          await tx.updateKey(key.id, change);
        }
      }
      await tx.recordTransition({
        issuer,
        type: transition.type,
        keyId: 'keyId' in transition ? transition.keyId : (changes.at(-1)?.id ?? null),
        reason: transition.reason,
        replica: this.#replica,
        at: new Date(now),
      });
      events.push(...keyEvents(issuer, transition, state, after, changes.at(-1)?.id));
      state = after;
    }
    await this.#o.hook?.('after-apply');
    return events;
  }

  /** Starts the schedule: plans at once, then sleeps until the next planned change. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Plans again now (a peer changed the key set, or an operator asked). */
  wake(): void {
    if (this.#running) this.#schedule(0);
  }

  /** Stops the schedule and waits for a running plan to finish. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#handle !== undefined) this.#timer.clearTimeout(this.#handle);
    this.#handle = undefined;
    await this.#tick;
  }

  #retryMs(): number {
    return this.#o.retryMs ?? 5_000;
  }

  #schedule(delayMs: number): void {
    if (this.#handle !== undefined) this.#timer.clearTimeout(this.#handle);
    const cap = Math.min(this.#o.maxSleepMs ?? 3_600_000, MAX_TIMER_DELAY_MS);
    const delay = Math.max(0, Math.min(delayMs, cap));
    this.#handle = this.#timer.setTimeout(() => {
      this.#handle = undefined;
      this.#run();
    }, delay);
  }

  #run(): void {
    if (this.#tick !== undefined) {
      // Woken while planning: plan once more when this run ends.
      this.#again = true;
      return;
    }
    this.#tick = (async () => {
      let delay: number;
      try {
        const wakeAt = await this.runOnce();
        delay = wakeAt - this.#o.clock();
      } catch (error) {
        this.#o.logger?.error({ err: error }, 'key rotation failed; retrying');
        delay = this.#retryMs();
      }
      this.#tick = undefined;
      if (!this.#running) return;
      if (this.#again) {
        this.#again = false;
        delay = 0;
      }
      this.#schedule(delay);
    })();
  }
}

/** A committed key change as the audit trail names it (`NewAuditEvent` without its actor). */
interface KeyEvent {
  type: Extract<NewAuditEvent['type'], `key.${string}`>;
  kid: string;
  detail: Record<string, string | boolean | null>;
}

/** The audit events of one committed transition: the key it changed and, on activation, the key it replaced. */
function keyEvents(
  issuer: IssuerVersion,
  transition: RotationTransition,
  before: RotationState,
  after: RotationState,
  generatedId: string | undefined,
): KeyEvent[] {
  const kidOf = (id: string | undefined) =>
    after.keys.find((k) => k.id === id)?.kid ??
    before.keys.find((k) => k.id === id)?.kid ??
    String(id);
  const base = { issuer, reason: transition.reason };
  switch (transition.type) {
    case 'generate-next':
      return [
        { type: 'key.generated', kid: kidOf(generatedId), detail: { ...base, state: 'next' } },
      ];
    case 'publish':
      return [{ type: 'key.published', kid: kidOf(transition.keyId), detail: base }];
    case 'remove':
      return [
        {
          type: 'key.removed',
          kid: kidOf(transition.keyId),
          detail: { ...base, compromised: transition.compromised },
        },
      ];
    case 'retire':
      return [{ type: 'key.retired', kid: kidOf(transition.keyId), detail: base }];
    case 'activate':
    case 'generate-current': {
      const id = transition.type === 'activate' ? transition.keyId : generatedId;
      const previous = transition.previous;
      const events: KeyEvent[] = [
        {
          type:
            transition.type === 'generate-current' && transition.mode === 'bootstrap'
              ? 'key.generated'
              : 'key.rotated',
          kid: kidOf(id),
          detail: {
            ...base,
            mode: transition.mode,
            state: 'current',
            previousKid: previous === null ? null : kidOf(previous.keyId),
          },
        },
      ];
      if (previous !== null) {
        events.push({
          type: previous.action === 'retire' ? 'key.retired' : 'key.removed',
          kid: kidOf(previous.keyId),
          detail: { ...base, replacedBy: kidOf(id), compromised: previous.action === 'remove' },
        });
      }
      return events;
    }
  }
}
