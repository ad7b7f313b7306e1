import type { Context } from 'koa';
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
