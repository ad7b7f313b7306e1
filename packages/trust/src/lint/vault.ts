import { vaultGlob } from '../glob.js';
import { pointer } from '../types.js';
import type { VaultTarget } from '../vault/config.js';
import { wildcardBreadth } from './breadth.js';
import type { Finding } from './finding.js';

/** Claims whose value changes every run: as `user_claim` each login creates a new Vault entity. */
const UNSTABLE = new Set([
  'jti',
  'deployment',
  'iat',
  'exp',
  'nbf',
  'trigger_user',
  'https://pulumi.com/actor',
  'https://pulumi.com/actor_id',
]);

/** L23 and L24 for a Vault JWT role. */
export function lintVault(input: VaultTarget): Finding[] {
  const findings: Finding[] = [];
  const { role } = input;
  if ((role.role_type ?? 'oidc') !== 'jwt') {
    findings.push({
      rule: 'L23',
      severity: 'error',
      path: '/role_type',
      message: `role_type is ${role.role_type ?? 'unset (defaults to oidc)'}: JWT logins are refused ("role with oidc role_type is not allowed").`,
      fix: 'Set role_type=jwt.',
    });
  }
  const claims = role.bound_claims ?? {};
  const bounded =
    (role.bound_audiences?.length ?? 0) > 0 ||
    !!role.bound_subject ||
    Object.keys(claims).length > 0 ||
    (role.token_bound_cidrs?.length ?? 0) > 0;
  if (!bounded) {
    findings.push({
      rule: 'L23',
      severity: 'error',
      path: '',
      message:
        'No bound constraint: Vault refuses to write such a role, and any caller can pick any role by name.',
      fix: 'Bind bound_audiences and bound_claims (or bound_subject).',
    });
  } else if (Object.keys(claims).length === 0 && !role.bound_subject) {
    findings.push({
      rule: 'L23',
      severity: 'error',
      path: '/bound_claims',
      message:
        'Only the audience is bound: every token for that audience (every environment, stack and user of the org) may log in with this role.',
      fix: 'Add bound_subject or bound_claims naming the exact environment or stack.',
    });
  }
  if ((role.bound_audiences?.length ?? 0) === 0) {
    findings.push({
      rule: 'L23',
      severity: 'error',
      path: '/bound_audiences',
      message:
        'No bound_audiences: RunID tokens always carry aud, so login fails ("audience claim found in JWT but no audiences bound to the role").',
      fix: 'Set bound_audiences to the token audience.',
    });
  }
  if (role.bound_claims_type === 'glob') {
    for (const [key, want] of Object.entries(claims)) {
      for (const [n, w] of (Array.isArray(want) ? want : [want]).entries()) {
        const path = Array.isArray(want)
          ? `${pointer('bound_claims', key)}/${n}`
          : pointer('bound_claims', key);
        if (typeof w !== 'string') {
          findings.push({
            rule: 'L23',
            severity: 'error',
            path,
            message: 'Glob bound claims must be strings.',
            fix: 'Quote the value.',
          });
          continue;
        }
        if (w === '*') {
          findings.push({
            rule: 'L23',
            severity: 'error',
            path,
            message: `bound_claims.${key} = "*" matches any value (it only requires the claim).`,
            fix: 'Bind an exact value or a narrow glob.',
          });
          continue;
        }
        if (key === 'sub' && w.includes('*')) {
          const b = wildcardBreadth(w, vaultGlob);
          const beyond = b.open.filter((o) => o !== 'environment' && o !== 'operation');
          if (beyond.length > 0) {
            findings.push({
              rule: 'L23',
              severity: 'warning',
              path,
              message: `The glob ${w} admits any ${beyond.join(', ')} (Vault's * crosses ":").`,
              fix: 'Narrow the glob to one org and project, or bind exact subjects.',
              admits: b.examples,
            });
          }
        }
      }
    }
  }
  const user = role.user_claim ?? 'sub';
  if (UNSTABLE.has(user)) {
    findings.push({
      rule: 'L23',
      severity: 'warning',
      path: '/user_claim',
      message: `user_claim ${user} changes every run: each login creates a new Vault entity (client-count growth).`,
      fix: 'Use a stable claim: sub for environment tokens, or org / current_env.',
    });
  }
  if (role.bound_subject && /^[^:]+:(?:deploy|environments):/.test(role.bound_subject)) {
    findings.push({
      rule: 'L24',
      severity: 'info',
      path: '/bound_subject',
      message:
        'This subject is built from names: a rename or recycled name makes it match someone else.',
      fix: 'Prefer v2 tokens, whose subjects use ids.',
    });
  }
  return findings;
}
