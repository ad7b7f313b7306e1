import type { ParsedClaims, ParsedSubject, TokenKind } from '@runid/claims';
import { type Algorithm, KEY_REQUIREMENTS } from './algorithms.js';
import { decodeBase64url, decodedLength } from './base64url.js';
import { toMillisClock } from './clock.js';
import { type ResolvedIssuer, resolveOptions, type VerifierOptions } from './config.js';
import { failure, sanitizeUnverified, type VerifyFailure } from './errors.js';
import type { FetchLike, FetchLimits, PostFetchLike } from './fetch.js';
import { type JwsHeader, parseHeader } from './header.js';
import { type IntrospectionAnswer, Introspector } from './introspection.js';
import { importedKey, type KeyEntry, keyProblem } from './jwk.js';
import { JwksCache, type JwksCacheStatus } from './jwks-cache.js';
import { decodeJsonSegment, SegmentError, splitCompact } from './jws.js';
import { KeySource } from './key-source.js';
import { checkRegisteredClaims, type TimeRules } from './registered-claims.js';
import { checkRunIdClaims, type RunIdClaimRules, runIdClaimRules } from './runid-claims.js';
import { type SignatureKey, verifySignature } from './signature.js';

/** Registered claims of a token from an issuer configured with `claims: 'any'`. */
export interface GenericClaims {
  iss: string;
  sub?: string;
  aud: string | string[];
  exp: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  [name: string]: unknown;
}

export interface RunIdVerified {
  readonly ok: true;
  readonly kind: TokenKind;
  readonly claims: ParsedClaims['claims'];
  readonly subject: ParsedSubject;
  readonly header: JwsHeader;
  readonly issuer: string;
  /** With the issuer's `introspection` option: its `active: true` answer (claims, `run`, …). */
  readonly introspection?: IntrospectionAnswer;
}

export interface GenericVerified {
  readonly ok: true;
  readonly kind: undefined;
  readonly claims: GenericClaims;
  readonly subject: undefined;
  readonly header: JwsHeader;
  readonly issuer: string;
  /** With the issuer's `introspection` option: its `active: true` answer. */
  readonly introspection?: IntrospectionAnswer;
}

export type VerifySuccess = RunIdVerified | GenericVerified;
export type VerifyResult = VerifySuccess | VerifyFailure;

export interface IssuerStatus extends JwksCacheStatus {
  readonly issuer: string;
  /**
   * The algorithms tokens of this issuer may use now: the configured (or default) allow-list,
   * narrowed to what the issuer's discovery document advertises once it has been fetched.
   */
  readonly algorithms: readonly Algorithm[];
}

export interface ReloadReport {
  readonly issuer: string;
  readonly ok: boolean;
  readonly keys: number;
  readonly error?: string;
}

export interface Verifier {
  /** Verifies a compact JWS. Never throws for a bad token; resolves to a result. */
  verify(token: unknown): Promise<VerifyResult>;
  /** Forgets every cached key set and discovery document; the next token fetches again. */
  purge(): void;
  /** Fetches every issuer's keys now (ignoring the cooldown); the last good set survives failures. */
  reload(): Promise<ReloadReport[]>;
  /** Cache state per issuer (never contains keys or tokens). */
  status(): IssuerStatus[];
  /** Resolves once no background fetch is in flight. */
  idle(): Promise<void>;
  readonly issuers: readonly string[];
}

interface IssuerState {
  readonly config: ResolvedIssuer;
  readonly cache: JwksCache;
  readonly runId: RunIdClaimRules | undefined;
  readonly algorithms: ReadonlySet<Algorithm>;
  /** Set when the caller gave no `algorithms`: discovery's advertised list narrows them. */
  readonly discovery: KeySource | undefined;
  /** With the `introspection` option: asked after every local check has passed. */
  readonly introspector: Introspector | undefined;
}

const MAX_CACHED_HEADERS = 256;

const ISS_INVALID = failure('claims_invalid', 'claim iss is required and must be a string');
const UNKNOWN_ISSUER = failure('unknown_issuer', 'the token issuer is not configured');
const ISSUER_MISMATCH = failure(
  'issuer_mismatch',
  'the token issuer differs from a configured issuer (case or trailing slash); issuers are compared exactly',
);
const ALG_NOT_ALLOWED = failure(
  'algorithm_not_allowed',
  'the token algorithm is not allowed for this issuer',
);
const ALG_NOT_ADVERTISED = failure(
  'algorithm_not_allowed',
  "the token algorithm is not one the issuer's discovery document advertises",
);
const UNKNOWN_KID = failure('unknown_kid', "the token's kid is not in the issuer's key set");
const JWKS_UNAVAILABLE = failure(
  'jwks_unavailable',
  "the issuer's key set could not be fetched; try again later",
);
const BAD_SIGNATURE = failure('bad_signature', 'the token signature is invalid');
const UNEXPECTED = failure('malformed', 'the token could not be processed');
const SIGNATURE_LENGTH = failure(
  'bad_signature',
  'the token signature has the wrong length for its algorithm',
);

function looseIssuer(issuer: string): string {
  return (issuer.endsWith('/') ? issuer.slice(0, -1) : issuer).toLowerCase();
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

function readyKey(entries: readonly KeyEntry[], alg: Algorithm): SignatureKey | undefined {
  for (const entry of entries) {
    const key = entry.ready.get(alg);
    if (key !== undefined) return key;
  }
  return undefined;
}

async function keyFor(
  state: IssuerState,
  kid: string,
  alg: Algorithm,
  now: number,
): Promise<SignatureKey | VerifyFailure> {
  const lookup = await state.cache.lookup(kid, now);
  if (lookup.status === 'unavailable') return JWKS_UNAVAILABLE;
  if (lookup.status === 'unknown_kid') return UNKNOWN_KID;
  let problem = 'no key';
  for (const entry of lookup.entries) {
    const entryProblem = keyProblem(entry, alg);
    if (entryProblem !== undefined) {
      problem = entryProblem;
      continue;
    }
    const key = importedKey(entry, alg);
    if (key !== undefined) return key;
    problem = 'the key material cannot be imported';
  }
  return failure('key_mismatch', `the issuer's key for this kid cannot verify ${alg}: ${problem}`);
}

function effectiveAlgorithms(state: IssuerState): Algorithm[] {
  const allowed = [...state.algorithms];
  const advertised = state.discovery?.advertisedAlgorithms();
  if (advertised === undefined) return allowed;
  return allowed.filter((alg) => advertised.has(alg));
}

/** Builds a verifier for a fixed set of issuers. Throws `VerifierError('invalid_config')`. */
export function createVerifier(options: VerifierOptions): Verifier {
  const resolved = resolveOptions(options);
  const now = toMillisClock(options.clock);
  const fetchFn: FetchLike = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
  const limits: FetchLimits = {
    fetch: fetchFn,
    timeoutMs: resolved.fetchTimeoutMs,
    maxBytes: resolved.maxResponseBytes,
    cacheBounds: resolved.cache,
  };
  const timeRules: TimeRules = {
    clockTolerance: resolved.clockTolerance,
    maxTokenAge: resolved.maxTokenAge,
  };
  const { maxTokenBytes } = resolved;
  const states = new Map<string, IssuerState>();
  const loose = new Set<string>();
  for (const config of resolved.issuers) {
    const source = new KeySource(config.issuer, config.jwksUri, limits, now);
    const introspection = config.introspection;
    states.set(config.issuer, {
      config,
      cache: new JwksCache(source, now, resolved.refetchCooldownMs),
      runId:
        config.claims === 'runid' ? runIdClaimRules(config.version, config.namespaces) : undefined,
      algorithms: new Set(config.algorithms),
      discovery: config.algorithmsFromDiscovery ? source : undefined,
      introspector:
        introspection === undefined
          ? undefined
          : new Introspector(
              config.issuer,
              introspection,
              () => source.introspectionEndpoint(),
              {
                ...limits,
                fetch:
                  introspection.fetch ??
                  (options.fetch as unknown as PostFetchLike | undefined) ??
                  (globalThis.fetch as unknown as PostFetchLike),
              },
              now,
            ),
    });
    loose.add(looseIssuer(config.issuer));
  }
  // Same header segment, same answer: most tokens of an issuer share a handful of headers.
  const headers = new Map<string, JwsHeader>();

  /** Never throws: an unexpected exception is still a refusal (defence in depth). */
  async function verify(token: unknown): Promise<VerifyResult> {
    try {
      const jws = splitCompact(token, maxTokenBytes);
      if ('ok' in jws) return jws;
      let header = headers.get(jws.protected);
      if (header === undefined) {
        const checked = parseHeader(jws.protected);
        if ('ok' in checked) return checked as VerifyFailure;
        if (headers.size >= MAX_CACHED_HEADERS) headers.clear();
        header = deepFreeze(checked);
        headers.set(jws.protected, header);
      }
      let payload: Record<string, unknown>;
      try {
        payload = decodeJsonSegment(jws.payload);
      } catch (error) {
        const reason = error instanceof SegmentError ? error.message : 'undecodable';
        return failure('malformed', `the token payload is malformed: ${reason}`);
      }
      const iss = payload.iss;
      if (typeof iss !== 'string') return ISS_INVALID;
      // Looked up before any network I/O: an unconfigured issuer costs nothing.
      const state = states.get(iss);
      if (state === undefined) {
        const base = loose.has(looseIssuer(iss)) ? ISSUER_MISMATCH : UNKNOWN_ISSUER;
        return Object.freeze({
          ...base,
          unverified: Object.freeze({ iss: sanitizeUnverified(iss) }),
        });
      }
      const { alg, kid } = header;
      // The allow-list first: a refused algorithm costs no network I/O.
      if (!state.algorithms.has(alg)) return ALG_NOT_ALLOWED;
      const signatureBytes = KEY_REQUIREMENTS[alg].signatureBytes;
      if (signatureBytes !== undefined && decodedLength(jws.signature.length) !== signatureBytes) {
        return SIGNATURE_LENGTH;
      }
      const nowMs = now();
      const entries = state.cache.peek(kid, nowMs);
      let key = entries === undefined ? undefined : readyKey(entries, alg);
      if (key === undefined) {
        const found = await keyFor(state, kid, alg, nowMs);
        if ('ok' in found) return found;
        key = found;
      }
      // Keys come through discovery here, so its advertised list is known by now.
      const advertised = state.discovery?.advertisedAlgorithms();
      if (advertised !== undefined && !advertised.has(alg)) {
        return ALG_NOT_ADVERTISED;
      }
      // splitCompact checked the signature is strict base64url.
      const signature = decodeBase64url(jws.signature);
      if (signature === undefined) return BAD_SIGNATURE;
      if (signature.length !== key.signatureBytes) return SIGNATURE_LENGTH;
      if (!verifySignature(key, jws.signingInput, signature)) return BAD_SIGNATURE;
      const claimFailure = checkRegisteredClaims(
        payload,
        state.config.audiences,
        nowMs / 1000,
        timeRules,
      );
      if (claimFailure !== undefined) return claimFailure;
      let verified: VerifySuccess;
      if (state.runId === undefined) {
        verified = {
          ok: true,
          kind: undefined,
          claims: payload as GenericClaims,
          subject: undefined,
          header,
          issuer: iss,
        };
      } else {
        const parsed = checkRunIdClaims(payload, state.runId);
        if ('ok' in parsed) return parsed;
        verified = {
          ok: true,
          kind: parsed.kind,
          claims: parsed.claims,
          subject: parsed.subject,
          header,
          issuer: iss,
        };
      }
      // Last, and only for a token that passed every local check: no request for junk.
      if (state.introspector === undefined) return verified;
      const answer = await state.introspector.check(token as string, payload);
      if ((answer as { ok?: unknown }).ok === false) return answer as VerifyFailure;
      return { ...verified, introspection: answer as IntrospectionAnswer };
    } catch {
      return UNEXPECTED;
    }
  }

  return {
    verify,
    purge(): void {
      headers.clear();
      for (const state of states.values()) {
        state.cache.purge();
        state.introspector?.purge();
      }
    },
    async reload(): Promise<ReloadReport[]> {
      return Promise.all(
        [...states.values()].map(async ({ config, cache }) => {
          await cache.refresh();
          const status = cache.status();
          return status.lastError === undefined
            ? { issuer: config.issuer, ok: true, keys: status.keys }
            : { issuer: config.issuer, ok: false, keys: status.keys, error: status.lastError };
        }),
      );
    },
    status(): IssuerStatus[] {
      return [...states.values()].map((state) => ({
        issuer: state.config.issuer,
        ...state.cache.status(),
        algorithms: effectiveAlgorithms(state),
      }));
    },
    async idle(): Promise<void> {
      await Promise.all([...states.values()].map(({ cache }) => cache.idle()));
    },
    issuers: resolved.issuers.map((issuer) => issuer.issuer),
  };
}
