import { createHash } from 'node:crypto';
import { failure, type VerifyFailure } from './errors.js';
import { type PostFetchLike, type PostLimits, postFormJson } from './fetch.js';
import { isPlainObject } from './json.js';
import { fetchableUrlProblem } from './url.js';

/**
 * Opt-in RFC 7662 introspection of an issuer's tokens, after every local check has passed: a
 * relying party can then refuse a token that is signed and unexpired but no longer live (for
 * RunID: its run finished, expired or was revoked).
 */
export interface IntrospectionOptions {
  /**
   * The bearer credential sent to the issuer's `introspection_endpoint` (for RunID: a client key,
   * `rid_client_…`, one of whose grants has `introspect: true`). Only ever sent to that endpoint,
   * which must be on the issuer's own origin.
   */
  credential: string;
  /**
   * How long an answer (active or not) is reused for the same token, in seconds: 0 to
   * {@link MAX_INTROSPECTION_CACHE_SECONDS} (60); default {@link DEFAULT_INTROSPECTION_CACHE_SECONDS}
   * (10). A token's run ending is seen at most this late.
   */
  cacheSeconds?: number;
  /** Used for the introspection requests. Default: the verifier's `fetch`, else `globalThis.fetch`. */
  fetch?: PostFetchLike;
}

/** An `active: true` answer, as the issuer sent it (for RunID: claims, `client_id`, `run`). */
export interface IntrospectionAnswer {
  readonly active: true;
  readonly client_id?: string;
  readonly run?: { readonly id: string; readonly state: string; readonly deadline: string };
  readonly [name: string]: unknown;
}

export const DEFAULT_INTROSPECTION_CACHE_SECONDS = 10;
export const MAX_INTROSPECTION_CACHE_SECONDS = 60;
const MAX_CACHED_ANSWERS = 10_000;

const INACTIVE = failure('token_inactive', 'the issuer says the token is no longer active');

function unavailable(reason: string): VerifyFailure {
  return failure('introspection_unavailable', `the token could not be introspected: ${reason}`);
}

type Outcome = IntrospectionAnswer | VerifyFailure;

function isFailure(outcome: Outcome): outcome is VerifyFailure {
  return (outcome as { ok?: unknown }).ok === false;
}

export interface ResolvedIntrospection {
  readonly credential: string;
  readonly cacheMs: number;
  readonly fetch: PostFetchLike | undefined;
}

/**
 * One issuer's introspection: answers cached by the token's SHA-256 (never the token) for a short
 * bound, one request in flight per token, and every failure a refusal — never a silent accept.
 */
export class Introspector {
  readonly #cache = new Map<string, { outcome: Outcome; expiresAt: number }>();
  readonly #inFlight = new Map<string, Promise<Outcome>>();

  constructor(
    private readonly issuer: string,
    private readonly options: ResolvedIntrospection,
    private readonly endpoint: () => string | undefined,
    private readonly limits: PostLimits,
    private readonly now: () => number,
  ) {}

  /** The answer for a token whose signature and claims have been verified, or a failure. */
  async check(token: string, claims: Record<string, unknown>): Promise<Outcome> {
    const key = createHash('sha256').update(token).digest('base64url');
    const cached = this.#cache.get(key);
    if (cached !== undefined && this.now() < cached.expiresAt) return cached.outcome;
    const pending = this.#inFlight.get(key);
    if (pending !== undefined) return pending;
    const request = this.#ask(token, claims).then((outcome) => {
      // Only the issuer's own answers are kept: a failure to reach it is retried next time.
      const answered = !isFailure(outcome) || outcome.code === 'token_inactive';
      if (answered && this.options.cacheMs > 0) this.#remember(key, outcome);
      return outcome;
    });
    this.#inFlight.set(key, request);
    try {
      return await request;
    } finally {
      this.#inFlight.delete(key);
    }
  }

  /** Forgets every cached answer (purge). */
  purge(): void {
    this.#cache.clear();
  }

  #remember(key: string, outcome: Outcome): void {
    const now = this.now();
    if (this.#cache.size >= MAX_CACHED_ANSWERS) {
      for (const [k, entry] of this.#cache) if (entry.expiresAt <= now) this.#cache.delete(k);
      if (this.#cache.size >= MAX_CACHED_ANSWERS) this.#cache.clear();
    }
    this.#cache.set(key, { outcome, expiresAt: now + this.options.cacheMs });
  }

  async #ask(token: string, claims: Record<string, unknown>): Promise<Outcome> {
    const endpoint = this.endpoint();
    if (endpoint === undefined) {
      return unavailable("the issuer's discovery document has no introspection_endpoint");
    }
    const problem = endpointProblem(endpoint, this.issuer);
    if (problem !== undefined) return unavailable(`introspection_endpoint ${problem}`);
    const fetched = await postFormJson(
      endpoint,
      { token },
      { authorization: `Bearer ${this.options.credential}` },
      this.limits,
    );
    if (!fetched.ok) return unavailable(fetched.reason);
    const answer = fetched.value;
    if (!isPlainObject(answer) || typeof answer.active !== 'boolean') {
      return unavailable('the answer is not an RFC 7662 introspection response');
    }
    if (!answer.active) return INACTIVE;
    // An answer about another token is not an answer about this one.
    for (const name of ['iss', 'sub', 'jti'] as const) {
      if (
        answer[name] !== undefined &&
        claims[name] !== undefined &&
        answer[name] !== claims[name]
      ) {
        return unavailable(`the answer's ${name} differs from the token's`);
      }
    }
    return Object.freeze(structuredClone(answer)) as IntrospectionAnswer;
  }
}

/** The credential goes only to the issuer's own origin, over https (or loopback http). */
function endpointProblem(endpoint: string, issuer: string): string | undefined {
  const problem = fetchableUrlProblem(endpoint);
  if (problem !== undefined) return problem;
  if (new URL(endpoint).origin !== new URL(issuer).origin) {
    return "is not on the issuer's origin (the credential is never sent elsewhere)";
  }
  return undefined;
}
