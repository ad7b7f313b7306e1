import type { AuditRecord } from '../../src/store/records.js';

/** A token's audit record for store and writer tests: only the `jti` matters to them. */
export function auditRecord(jti: string): AuditRecord {
  const iat = new Date('2026-12-04T12:00:00Z');
  return {
    jti,
    kind: 'deployment',
    iss: 'https://issuer.test/oidc',
    sub: 'pulumi:deploy:org:acme:project:web:stack:dev:operation:update:scope:write',
    aud: 'acme',
    clientId: 'cl_1',
    kid: 'k1',
    iat,
    exp: new Date(iat.getTime() + 3_600_000),
  };
}
