import type { OperationId } from '@runid/contract';
import { operationById } from '@runid/contract/validator';
import type { Middleware } from 'koa';
import type { IssuerServices } from '../services.js';
import { adminAccess, sameOriginWrites } from './admin-access.js';
import { auditRefusals } from './audit-refusals.js';
import { exportAudit, listAudit, listAuditEvents } from './handlers/admin/audit.js';
import {
  createClient,
  disableClient,
  enableClient,
  getClient,
  listClients,
  replaceClientGrants,
  revokeClientKey,
  rotateClientKey,
} from './handlers/admin/clients.js';
import {
  createAdminCredential,
  getAdminCredential,
  listAdminCredentials,
  revokeAdminCredential,
} from './handlers/admin/credentials.js';
import { listKeys, rotateKeys } from './handlers/admin/keys.js';
import { createSession, deleteSession, getSession } from './handlers/admin/session.js';
import { introspectToken } from './handlers/introspection.js';
import { discoveryReadiness, health, metrics, readiness } from './handlers/operations.js';
import { publishedDocument } from './handlers/published.js';
import { createRun, finishRun, getRun, listRuns, revokeRun } from './handlers/runs.js';
import { mintToken, previewToken } from './handlers/tokens.js';
import { simulateTrust } from './handlers/trust.js';
import type { Route } from './router.js';
import {
  authenticate,
  jsonBody,
  validBody,
  validMintRequest,
  validParameters,
  validPreviewRequest,
} from './steps.js';

/** The steps that answer one operation, in order; undefined: not served on this listener. */
export type RouteTable = Record<OperationId, readonly Middleware[] | undefined>;

/**
 * Every operation of the contract, with the steps that answer it. Keyed by the contract's
 * operation ids (a missing or unknown one is a compile error); method and path come from the
 * contract itself, so they cannot drift from it.
 */
export function routeTable(s: IssuerServices): RouteTable {
  // An admin credential, or the console's session cookie with its CSRF checks. The role each
  // operation needs is in OPERATION_ROLES (auth/roles.ts), checked by the same step.
  const admin = adminAccess(s, ['admin']);
  const session = adminAccess(s, ['admin'], { sessionOnly: true });
  // Every change an admin may make: a refusal (a wrong role, a bad body, a conflict) is an
  // audit event too, best effort like refused mints.
  const change = [auditRefusals(s, 'admin.action_refused'), admin] as const;
  return {
    getDiscoveryV1: [publishedDocument(s, 'v1', (k) => k.discovery)],
    getJwksV1: [publishedDocument(s, 'v1', (k) => k.jwks)],
    getDiscoveryV2: [publishedDocument(s, 'v2', (k) => k.discovery)],
    getJwksV2: [publishedDocument(s, 'v2', (k) => k.jwks)],
    introspectTokenV1: [authenticate(s, ['client']), introspectToken(s, 'v1')],
    introspectTokenV2: [authenticate(s, ['client']), introspectToken(s, 'v2')],
    mintToken: [
      auditRefusals(s, 'token.refused'),
      authenticate(s, ['client', 'run']),
      jsonBody,
      validMintRequest(s),
      mintToken(s),
    ],
    previewToken: [
      adminAccess(s, ['client', 'admin']),
      jsonBody,
      validPreviewRequest(s),
      previewToken(s),
    ],
    createSession: [
      auditRefusals(s, 'admin.sign_in_refused'),
      sameOriginWrites(s),
      authenticate(s, ['admin']),
      createSession(s),
    ],
    getSession: [session, getSession(s)],
    deleteSession: [session, deleteSession(s)],
    simulateTrust: [adminAccess(s, ['client', 'admin']), jsonBody, simulateTrust(s)],
    createClient: [...change, jsonBody, validBody(s, 'createClient'), createClient(s)],
    listClients: [admin, listClients(s)],
    getClient: [admin, validParameters(s, 'getClient'), getClient(s)],
    disableClient: [...change, validParameters(s, 'disableClient'), disableClient(s)],
    enableClient: [...change, validParameters(s, 'enableClient'), enableClient(s)],
    replaceClientGrants: [
      ...change,
      validParameters(s, 'replaceClientGrants'),
      jsonBody,
      validBody(s, 'replaceClientGrants'),
      replaceClientGrants(s),
    ],
    rotateClientKey: [
      ...change,
      validParameters(s, 'rotateClientKey'),
      jsonBody,
      validBody(s, 'rotateClientKey'),
      rotateClientKey(s),
    ],
    revokeClientKey: [...change, validParameters(s, 'revokeClientKey'), revokeClientKey(s)],
    listKeys: [admin, listKeys(s)],
    rotateKeys: [...change, jsonBody, validBody(s, 'rotateKeys'), rotateKeys(s)],
    listAudit: [admin, validParameters(s, 'listAudit'), listAudit(s)],
    createAdminCredential: [
      ...change,
      jsonBody,
      validBody(s, 'createAdminCredential'),
      createAdminCredential(s),
    ],
    listAdminCredentials: [admin, listAdminCredentials(s)],
    getAdminCredential: [admin, validParameters(s, 'getAdminCredential'), getAdminCredential(s)],
    revokeAdminCredential: [
      ...change,
      validParameters(s, 'revokeAdminCredential'),
      revokeAdminCredential(s),
    ],
    listAuditEvents: [admin, validParameters(s, 'listAuditEvents'), listAuditEvents(s)],
    exportAudit: [admin, validParameters(s, 'exportAudit'), exportAudit(s)],
    createRun: [authenticate(s, ['client']), jsonBody, validBody(s, 'createRun'), createRun(s)],
    finishRun: [
      authenticate(s, ['run', 'client']),
      validParameters(s, 'finishRun'),
      jsonBody,
      validBody(s, 'finishRun'),
      finishRun(s),
    ],
    listRuns: [admin, validParameters(s, 'listRuns'), listRuns(s)],
    getRun: [admin, validParameters(s, 'getRun'), getRun(s)],
    revokeRun: [...change, validParameters(s, 'revokeRun'), revokeRun(s)],
    getLiveness: [health],
    getHealth: [health],
    getReadiness: [readiness(s)],
    getDiscoveryReadiness: [discoveryReadiness(s)],
    // With RUNID_METRICS_PORT, /metrics is served by its own listener only (404 here).
    getMetrics: s.config.metricsPort === undefined ? [metrics(s)] : undefined,
  } satisfies RouteTable;
}

/** The route table as the router takes it: `{param}` templates become `:param`. */
export function routes(s: IssuerServices): Route[] {
  return Object.entries(routeTable(s)).flatMap(([id, steps]) => {
    if (steps === undefined) return [];
    const operationId = id as OperationId;
    const { method, template } = operationById(operationId);
    return [
      {
        method: method.toUpperCase() as Route['method'],
        path: template.replace(/\{(\w+)\}/g, ':$1'),
        operationId,
        steps,
      },
    ];
  });
}
