import type { OperationId } from '@runid/contract';
import { operationById } from '@runid/contract/validator';
import { describe, expect, it } from 'vitest';
import { OPERATION_ROLES, requireRole, roleAllows } from '../../src/auth/roles.js';

const operations = Object.keys(OPERATION_ROLES) as OperationId[];

/** The security schemes the contract names for an operation. */
function schemes(operationId: OperationId): string[] {
  const security = (operationById(operationId).operation.security ?? []) as Record<
    string,
    unknown
  >[];
  return security.flatMap((requirement) => Object.keys(requirement));
}

// Reads that still POST: they compute or sign in, and change nothing an auditor may not.
const POSTED_READS = new Set<OperationId>(['previewToken', 'simulateTrust', 'createSession']);

describe('OPERATION_ROLES', () => {
  it('gives a role exactly to the operations the contract opens to admin credentials', () => {
    for (const operationId of operations) {
      const admin = schemes(operationId).some((s) => s === 'adminKey' || s === 'adminSession');
      expect(OPERATION_ROLES[operationId] !== null, operationId).toBe(admin);
    }
  });

  it('leaves to auditors only what reads (GET, or a posted read) and every change to admins', () => {
    for (const operationId of operations) {
      const role = OPERATION_ROLES[operationId];
      if (role === null) continue;
      const { method } = operationById(operationId);
      const reads =
        method === 'get' || POSTED_READS.has(operationId) || operationId === 'deleteSession';
      expect(role, `${method.toUpperCase()} ${operationId}`).toBe(reads ? 'auditor' : 'admin');
    }
  });

  it('an admin may do everything an auditor may; nobody calls an operation without a role', () => {
    for (const operationId of operations) {
      if (roleAllows('auditor', operationId)) expect(roleAllows('admin', operationId)).toBe(true);
      if (OPERATION_ROLES[operationId] === null)
        expect(roleAllows('admin', operationId)).toBe(false);
    }
  });

  it('refuses naming the role needed, and fails closed without an operation', () => {
    const auditor = { type: 'admin', id: 'adm_1', name: 'ci', role: 'auditor' } as const;
    expect(() => requireRole(auditor, 'createClient')).toThrow(
      expect.objectContaining({
        code: 'forbidden',
        status: 403,
        message:
          "This operation needs the admin role; the admin credential 'ci' has the auditor role (read-only).",
      }),
    );
    expect(() => requireRole(auditor, 'listClients')).not.toThrow();
    expect(() => requireRole({ ...auditor, role: 'admin' }, undefined)).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    // Other principals are the route's key-type check's business.
    expect(() =>
      requireRole({ type: 'client', id: 'cl', name: 'c', grants: [] }, 'createClient'),
    ).not.toThrow();
  });
});
