import { resolveLifetime } from './duration.js';
import type { NamespaceOptions } from './inputs.js';
import { ISSUER_OF_KIND, type IssuerVersion, type TokenKind } from './kinds.js';
import { resolveNamespaces } from './namespaces.js';
import { deploymentSubject, environmentSubject, isLegacyDefault, oidcSubject } from './subjects.js';
import { validateTokenInput } from './validate.js';

export interface BuiltClaims {
  kind: TokenKind;
  issuer: IssuerVersion;
  sub: string;
  aud: string;
  /** Custom claims only, with their exact names (namespaced for `oidc`). */
  claims: Record<string, string | number>;
  lifetimeSeconds: number;
}

/**
 * Validates an untrusted input and renders what the token carries. Throws `ClaimsError` with code
 * `invalid_namespace` (options), `invalid_input` (every input issue) or `lifetime_out_of_range`.
 */
export function buildClaims(input: unknown, options?: NamespaceOptions): BuiltClaims {
  const ns = resolveNamespaces(options);
  const valid = validateTokenInput(input);
  const lifetimeSeconds = resolveLifetime(valid.kind, valid.duration);
  const issuer = ISSUER_OF_KIND[valid.kind];
  switch (valid.kind) {
    case 'deployment': {
      const { org, project, stack, operation, deployment } = valid;
      return {
        kind: 'deployment',
        issuer,
        sub: deploymentSubject(ns.subject, valid),
        aud: org,
        claims: {
          org,
          project,
          stack,
          stackId: `${org}/${project}/${stack}`,
          operation,
          deployment,
          scope: 'write',
        },
        lifetimeSeconds,
      };
    }
    case 'environment': {
      const root = valid.rootEnvironment ?? valid.currentEnvironment;
      // The login is declared in the current environment: its project decides the legacy audience.
      const aud = isLegacyDefault(valid.currentEnvironment)
        ? valid.org
        : `${valid.platform}:${valid.org}`;
      return {
        kind: 'environment',
        issuer,
        sub: environmentSubject(ns.subject, valid),
        aud,
        claims: {
          current_env: valid.currentEnvironment,
          root_env: root,
          trigger_user: valid.user,
          org: valid.org,
          env: root,
        },
        lifetimeSeconds,
      };
    }
    case 'oidc': {
      const c = ns.claim;
      const claims: Record<string, string> = {
        [`${c}org`]: valid.org,
        [`${c}org_id`]: valid.orgId,
        [`${c}current_env`]: valid.currentEnvironment.name,
        [`${c}current_env_id`]: valid.currentEnvironment.id,
        [`${c}root_env`]: valid.rootEnvironment.name,
      };
      if (valid.rootEnvironment.id !== undefined)
        claims[`${c}root_env_id`] = valid.rootEnvironment.id;
      claims[`${c}actor`] = valid.actor.login;
      claims[`${c}actor_id`] = valid.actor.id;
      return {
        kind: 'oidc',
        issuer,
        sub: oidcSubject(ns.subject, valid.orgId, valid.currentEnvironment.id),
        aud: valid.audience,
        claims,
        lifetimeSeconds,
      };
    }
  }
}
