import type {
  AuditEventQuery,
  AuditEventRecord,
  AuditQuery,
  AuditRecord,
} from '../store/records.js';
import type { Store } from '../store/store.js';
import type { AuditEventType } from './event-types.js';

/** One entry of the audit trail: a minted token's record or an event. */
export type TrailEntry =
  | {
      readonly source: 'token';
      readonly at: Date;
      readonly id: string;
      readonly token: AuditRecord;
    }
  | {
      readonly source: 'event';
      readonly at: Date;
      readonly id: string;
      readonly event: AuditEventRecord;
    };

/** A keyset position in the merged trail: the last entry a page returned. */
export interface TrailPosition {
  readonly at: Date;
  readonly source: 'token' | 'event';
  readonly id: string;
}

export interface TrailFilter {
  /** Event types; `token.minted` selects the token records. Undefined: every type. */
  readonly types?: readonly AuditEventType[] | undefined;
  /** An actor id: a client's tokens are those it minted itself (a run's carry the run's id). */
  readonly actorId?: string | undefined;
  readonly since?: Date | undefined;
  readonly until?: Date | undefined;
  /** Leave out the token records, or the events (the export's `kinds`). */
  readonly tokens?: boolean;
  readonly events?: boolean;
}

export interface TrailPage {
  readonly entries: TrailEntry[];
  /** The position to read on from; undefined on the last page. */
  readonly next: TrailPosition | undefined;
}

/** Ascending order is (at, source, id) with tokens before events at the same millisecond. */
const RANK = { token: 0, event: 1 } as const;

function later(a: Date | undefined, b: Date): Date {
  return a === undefined || a < b ? b : a;
}
function earlier(a: Date | undefined, b: Date): Date {
  return a === undefined || a > b ? b : a;
}

/**
 * One page of the trail, tokens and events merged in time order. Each table is read by its own
 * keyset index (limit + 1 rows at most from each) and the two sorted streams are merged; ids are
 * compared only within a table, in the database's own order, so a cursor works on both stores.
 */
export async function readTrail(
  store: Store,
  filter: TrailFilter,
  options: { order: 'asc' | 'desc'; after?: TrailPosition | undefined; limit: number },
): Promise<TrailPage> {
  const { order, after, limit } = options;
  const asc = order === 'asc';
  const wantsTokens =
    filter.tokens !== false &&
    (filter.types === undefined || filter.types.includes('token.minted'));
  const eventTypes = filter.types?.filter((t) => t !== 'token.minted');
  const wantsEvents =
    filter.events !== false && (eventTypes === undefined || eventTypes.length > 0);

  const tokens: Promise<AuditRecord[]> = wantsTokens
    ? store.queryAudit(tokenQuery(filter, asc, after, limit + 1))
    : Promise.resolve([]);
  const events: Promise<AuditEventRecord[]> = wantsEvents
    ? store.queryEvents(eventQuery(filter, eventTypes, asc, after, limit + 1))
    : Promise.resolve([]);
  const [tokenRows, eventRows] = await Promise.all([tokens, events]);

  const merged: TrailEntry[] = [];
  let t = 0;
  let e = 0;
  const sign = asc ? 1 : -1;
  while (merged.length <= limit && (t < tokenRows.length || e < eventRows.length)) {
    const token = tokenRows[t];
    const event = eventRows[e];
    const takeToken =
      event === undefined ||
      (token !== undefined &&
        sign * (token.iat.getTime() - event.at.getTime() || RANK.token - RANK.event) < 0);
    if (takeToken && token !== undefined) {
      merged.push({ source: 'token', at: token.iat, id: token.jti, token });
      t += 1;
    } else if (event !== undefined) {
      merged.push({ source: 'event', at: event.at, id: event.id, event });
      e += 1;
    }
  }
  const entries = merged.slice(0, limit);
  const last = entries[entries.length - 1];
  return {
    entries,
    next:
      merged.length > limit && last !== undefined
        ? { at: last.at, source: last.source, id: last.id }
        : undefined,
  };
}

function tokenQuery(
  filter: TrailFilter,
  asc: boolean,
  after: TrailPosition | undefined,
  limit: number,
): AuditQuery {
  const query: AuditQuery = { order: asc ? 'asc' : 'desc', limit };
  if (filter.actorId !== undefined) {
    if (filter.actorId.startsWith('run_')) query.runId = filter.actorId;
    else {
      query.clientId = filter.actorId;
      query.runId = null;
    }
  }
  let { since, until } = filter;
  if (after?.source === 'token') query.after = { iat: after.at, jti: after.id };
  else if (after !== undefined) {
    // After an event at t: in ascending order the tokens at t came before it, in descending after.
    const next = new Date(after.at.getTime() + 1);
    if (asc) since = later(since, next);
    else until = earlier(until, next);
  }
  if (since !== undefined) query.since = since;
  if (until !== undefined) query.until = until;
  return query;
}

function eventQuery(
  filter: TrailFilter,
  types: readonly AuditEventType[] | undefined,
  asc: boolean,
  after: TrailPosition | undefined,
  limit: number,
): AuditEventQuery {
  const query: AuditEventQuery = { order: asc ? 'asc' : 'desc', limit };
  if (types !== undefined) query.types = types;
  if (filter.actorId !== undefined) query.actorId = filter.actorId;
  let { since, until } = filter;
  if (after?.source === 'event') query.after = { at: after.at, id: after.id };
  else if (after !== undefined) {
    // After a token at t: in ascending order the events at t follow it, in descending came before.
    if (asc) since = later(since, after.at);
    else until = earlier(until, after.at);
  }
  if (since !== undefined) query.since = since;
  if (until !== undefined) query.until = until;
  return query;
}
