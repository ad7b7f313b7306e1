import type { IssuerServices } from '../services.js';
import { adminAccess, sameOriginWrites } from './admin-access.js';
import { listAudit } from './handlers/admin/audit.js';
import { createClient, disableClient, getClient, listClients } from './handlers/admin/clients.js';
import { listKeys, rotateKeys } from './handlers/admin/keys.js';
import { createSession, deleteSession, getSession } from './handlers/admin/session.js';
import { discoveryReadiness, health, metrics, readiness } from './handlers/operations.js';
import { publishedDocument } from './handlers/published.js';
import { mintToken, previewToken } from './handlers/tokens.js';
import { simulateTrust } from './handlers/trust.js';
import type { Route } from './router.js';
import { authenticate, jsonBody, validParameters } from './steps.js';

/** Every endpoint of the contract, with the steps that answer it. */
export function routes(s: IssuerServices): Route[] {
  // The admin key, or the console's session cookie with its CSRF checks.
  const admin = adminAccess(s, ['admin']);
  const session = adminAccess(s, ['admin'], { sessionOnly: true });
  return [
    {
      method: 'GET',
      path: '/oidc/.well-known/openid-configuration',
      operationId: 'getDiscoveryV1',
      steps: [publishedDocument(s, 'v1', (k) => k.discovery)],
    },
    {
      method: 'GET',
      path: '/oidc/.well-known/jwks',
      operationId: 'getJwksV1',
      steps: [publishedDocument(s, 'v1', (k) => k.jwks)],
    },
    {
      method: 'GET',
      path: '/oidc/v2/.well-known/openid-configuration',
      operationId: 'getDiscoveryV2',
      steps: [publishedDocument(s, 'v2', (k) => k.discovery)],
    },
    {
      method: 'GET',
      path: '/oidc/v2/.well-known/jwks',
      operationId: 'getJwksV2',
      steps: [publishedDocument(s, 'v2', (k) => k.jwks)],
    },
    {
      method: 'POST',
      path: '/api/v1/tokens',
      operationId: 'mintToken',
      steps: [authenticate(s, ['client']), jsonBody, mintToken(s)],
    },
    {
      method: 'POST',
      path: '/api/v1/tokens/preview',
      operationId: 'previewToken',
      steps: [adminAccess(s, ['client', 'admin']), jsonBody, previewToken(s)],
    },
    {
      method: 'POST',
      path: '/api/v1/admin/session',
      operationId: 'createSession',
      steps: [sameOriginWrites(s), authenticate(s, ['admin']), createSession(s)],
    },
    {
      method: 'GET',
      path: '/api/v1/admin/session',
      operationId: 'getSession',
      steps: [session, getSession(s)],
    },
    {
      method: 'DELETE',
      path: '/api/v1/admin/session',
      operationId: 'deleteSession',
      steps: [session, deleteSession(s)],
    },
    {
      method: 'POST',
      path: '/api/v1/trust/simulate',
      operationId: 'simulateTrust',
      steps: [authenticate(s, ['client', 'admin']), jsonBody, simulateTrust(s)],
    },
    {
      method: 'POST',
      path: '/api/v1/admin/clients',
      operationId: 'createClient',
      steps: [admin, jsonBody, createClient(s)],
    },
    {
      method: 'GET',
      path: '/api/v1/admin/clients',
      operationId: 'listClients',
      steps: [admin, listClients(s)],
    },
    {
      method: 'GET',
      path: '/api/v1/admin/clients/:clientId',
      operationId: 'getClient',
      steps: [admin, validParameters(s, 'getClient'), getClient(s)],
    },
    {
      method: 'POST',
      path: '/api/v1/admin/clients/:clientId/disable',
      operationId: 'disableClient',
      steps: [admin, validParameters(s, 'disableClient'), disableClient(s)],
    },
    {
      method: 'GET',
      path: '/api/v1/admin/keys',
      operationId: 'listKeys',
      steps: [admin, listKeys(s)],
    },
    {
      method: 'POST',
      path: '/api/v1/admin/keys/rotate',
      operationId: 'rotateKeys',
      steps: [admin, jsonBody, rotateKeys(s)],
    },
    {
      method: 'GET',
      path: '/api/v1/admin/audit',
      operationId: 'listAudit',
      steps: [admin, validParameters(s, 'listAudit'), listAudit(s)],
    },
    { method: 'GET', path: '/livez', operationId: 'getLiveness', steps: [health] },
    { method: 'GET', path: '/healthz', operationId: 'getHealth', steps: [health] },
    { method: 'GET', path: '/readyz', operationId: 'getReadiness', steps: [readiness(s)] },
    {
      method: 'GET',
      path: '/readyz/discovery',
      operationId: 'getDiscoveryReadiness',
      steps: [discoveryReadiness(s)],
    },
    // With RUNID_METRICS_PORT, /metrics is served by its own listener only (404 here).
    ...(s.config.metricsPort === undefined
      ? [
          {
            method: 'GET',
            path: '/metrics',
            operationId: 'getMetrics',
            steps: [metrics(s)],
          } as const,
        ]
      : []),
  ];
}
