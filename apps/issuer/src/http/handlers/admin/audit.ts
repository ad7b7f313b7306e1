import { Readable } from 'node:stream';
import type { Context } from 'koa';
import { type AuditEventType, isAuditEventType } from '../../../audit/event-types.js';
import { entryEventView } from '../../../audit/event-view.js';
import { EXPORT_PAGE, exportNdjson } from '../../../audit/export.js';
import { readTrail, type TrailFilter, type TrailPosition } from '../../../audit/trail.js';
import { decodeTrailCursor, encodeTrailCursor } from '../../../audit/trail-cursor.js';
import { IssuerError } from '../../../errors.js';
import { auditView } from '../../../runs/audit-view.js';
import type { IssuerServices } from '../../../services.js';
import type { AuditQuery, TokenKindName } from '../../../store/records.js';
import { decodeCursor, encodeCursor } from '../../../tokens/audit-cursor.js';
import { sendJson } from '../../steps.js';

interface AuditParams {
  jti?: string;
  sub?: string;
  clientId?: string;
  kind?: TokenKindName;
  runId?: string;
  since?: string;
  until?: string;
  limit: number;
  cursor?: string;
}

/** Answers one page; the `validParameters` step has checked and typed `ctx.state.query`. */
export function listAudit(services: IssuerServices) {
  return async function list(ctx: Context): Promise<void> {
    const q = ctx.state.query as AuditParams;
    const query: AuditQuery = { limit: q.limit + 1 };
    if (q.jti !== undefined) query.jti = q.jti;
    if (q.sub !== undefined) query.sub = q.sub;
    if (q.clientId !== undefined) query.clientId = q.clientId;
    if (q.kind !== undefined) query.kind = q.kind;
    if (q.runId !== undefined) query.runId = q.runId;
    if (q.since !== undefined) query.since = new Date(q.since);
    if (q.until !== undefined) query.until = new Date(q.until);
    if (q.cursor !== undefined) {
      const after = decodeCursor(q.cursor);
      if (after === undefined) {
        throw new IssuerError('invalid_request', 'The cursor is not one this issuer returned.', {
          errors: [
            {
              path: 'cursor',
              code: 'invalid_format',
              message: 'cursor must be a nextCursor from an earlier page',
            },
          ],
        });
      }
      query.after = after;
    }
    const rows = await services.store.queryAudit(query);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    sendJson(ctx, 200, {
      items: page.map(auditView),
      nextCursor: rows.length > q.limit && last !== undefined ? encodeCursor(last) : null,
    });
  };
}

interface EventParams {
  type?: string;
  actor?: string;
  since?: string;
  until?: string;
  limit: number;
  cursor?: string;
}

function badParameter(path: string, code: string, message: string, detail: string): IssuerError {
  return new IssuerError('invalid_request', detail, { errors: [{ path, code, message }] });
}

/** `type=a,b`: each must be a documented type. */
function eventTypes(text: string | undefined): AuditEventType[] | undefined {
  if (text === undefined) return undefined;
  const types = text.split(',').map((t) => t.trim());
  const unknown = types.filter((t) => !isAuditEventType(t));
  if (unknown.length > 0) {
    throw badParameter(
      'type',
      'invalid_enum',
      `type must be one or more of the documented event types (AuditEventType); unknown: ${unknown.slice(0, 5).join(', ')}`,
      'The type parameter names an unknown event type.',
    );
  }
  return types as AuditEventType[];
}

/** One page of the events, tokens included as `token.minted`, newest first. */
export function listAuditEvents(services: IssuerServices) {
  return async function list(ctx: Context): Promise<void> {
    const q = ctx.state.query as EventParams;
    const filter: TrailFilter = {
      types: eventTypes(q.type),
      actorId: q.actor,
      since: q.since === undefined ? undefined : new Date(q.since),
      until: q.until === undefined ? undefined : new Date(q.until),
    };
    let after: TrailPosition | undefined;
    if (q.cursor !== undefined) {
      after = decodeTrailCursor(q.cursor);
      if (after === undefined) {
        throw badParameter(
          'cursor',
          'invalid_format',
          'cursor must be a nextCursor from an earlier page',
          'The cursor is not one this issuer returned.',
        );
      }
    }
    const page = await readTrail(services.store, filter, { order: 'desc', after, limit: q.limit });
    sendJson(ctx, 200, {
      items: page.entries.map(entryEventView),
      nextCursor: page.next === undefined ? null : encodeTrailCursor(page.next),
    });
  };
}

/** The NDJSON export, streamed; a failure before the first page is an ordinary 503. */
export function exportAudit(services: IssuerServices) {
  return async function exportTrail(ctx: Context): Promise<void> {
    const q = ctx.state.query as { since?: string; until?: string; kinds?: string };
    const kinds = new Set((q.kinds ?? 'tokens,events').split(','));
    // Up to now: an export of a busy issuer ends instead of chasing the newest records.
    const now = new Date(services.clock() + 1);
    const until =
      q.until === undefined ? now : new Date(Math.min(Date.parse(q.until), now.getTime()));
    const filter: TrailFilter = {
      since: q.since === undefined ? undefined : new Date(q.since),
      until,
      tokens: kinds.has('tokens'),
      events: kinds.has('events'),
    };
    const first = await readTrail(services.store, filter, { order: 'asc', limit: EXPORT_PAGE });
    ctx.status = 200;
    ctx.type = 'application/x-ndjson';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = Readable.from(exportNdjson(services.store, filter, first, services.logger));
  };
}
