import type { Schemas } from '@runid/contract';
import type { AuditRecord } from '../store/records.js';

/** An audit record as the contract shows it. */
export function auditView(r: AuditRecord): Schemas['AuditRecord'] {
  return {
    jti: r.jti,
    kind: r.kind,
    iss: r.iss,
    sub: r.sub,
    aud: r.aud,
    clientId: r.clientId,
    kid: r.kid,
    iat: r.iat.toISOString(),
    exp: r.exp.toISOString(),
    ...(r.runId !== undefined && { runId: r.runId }),
    ...(typeof r.requestId === 'string' && { requestId: r.requestId }),
    ...(typeof r.source === 'string' && { source: r.source }),
  };
}
