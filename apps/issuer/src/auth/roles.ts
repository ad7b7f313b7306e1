import type { OperationId } from '@runid/contract';
import { IssuerError } from '../errors.js';
import type { AdminRole } from '../store/records.js';
import type { Principal } from './principal.js';

export type { AdminRole };

/**
 * The role an admin credential (or a console session, which acts with its credential's role)
 * needs for each operation: `auditor` is read-only (any admin credential passes), `admin` changes
 * state. `null`: no admin credential is accepted at all (public, or client keys and run
 * credentials only; the route's key-type check refuses it first). Keyed by the contract's
 * operation ids, so an operation added to the contract does not compile until it is decided here.
 */
export const OPERATION_ROLES = {
  getDiscoveryV1: null,
  getJwksV1: null,
  getDiscoveryV2: null,
  getJwksV2: null,
  // Client keys with an introspecting grant only.
  introspectTokenV1: null,
  introspectTokenV2: null,
  mintToken: null,
  // Computes what a mint would sign; signs and records nothing.
  previewToken: 'auditor',
  simulateTrust: 'auditor',
  createSession: 'auditor',
  getSession: 'auditor',
  deleteSession: 'auditor',
  createClient: 'admin',
  listClients: 'auditor',
  getClient: 'auditor',
  disableClient: 'admin',
  enableClient: 'admin',
  replaceClientGrants: 'admin',
  rotateClientKey: 'admin',
  revokeClientKey: 'admin',
  listKeys: 'auditor',
  rotateKeys: 'admin',
  listAudit: 'auditor',
  listAuditEvents: 'auditor',
  exportAudit: 'auditor',
  createAdminCredential: 'admin',
  listAdminCredentials: 'auditor',
  getAdminCredential: 'auditor',
  revokeAdminCredential: 'admin',
  createRun: null,
  finishRun: null,
  listRuns: 'auditor',
  getRun: 'auditor',
  revokeRun: 'admin',
  getLiveness: null,
  getHealth: null,
  getReadiness: null,
  getDiscoveryReadiness: null,
  getMetrics: null,
} as const satisfies Record<OperationId, AdminRole | null>;

const RANK: Record<AdminRole, number> = { auditor: 0, admin: 1 };

/** Whether a credential of `role` may call `operationId`. */
export function roleAllows(role: AdminRole, operationId: OperationId): boolean {
  const needed: AdminRole | null = OPERATION_ROLES[operationId];
  return needed !== null && RANK[role] >= RANK[needed];
}

/**
 * The one role check, for admin keys and console sessions alike: 403 `forbidden` naming the role
 * the operation needs. Other principals pass (their key type was checked by the route). An
 * unknown operation (a step used outside the route table) is refused: fail closed.
 */
export function requireRole(principal: Principal, operationId: OperationId | undefined): void {
  if (principal.type !== 'admin') return;
  if (operationId !== undefined && roleAllows(principal.role, operationId)) return;
  const needed = operationId === undefined ? undefined : OPERATION_ROLES[operationId];
  throw new IssuerError(
    'forbidden',
    needed === 'admin'
      ? `This operation needs the admin role; the admin credential '${principal.name}' has the ${principal.role} role (read-only).`
      : 'Admin credentials cannot use this endpoint.',
  );
}
