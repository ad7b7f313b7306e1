import { checkSubject } from '@runid/claims';
import type { AzureCredential } from '../azure/config.js';
import { AZURE_MAX_LIFETIME_SECONDS } from '../azure/simulate.js';
import type { Finding } from './finding.js';

export const AZURE_MAX_CREDENTIALS = 20;
const UAMI_TYPE = 'microsoft.managedidentity/userassignedidentities/federatedidentitycredentials';

export interface AzureLintInput {
  credentials: readonly AzureCredential[];
  /** The RunID issuer the credentials are meant for. */
  issuer?: string;
  /** Token lifetime in seconds and how long the job runs (L16). */
  tokenLifetimeSeconds?: number;
  jobSeconds?: number;
}

/** L12–L16 and L24 for an app's (or identity's) federated credentials. */
export function lintAzure(input: AzureLintInput): Finding[] {
  const findings: Finding[] = [];
  const { credentials } = input;
  credentials.forEach((c, i) => {
    const at = `/${i}`;
    const iss = c.issuer;
    const clean = iss
      .trim()
      .replace(/([^:]\/)\/+/g, '$1')
      .replace(/\/+$/, '');
    if (
      iss !== iss.trim() ||
      /\/$/.test(iss) ||
      /[^:]\/\//.test(iss) ||
      (input.issuer !== undefined && iss !== input.issuer)
    ) {
      findings.push({
        rule: 'L13',
        severity: 'error',
        path: `${at}/issuer`,
        message: `Issuer ${JSON.stringify(iss)} is not byte-identical to the token's iss${input.issuer ? ` (${input.issuer})` : ''}: Entra answers AADSTS700211.`,
        fix: `Set issuer to ${input.issuer ?? clean}.`,
      });
    }
    if (c.subject !== undefined) {
      const sub = c.subject;
      if (/[*?]/.test(sub)) {
        findings.push({
          rule: 'L12',
          severity: 'error',
          path: `${at}/subject`,
          message: `Subject ${sub} has a wildcard: Entra matches subjects exactly, so no token matches it.`,
          fix: 'Create one credential per exact subject (≤ 20 per app; split across apps beyond).',
        });
      } else {
        const ns = sub.split(':')[0];
        const parsed = checkSubject(
          sub,
          ns && /^[A-Za-z0-9._-]+$/.test(ns) ? { subjectNamespace: ns } : undefined,
        );
        if (!parsed.ok) {
          findings.push({
            rule: 'L12',
            severity: 'error',
            path: `${at}/subject`,
            message: `Subject ${sub} is not one RunID mints (${parsed.issues.map((x) => `${x.path || 'sub'}: ${x.code}`).join('; ')}); Entra compares byte for byte, case-sensitively.`,
            fix: 'Copy the subject from the claims preview (POST /api/v1/tokens/preview) or the generator.',
          });
        } else if (parsed.value.kind !== 'oidc') {
          findings.push({
            rule: 'L24',
            severity: 'info',
            path: `${at}/subject`,
            message:
              'This subject is built from names: a rename or a recycled name makes it match someone else.',
            fix: 'Prefer v2 tokens, whose subjects use ids (pulumi:org:<org-id>:env:<env-id>).',
          });
        }
      }
    }
    if (c.audiences.length !== 1) {
      findings.push({
        rule: 'L12',
        severity: 'error',
        path: `${at}/audiences`,
        message: 'Federated identity credentials must have exactly one audience.',
        fix: 'Keep one audience, the one the token carries.',
      });
    }
  });
  if (credentials.length > AZURE_MAX_CREDENTIALS) {
    findings.push({
      rule: 'L14',
      severity: 'error',
      path: '',
      message: `${credentials.length} credentials: Entra allows at most ${AZURE_MAX_CREDENTIALS} per app or user-assigned identity (a deployment stack needs one per operation).`,
      fix: 'Split the subjects across several apps or identities (the generator does it and says so).',
    });
  }
  const uami = credentials.filter((c) => c.type?.toLowerCase() === UAMI_TYPE);
  if (uami.length > 1) {
    findings.push({
      rule: 'L15',
      severity: 'info',
      path: '',
      message: `${uami.length} credentials on one user-assigned managed identity: creating them concurrently answers 409 Conflict.`,
      fix: 'Create them one at a time (Terraform: azurerm ≥ 3.40 does; scripts: no parallel az calls).',
    });
  }
  const life = input.tokenLifetimeSeconds;
  if (
    life !== undefined &&
    (life > AZURE_MAX_LIFETIME_SECONDS ||
      (input.jobSeconds !== undefined && input.jobSeconds > life))
  ) {
    findings.push({
      rule: 'L16',
      severity: life > AZURE_MAX_LIFETIME_SECONDS ? 'error' : 'warning',
      path: '',
      message:
        life > AZURE_MAX_LIFETIME_SECONDS
          ? `A ${life} s token exceeds Entra's 1.01:00:00 cap (AADSTS70023).`
          : `The job runs ${input.jobSeconds} s but the token lives ${life} s: Entra reuses the cached assertion when it refreshes, and fails with AADSTS700024 once it expires.`,
      fix: 'Mint the token with a lifetime that covers the job (≤ 2 h for RunID v1 tokens), or re-mint before refreshing.',
    });
  }
  return findings;
}
