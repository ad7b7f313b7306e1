import { parseBearer } from '../auth/bearer.js';
import type { Principal } from '../auth/principal.js';
import { apiKeyType } from '../auth/secrets.js';
import { toIssuerError } from '../error-conversion.js';
import { type AuditActor, actorOf, type NewAuditEvent } from './events.js';

/** The caller of a request refused before it authenticated. */
export const ANONYMOUS: AuditActor = Object.freeze({
  type: 'anonymous',
  id: 'anonymous',
  name: null,
});

const MAX_ERRORS = 10;

/**
 * The credential a request presented, by its shape only (never the key): `none`, `malformed`
 * (not a `Bearer rid_…` of a known type), or the key's type.
 */
export function presentedCredential(authorization: string | undefined): string {
  if (authorization === undefined || authorization === '') return 'none';
  const key = parseBearer(authorization);
  return (key !== undefined && apiKeyType(key)) || 'malformed';
}

export interface RefusalFacts {
  /** The authenticated caller, when authentication got that far. */
  principal?: Principal | undefined;
  /** The request's Authorization header, to name the kind of credential it presented. */
  authorization?: string | undefined;
  /** The token kind asked for, when the body named a valid one. */
  kind?: string | undefined;
  /** The contract operation that was refused (admin actions). */
  operation?: string | undefined;
}

/** The event types of refusals, each written by the route step of its operations. */
export type RefusalType = 'token.refused' | 'admin.sign_in_refused' | 'admin.action_refused';

/**
 * The audit event of a refused (4xx) or failed (5xx) request: reason = the error code, detail =
 * the failing fields' paths and codes (never their values, which the caller chose).
 */
export function refusalEvent(
  type: RefusalType,
  error: unknown,
  facts: RefusalFacts,
): NewAuditEvent {
  const known = toIssuerError(error);
  const status = known.status;
  const fields = (known.errors ?? [])
    .slice(0, MAX_ERRORS)
    .map((e) => ({ path: e.path, code: e.code }));
  return {
    type,
    actor: facts.principal === undefined ? ANONYMOUS : actorOf(facts.principal),
    outcome: status >= 500 ? 'failure' : 'refused',
    reason: known.code,
    detail: {
      status,
      ...(facts.principal === undefined && {
        presented: presentedCredential(facts.authorization),
      }),
      ...(facts.kind !== undefined && { kind: facts.kind }),
      ...(facts.operation !== undefined && { operation: facts.operation }),
      ...(fields.length > 0 && { errors: fields }),
    },
  };
}

/** The token kind a request body asked for, when it is one (for the refusal's detail). */
export function requestedKind(body: unknown): string | undefined {
  const kind =
    typeof body === 'object' && body !== null ? (body as { kind?: unknown }).kind : undefined;
  return kind === 'deployment' || kind === 'environment' || kind === 'oidc' ? kind : undefined;
}
