import {
  AWS_TAGS_CLAIM,
  type Finding,
  lintAws,
  lintAzure,
  lintGcp,
  lintVault,
  simulateAws,
  simulateAzure,
  simulateGcp,
  simulateVault,
  type TokenClaims,
  type Verdict,
} from '@runid/trust';
import type { RelyingPartyTarget } from './relying-party.js';

/** The exchange being simulated: when, for how long, and what the token is. */
export interface Exchange {
  claims: TokenClaims;
  /** The time of the exchange. */
  at: Date;
  /** The session the exchange requests (AWS `DurationSeconds`, the Google token lifetime). */
  durationSeconds: number | undefined;
  /** The token's lifetime, for Azure's lifetime rule (L16). */
  lifetimeSeconds: number;
}

/**
 * The simulator's verdict and the linter's findings for one relying party, called exactly as
 * `runid trust simulate` and `runid trust lint` call them for the same files.
 */
export function evaluate(
  rp: RelyingPartyTarget,
  exchange: Exchange,
): { verdict: Verdict; findings: Finding[] } {
  const { claims, at: now } = exchange;
  const duration =
    exchange.durationSeconds === undefined ? {} : { durationSeconds: exchange.durationSeconds };
  const issuer = typeof claims.iss === 'string' ? { issuer: claims.iss } : {};
  switch (rp.cloud) {
    case 'aws':
      return {
        verdict: simulateAws(claims, rp.target, { now, ...duration }),
        findings: lintAws({
          role: rp.target.role,
          providers: rp.target.providers,
          tokensCarryTags: claims[AWS_TAGS_CLAIM] !== undefined,
          ...issuer,
          ...duration,
        }),
      };
    case 'azure': {
      const verdict = simulateAzure(claims, [rp.credential], { now });
      const findings = lintAzure({
        credentials: [rp.credential],
        tokenLifetimeSeconds: exchange.lifetimeSeconds,
        ...issuer,
      });
      return {
        verdict: verdict.accepted
          ? verdict
          : { ...verdict, failed: { ...verdict.failed, path: inCredential(verdict.failed.path) } },
        findings: findings.map((f) => ({ ...f, path: inCredential(f.path) })),
      };
    }
    case 'gcp':
      return {
        verdict: simulateGcp(claims, rp.target, { now, ...duration }),
        findings: lintGcp(rp.target),
      };
    case 'vault':
      return {
        verdict: simulateVault(claims, rp.target, { now }),
        findings: lintVault(rp.target),
      };
  }
}

/**
 * The Azure simulator and linter take the list `az … federated-credential list` prints and point
 * into it (`/0/subject`); the API takes one credential, so its pointers start at that credential.
 */
function inCredential(path: string): string {
  return path.replace(/^\/(?:0|\*)(?=\/|$)/, '');
}
