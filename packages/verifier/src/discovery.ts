import { type Algorithm, isSupportedAlgorithm } from './algorithms.js';
import { type FetchLimits, fetchJson } from './fetch.js';
import { isPlainObject } from './json.js';
import { discoveryUrl, fetchableUrlProblem } from './url.js';

export type DiscoveryResult =
  | {
      ok: true;
      jwksUri: string;
      ttlSeconds: number;
      /**
       * `id_token_signing_alg_values_supported` as published, restricted to the algorithms this
       * package supports; `undefined` when the document has no such member.
       */
      algorithms: readonly Algorithm[] | undefined;
      /** `introspection_endpoint` when it is a string (checked where it is used). */
      introspectionEndpoint: string | undefined;
    }
  | { ok: false; reason: string };

/**
 * Fetches `<issuer>/.well-known/openid-configuration` and returns its `jwks_uri`. The document's
 * `issuer` must equal the configured issuer byte for byte (OIDC Discovery §4.3), and the JWKS URL
 * must itself be fetchable under the same rules (https, or http on loopback only). The signing
 * algorithms it advertises are returned too (a malformed list fails discovery).
 */
export async function discoverJwksUri(
  issuer: string,
  limits: FetchLimits,
): Promise<DiscoveryResult> {
  const fetched = await fetchJson(discoveryUrl(issuer), limits);
  if (!fetched.ok) return { ok: false, reason: `discovery: ${fetched.reason}` };
  const document = fetched.value;
  if (!isPlainObject(document)) return { ok: false, reason: 'discovery: not a JSON object' };
  if (document.issuer !== issuer) {
    return { ok: false, reason: 'discovery: "issuer" does not equal the configured issuer' };
  }
  const jwksUri = document.jwks_uri;
  if (typeof jwksUri !== 'string') return { ok: false, reason: 'discovery: no "jwks_uri" string' };
  const problem = fetchableUrlProblem(jwksUri);
  if (problem !== undefined) return { ok: false, reason: `discovery: "jwks_uri" ${problem}` };
  const advertised = document.id_token_signing_alg_values_supported;
  let algorithms: Algorithm[] | undefined;
  if (advertised !== undefined) {
    if (!Array.isArray(advertised) || !advertised.every((alg) => typeof alg === 'string')) {
      return {
        ok: false,
        reason: 'discovery: "id_token_signing_alg_values_supported" is not an array of strings',
      };
    }
    algorithms = advertised.filter(isSupportedAlgorithm);
  }
  const introspection = document.introspection_endpoint;
  return {
    ok: true,
    jwksUri,
    ttlSeconds: fetched.ttlSeconds,
    algorithms,
    introspectionEndpoint: typeof introspection === 'string' ? introspection : undefined,
  };
}
