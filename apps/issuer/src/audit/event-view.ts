import type { Schemas } from '@runid/contract';
import { auditView } from '../runs/audit-view.js';
import type { AuditEventRecord, AuditRecord } from '../store/records.js';
import type { TrailEntry } from './trail.js';

export type AuditEventView = Schemas['AuditEvent'];

/** An event as the contract shows it (null members left out). */
export function eventView(e: AuditEventRecord): AuditEventView {
  return {
    id: e.id,
    at: e.at.toISOString(),
    type: e.type,
    actor: {
      type: e.actorType,
      id: e.actorId,
      ...(e.actorName !== null && { name: e.actorName }),
    },
    ...(e.targetType !== null &&
      e.targetId !== null && { target: { type: e.targetType, id: e.targetId } }),
    ...(e.requestId !== null && { requestId: e.requestId }),
    ...(e.source !== null && { source: e.source }),
    outcome: e.outcome,
    ...(e.reason !== null && { reason: e.reason }),
    detail: e.detail,
  };
}

/** A minted token's record shown as a `token.minted` event. */
export function tokenEventView(r: AuditRecord): AuditEventView {
  return {
    id: r.jti,
    at: r.iat.toISOString(),
    type: 'token.minted',
    actor:
      r.runId !== undefined ? { type: 'run', id: r.runId } : { type: 'client', id: r.clientId },
    target: { type: 'token', id: r.jti },
    ...(typeof r.requestId === 'string' && { requestId: r.requestId }),
    ...(typeof r.source === 'string' && { source: r.source }),
    outcome: 'success',
    detail: {
      kind: r.kind,
      iss: r.iss,
      sub: r.sub,
      aud: r.aud,
      kid: r.kid,
      clientId: r.clientId,
      exp: r.exp.toISOString(),
    },
  };
}

export function entryEventView(entry: TrailEntry): AuditEventView {
  return entry.source === 'token' ? tokenEventView(entry.token) : eventView(entry.event);
}

/** One line of the NDJSON export (without its newline). */
export function exportLine(entry: TrailEntry): Schemas['AuditExportLine'] {
  return entry.source === 'token'
    ? { recordType: 'token', record: auditView(entry.token) }
    : { recordType: 'event', event: eventView(entry.event) };
}
