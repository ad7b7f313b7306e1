import { type IssuerVersion, type NamespaceOptions, parseClaims } from '@runid/claims';
import { type Algorithm, isForbiddenAlgorithm, isSupportedAlgorithm } from './algorithms.js';
import { type CacheBounds, DEFAULT_CACHE_BOUNDS } from './cache-control.js';
import type { Clock } from './clock.js';
import { type ErrorIssue, VerifierError } from './errors.js';
import type { FetchLike } from './fetch.js';
import {
  DEFAULT_INTROSPECTION_CACHE_SECONDS,
  type IntrospectionOptions,
  MAX_INTROSPECTION_CACHE_SECONDS,
  type ResolvedIntrospection,
} from './introspection.js';
import { fetchableUrlProblem, issuerProblem } from './url.js';

export interface IssuerConfig extends NamespaceOptions {
  /** The exact `iss` value (compared byte for byte) and, without `jwksUri`, the discovery base. */
  issuer: string;
  /** Accepted audience(s): the token's `aud` must contain one of them, exactly. */
  audience: string | readonly string[];
  /**
   * Allowed signature algorithms (asymmetric only; `none` and HMAC are refused). Default: the
   * algorithms the issuer's discovery document advertises (`id_token_signing_alg_values_supported`)
   * that are also in {@link DEFAULT_ALGORITHMS} (RS256 and ES256, what RunID signs with); with a
   * `jwksUri` (no discovery), or a document that advertises none, {@link DEFAULT_ALGORITHMS}.
   */
  algorithms?: readonly Algorithm[];
  /** The JWKS URL; when set, discovery is skipped. */
  jwksUri?: string;
  /**
   * `'runid'` (default): claims are validated by `@runid/claims` and `kind` is recognised.
   * `'any'`: any OIDC issuer; only the registered claims are checked and `kind` is `undefined`.
   */
  claims?: 'runid' | 'any';
  /**
   * Which RunID issuer this is. Default: `'v2'` when the issuer ends in `/oidc/v2`, `'v1'` when it
   * ends in `/oidc`, otherwise any kind is accepted.
   */
  issuerVersion?: IssuerVersion;
  /**
   * Opt-in RFC 7662 introspection: after every local check passes, `verify` asks the issuer's
   * `introspection_endpoint` (from its discovery document, so `jwksUri` must not be set) whether
   * the token is still active, and refuses it with `token_inactive` when it is not, or with
   * `introspection_unavailable` when the issuer cannot say (never a silent accept). Off by
   * default. Per issuer, so a credential is only ever sent to the issuer it belongs to.
   */
  introspection?: IntrospectionOptions;
}

export interface VerifierOptions {
  issuers: readonly IssuerConfig[];
  /**
   * Seconds of clock skew allowed on `exp`, `nbf` and `iat`. Default
   * {@link DEFAULT_CLOCK_TOLERANCE_SECONDS} (60); at most {@link MAX_CLOCK_TOLERANCE_SECONDS} (300).
   */
  clockTolerance?: number;
  /** When set, tokens whose `iat` is older than this many seconds are refused (`iat` required). */
  maxTokenAge?: number;
  /** Tokens longer than this are refused before decoding. Default 16 384. */
  maxTokenBytes?: number;
  /** Used for discovery and JWKS requests. Default `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Injected time. Default `Date.now`. */
  clock?: Clock;
  /** Timeout for each discovery/JWKS request, covering headers and body. Default 5 000 ms. */
  fetchTimeoutMs?: number;
  /** Size cap for each discovery/JWKS response. Default 512 KiB. */
  maxResponseBytes?: number;
  /** Bounds applied to `Cache-Control: max-age`, in seconds. Default 60 s … 24 h, 10 min if absent. */
  cache?: Partial<CacheBounds>;
  /** Minimum seconds between two fetches triggered by unknown kids or failures. Default 30. */
  refetchCooldownSeconds?: number;
}

export interface ResolvedIssuer {
  readonly issuer: string;
  readonly audiences: readonly string[];
  /** The allow-list: explicit, or {@link DEFAULT_ALGORITHMS}. */
  readonly algorithms: ReadonlySet<Algorithm>;
  /** True when the caller gave no `algorithms` and discovery narrows the allow-list. */
  readonly algorithmsFromDiscovery: boolean;
  readonly jwksUri: string | undefined;
  readonly claims: 'runid' | 'any';
  readonly version: IssuerVersion | undefined;
  readonly namespaces: NamespaceOptions;
  readonly introspection: ResolvedIntrospection | undefined;
}

export const DEFAULT_ALGORITHMS: readonly Algorithm[] = Object.freeze(['RS256', 'ES256']);
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;
export const MAX_CLOCK_TOLERANCE_SECONDS = 300;
export const DEFAULT_MAX_TOKEN_BYTES = 16_384;
export const DEFAULT_FETCH_TIMEOUT_MS = 5_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 512 * 1024;
export const DEFAULT_REFETCH_COOLDOWN_SECONDS = 30;
const MAX_AUDIENCES = 100;

export interface ResolvedOptions {
  readonly issuers: readonly ResolvedIssuer[];
  readonly clockTolerance: number;
  readonly maxTokenAge: number | undefined;
  readonly maxTokenBytes: number;
  readonly fetchTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly cache: CacheBounds;
  readonly refetchCooldownMs: number;
}

function isNonNegativeFinite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function defaultVersion(issuer: string): IssuerVersion | undefined {
  if (/\/oidc\/v2\/?$/.test(issuer)) return 'v2';
  if (/\/oidc\/?$/.test(issuer)) return 'v1';
  return undefined;
}

function resolveIssuer(config: IssuerConfig, index: number, issues: ErrorIssue[]): ResolvedIssuer {
  const at = (name: string): string => `issuers[${index}].${name}`;
  const add = (name: string, message: string): void => {
    issues.push({ path: at(name), code: 'invalid', message: `${at(name)} ${message}` });
  };
  const { issuer, audience, jwksUri } = config;
  const algorithms = config.algorithms ?? DEFAULT_ALGORITHMS;
  if (typeof issuer !== 'string' || issuer.length === 0)
    add('issuer', 'must be a non-empty string');
  else {
    const problem = issuerProblem(issuer);
    if (problem !== undefined) add('issuer', problem);
    else if (issuer.endsWith('/') && config.claims !== 'any') {
      // `iss` is compared byte for byte and RunID never emits a trailing slash: such an issuer
      // could never match a RunID token, so it is refused here rather than failing every verify.
      // (`claims: 'any'` keeps it: some issuers, e.g. Auth0, do put a trailing slash in `iss`.)
      add(
        'issuer',
        `must not end with "/" (${JSON.stringify(issuer)} would never equal a token's iss; use ${JSON.stringify(issuer.replace(/\/+$/, ''))})`,
      );
    }
  }
  const audiences =
    typeof audience === 'string' ? [audience] : Array.isArray(audience) ? audience : [];
  if (
    audiences.length === 0 ||
    audiences.length > MAX_AUDIENCES ||
    !audiences.every((a) => typeof a === 'string' && a.length > 0)
  ) {
    add('audience', `must be a non-empty string or 1-${MAX_AUDIENCES} non-empty strings`);
  }
  const algs = Array.isArray(algorithms) ? (algorithms as unknown[]) : [];
  if (algs.length === 0) add('algorithms', 'must be a non-empty array');
  for (const alg of algs) {
    if (typeof alg === 'string' && isForbiddenAlgorithm(alg)) {
      add('algorithms', `must not contain ${alg}: none and HMAC are never allowed with a JWKS`);
    } else if (!isSupportedAlgorithm(alg)) {
      add(
        'algorithms',
        `contains an unsupported algorithm (supported: RS*, PS*, ES*, EdDSA, Ed25519)`,
      );
    }
  }
  if (jwksUri !== undefined) {
    const problem = typeof jwksUri === 'string' ? fetchableUrlProblem(jwksUri) : 'must be a string';
    if (problem !== undefined) add('jwksUri', problem);
  }
  const claims = config.claims ?? 'runid';
  if (claims !== 'runid' && claims !== 'any') add('claims', "must be 'runid' or 'any'");
  const version =
    config.issuerVersion ?? (typeof issuer === 'string' ? defaultVersion(issuer) : undefined);
  if (version !== undefined && version !== 'v1' && version !== 'v2') {
    add('issuerVersion', "must be 'v1' or 'v2'");
  }
  const namespaces: NamespaceOptions = {};
  if (config.subjectNamespace !== undefined) namespaces.subjectNamespace = config.subjectNamespace;
  if (config.claimNamespace !== undefined) namespaces.claimNamespace = config.claimNamespace;
  try {
    // @runid/claims throws only for invalid namespace options: surface that now, not per token.
    parseClaims({}, namespaces);
  } catch (error) {
    add(
      'subjectNamespace',
      `or claimNamespace is invalid (${error instanceof Error ? error.message : 'error'})`,
    );
  }
  const introspection = resolveIntrospection(config.introspection, jwksUri, add);
  return {
    issuer,
    audiences: [...audiences],
    algorithms: new Set(algs as Algorithm[]),
    algorithmsFromDiscovery: config.algorithms === undefined && jwksUri === undefined,
    jwksUri,
    claims,
    version,
    namespaces,
    introspection,
  };
}

function resolveIntrospection(
  options: IntrospectionOptions | undefined,
  jwksUri: string | undefined,
  add: (name: string, message: string) => void,
): ResolvedIntrospection | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) {
    add('introspection', 'must be an object { credential, cacheSeconds?, fetch? }');
    return undefined;
  }
  const { credential, fetch } = options;
  const cacheSeconds = options.cacheSeconds ?? DEFAULT_INTROSPECTION_CACHE_SECONDS;
  if (typeof credential !== 'string' || !/^[\x21-\x7e]+$/.test(credential)) {
    add('introspection.credential', 'must be a non-empty string of printable ASCII without spaces');
  }
  if (!isNonNegativeFinite(cacheSeconds) || cacheSeconds > MAX_INTROSPECTION_CACHE_SECONDS) {
    add(
      'introspection.cacheSeconds',
      `must be a finite number of seconds from 0 to ${MAX_INTROSPECTION_CACHE_SECONDS}`,
    );
  }
  if (fetch !== undefined && typeof fetch !== 'function') {
    add('introspection.fetch', 'must be a function');
  }
  if (jwksUri !== undefined) {
    add(
      'introspection',
      "needs the issuer's discovery document (its introspection_endpoint): remove jwksUri",
    );
  }
  return { credential, cacheMs: cacheSeconds * 1000, fetch };
}

/** Validates the options once, so `verify` only reads precomputed state. Throws `invalid_config`. */
export function resolveOptions(options: VerifierOptions): ResolvedOptions {
  const issues: ErrorIssue[] = [];
  const add = (path: string, message: string): void => {
    issues.push({ path, code: 'invalid', message: `${path} ${message}` });
  };
  if (typeof options !== 'object' || options === null) {
    throw new VerifierError('invalid_config', 'verifier options must be an object');
  }
  const configs = Array.isArray(options.issuers) ? options.issuers : [];
  if (configs.length === 0) add('issuers', 'must list at least one issuer');
  const issuers = configs.map((config, index) => resolveIssuer(config, index, issues));
  const seen = new Set<string>();
  for (const [index, { issuer }] of issuers.entries()) {
    if (seen.has(issuer)) add(`issuers[${index}].issuer`, 'is configured twice');
    seen.add(issuer);
  }
  const clockTolerance = options.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  if (!isNonNegativeFinite(clockTolerance) || clockTolerance > MAX_CLOCK_TOLERANCE_SECONDS) {
    add(
      'clockTolerance',
      `must be a finite number of seconds from 0 to ${MAX_CLOCK_TOLERANCE_SECONDS}`,
    );
  }
  if (
    options.maxTokenAge !== undefined &&
    !(isNonNegativeFinite(options.maxTokenAge) && options.maxTokenAge > 0)
  ) {
    add('maxTokenAge', 'must be a finite number of seconds > 0');
  }
  const positiveInteger = (name: string, value: unknown, fallback: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
      add(name, 'must be a positive integer');
      return fallback;
    }
    return value;
  };
  const maxTokenBytes = positiveInteger(
    'maxTokenBytes',
    options.maxTokenBytes,
    DEFAULT_MAX_TOKEN_BYTES,
  );
  const fetchTimeoutMs = positiveInteger(
    'fetchTimeoutMs',
    options.fetchTimeoutMs,
    DEFAULT_FETCH_TIMEOUT_MS,
  );
  const maxResponseBytes = positiveInteger(
    'maxResponseBytes',
    options.maxResponseBytes,
    DEFAULT_MAX_RESPONSE_BYTES,
  );
  const cache: CacheBounds = { ...DEFAULT_CACHE_BOUNDS, ...options.cache };
  for (const name of ['minSeconds', 'maxSeconds', 'defaultSeconds'] as const) {
    if (!isNonNegativeFinite(cache[name])) add(`cache.${name}`, 'must be a finite number >= 0');
  }
  if (!(cache.minSeconds <= cache.defaultSeconds && cache.defaultSeconds <= cache.maxSeconds)) {
    add('cache', 'must satisfy minSeconds <= defaultSeconds <= maxSeconds');
  }
  const cooldown = options.refetchCooldownSeconds ?? DEFAULT_REFETCH_COOLDOWN_SECONDS;
  if (!isNonNegativeFinite(cooldown)) add('refetchCooldownSeconds', 'must be a finite number >= 0');
  if (options.fetch !== undefined && typeof options.fetch !== 'function')
    add('fetch', 'must be a function');
  if (options.fetch === undefined && typeof globalThis.fetch !== 'function') {
    add('fetch', 'is required: this runtime has no global fetch');
  }
  if (issues.length > 0) {
    throw new VerifierError(
      'invalid_config',
      `invalid verifier options: ${issues.map((issue) => issue.message).join('; ')}`,
      { issues },
    );
  }
  return {
    issuers,
    clockTolerance,
    maxTokenAge: options.maxTokenAge,
    maxTokenBytes,
    fetchTimeoutMs,
    maxResponseBytes,
    cache,
    refetchCooldownMs: cooldown * 1000,
  };
}
