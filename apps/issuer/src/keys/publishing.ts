import {
  DEPLOYMENT_CLAIM_NAMES,
  ENVIRONMENT_CLAIM_NAMES,
  OIDC_CLAIM_NAMES,
  RUN_ID_CLAIM,
  STANDARD_CLAIM_NAMES,
} from '@runid/claims';
import type { IssuerVersion, SigningKeyRecord } from '../store/records.js';
import type { IssuerUrls } from './issuer-urls.js';
import type { PublicJwk } from './public-jwk.js';
import { jwksCacheMaxAge, type RotationSettings } from './rotation/index.js';
import { toRotationState } from './rotation-state.js';
import { type StaticDocument, staticDocument } from './static-document.js';

/** What one issuer publishes: its JWKS and discovery document, serialised once, and their caching. */
export interface PublishedDocuments {
  readonly jwks: StaticDocument;
  readonly discovery: StaticDocument;
  /** `Cache-Control` of both, from the rotation schedule. */
  readonly cacheControl: string;
}

export interface PublishingOptions {
  readonly urls: IssuerUrls;
  readonly claimNamespace: string;
  readonly settings: RotationSettings;
}

// Deployment and environment claims share the v1 issuer; `org` is listed once. `run_id` is on the
// tokens of a run, of either issuer.
const V1_CLAIMS = [
  ...new Set<string>([...DEPLOYMENT_CLAIM_NAMES, ...ENVIRONMENT_CLAIM_NAMES, RUN_ID_CLAIM]),
];

/**
 * The keys a JWKS publishes, in a deterministic order (newest first, ties by id) so every replica
 * serialises the same rows to the same bytes and ETag; never a removed or unpublished key.
 */
export function publishedRecords(keys: readonly SigningKeyRecord[]): SigningKeyRecord[] {
  return keys
    .filter(
      (k) =>
        k.publishedAt !== null &&
        (k.state === 'next' || k.state === 'current' || k.state === 'retired'),
    )
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
    .slice(0, 5);
}

/** The JWKS of one issuer's stored keys, exactly as served. */
export function jwksDocument(keys: readonly SigningKeyRecord[]): StaticDocument {
  return staticDocument({
    keys: publishedRecords(keys).map((k) => JSON.parse(k.publicJwk) as PublicJwk),
  });
}

/**
 * Everything one issuer publishes for its stored keys at `now`: a pure function of the rows, so
 * every replica with the same rows serves the same bytes and ETags.
 */
export function publishedDocuments(
  issuer: IssuerVersion,
  keys: readonly SigningKeyRecord[],
  now: number,
  options: PublishingOptions,
): PublishedDocuments {
  const algs = [...new Set(publishedRecords(keys).map((k) => k.alg))].sort();
  const custom =
    issuer === 'v1'
      ? V1_CLAIMS
      : [...OIDC_CLAIM_NAMES.map((c) => `${options.claimNamespace}${c}`), RUN_ID_CLAIM];
  const maxAge = jwksCacheMaxAge(toRotationState(keys), options.settings, now);
  return {
    jwks: jwksDocument(keys),
    discovery: staticDocument({
      issuer: options.urls.iss[issuer],
      jwks_uri: options.urls.jwksUri[issuer],
      introspection_endpoint: options.urls.introspect[issuer],
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: algs.length > 0 ? algs : ['RS256'],
      claims_supported: [...STANDARD_CLAIM_NAMES, ...custom],
    }),
    cacheControl: `public, max-age=${maxAge}`,
  };
}
