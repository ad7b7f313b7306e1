import { buildClaims, type Operation } from '@runid/claims';
import { TrustInputError } from '../errors.js';
import type { RelyingParty } from '../types.js';

/** Who may use the trust relationship: exactly these runs, nothing else. */
export type Intent =
  | {
      kind: 'deployment';
      org: string;
      project: string;
      stack: string;
      operations: readonly Operation[];
    }
  | { kind: 'environment'; org: string; environments: readonly string[] }
  | { kind: 'oidc'; orgId: string; environmentIds: readonly string[]; audience: string };

export interface IntendedTokens {
  issuer: string;
  /** Exact subjects, in order. */
  subjects: string[];
  /** Exact audiences (one per subject, deduplicated here). */
  audiences: string[];
  /** subject → audience */
  audienceOf: Map<string, string>;
}

/** `https://id.example.com` → the v1 (`/oidc`) or v2 (`/oidc/v2`) issuer. */
export function issuerFor(base: string, kind: Intent['kind']): string {
  if (!/^https:\/\/[^/?#:]+(\/[^?#]*)?$/.test(base) || base.endsWith('/')) {
    throw new TrustInputError(
      'invalid_intent',
      'intent',
      '/issuer',
      'the issuer base must be an https URL without port, query or trailing slash (e.g. https://id.example.com)',
    );
  }
  return kind === 'oidc' ? `${base}/oidc/v2` : `${base}/oidc`;
}

/** Renders, with @runid/claims, exactly the subjects and audiences RunID mints for the intent. */
export function intendedTokens(
  intent: Intent,
  issuerBase: string,
  platform: RelyingParty,
): IntendedTokens {
  const issuer = issuerFor(issuerBase, intent.kind);
  const built: { sub: string; aud: string }[] = [];
  try {
    if (intent.kind === 'deployment') {
      if (intent.operations.length === 0)
        throw new TrustInputError(
          'invalid_intent',
          'intent',
          '/operations',
          'name at least one operation',
        );
      for (const operation of new Set(intent.operations)) {
        built.push(
          buildClaims({
            kind: 'deployment',
            org: intent.org,
            project: intent.project,
            stack: intent.stack,
            operation,
            deployment: 1,
          }),
        );
      }
    } else if (intent.kind === 'environment') {
      if (intent.environments.length === 0)
        throw new TrustInputError(
          'invalid_intent',
          'intent',
          '/environments',
          'name at least one environment',
        );
      for (const env of new Set(intent.environments)) {
        built.push(
          buildClaims({
            kind: 'environment',
            org: intent.org,
            platform,
            currentEnvironment: env,
            user: 'runid',
          }),
        );
      }
    } else {
      if (intent.environmentIds.length === 0)
        throw new TrustInputError(
          'invalid_intent',
          'intent',
          '/environmentIds',
          'name at least one environment id',
        );
      for (const id of new Set(intent.environmentIds)) {
        built.push(
          buildClaims({
            kind: 'oidc',
            org: 'org',
            orgId: intent.orgId,
            currentEnvironment: { name: 'p/e', id },
            rootEnvironment: { name: 'p/e' },
            actor: { login: 'runid', id: 'runid' },
            audience: intent.audience,
          }),
        );
      }
    }
  } catch (error) {
    if (error instanceof TrustInputError) throw error;
    throw new TrustInputError('invalid_intent', 'intent', '', (error as Error).message, {
      cause: error,
    });
  }
  const audienceOf = new Map(built.map((b) => [b.sub, b.aud]));
  return {
    issuer,
    subjects: [...audienceOf.keys()],
    audiences: [...new Set(audienceOf.values())],
    audienceOf,
  };
}

/** A name from a subject: `[A-Za-z0-9_-]`, first character alphanumeric, at most `max` characters. */
export function slug(text: string, max: number): string {
  const s = text
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/-+$/, '');
  return s.length <= max ? s : s.slice(0, max).replace(/-+$/, '');
}

export const hcl = (value: unknown): string => JSON.stringify(value);
export const shellQuote = (value: string): string =>
  /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
