import { statusForCode, type VerifyFailure } from '../errors.js';
import {
  type CompiledPolicy,
  evaluatePolicy,
  explain,
  preparePolicy,
  type TrustPolicy,
} from '../policy.js';
import type { Verifier, VerifySuccess } from '../verifier.js';
import { extractBearer } from './bearer.js';

export interface MiddlewareOptions {
  /** When set, a verified token must also satisfy this policy (otherwise 403). */
  policy?: TrustPolicy | CompiledPolicy;
  /** `realm` in the `WWW-Authenticate` challenge. */
  realm?: string;
  /** Where the verified result is attached (`ctx.state[property]`, `req[property]`). Default `runid`. */
  property?: string;
  /**
   * Called before every refusal, with why — for logs and metrics (the response itself only says
   * what is safe to tell the caller). A throwing or rejecting hook never changes the answer.
   */
  onRejected?: (event: RejectionEvent) => void | Promise<void>;
}

/** Why a request was refused. */
export interface RejectionEvent {
  readonly status: number;
  /** `missing_token`, `invalid_request`, a verify failure code, or `policy_refused`. */
  readonly reason: string;
  /** The verify failure (its `unverified.iss` names an unknown issuer). */
  readonly failure?: VerifyFailure;
  /** For `policy_refused`: the verified token and every failed condition ({@link explain}). */
  readonly result?: VerifySuccess;
  readonly policyFailures?: readonly string[];
  readonly body: ProblemBody;
}

/** An RFC 9457 problem document, as every RunID service answers errors. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: Array<{ path: string; code: string; message: string }>;
}

export type Authentication =
  | { readonly ok: true; readonly result: VerifySuccess }
  | {
      readonly ok: false;
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: ProblemBody;
    };

export const DEFAULT_PROPERTY = 'runid';

/** Compiles the policy when the middleware is created, so a bad policy fails at startup. */
export function prepareOptions(options: MiddlewareOptions = {}): MiddlewareOptions {
  return options.policy === undefined
    ? options
    : { ...options, policy: preparePolicy(options.policy) };
}
const RETRY_AFTER_SECONDS = '30';

/** RFC 6750 §3: error_description is a quoted-string of %x20-21 / %x23-5B / %x5D-7E only. */
function quoted(text: string): string {
  return `"${text.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, ' ')}"`;
}

function challenge(realm: string | undefined, error?: string, description?: string): string {
  const parts: string[] = [];
  if (realm !== undefined) parts.push(`realm=${quoted(realm)}`);
  if (error !== undefined) parts.push(`error="${error}"`);
  if (description !== undefined) parts.push(`error_description=${quoted(description)}`);
  return parts.length === 0 ? 'Bearer' : `Bearer ${parts.join(', ')}`;
}

function problem(
  status: number,
  code: string,
  title: string,
  detail: string,
  reason?: { code: string; message: string },
): ProblemBody {
  const body: ProblemBody = {
    type: `https://runid.dev/problems/${code}`,
    title,
    status,
    code,
    detail,
  };
  if (reason) body.errors = [{ path: 'authorization', ...reason }];
  return body;
}

const PROBLEM_HEADERS = { 'content-type': 'application/problem+json' } as const;

/**
 * The framework-independent core of the middleware: reads the Authorization header value, verifies
 * the token and the optional policy, and says what to answer on failure.
 */
export async function authenticate(
  verifier: Verifier,
  authorization: string | readonly string[] | null | undefined,
  options: MiddlewareOptions = {},
): Promise<Authentication> {
  const outcome = await decide(verifier, authorization, options);
  if (!outcome.ok && options.onRejected !== undefined) {
    const { event, ...answer } = outcome;
    try {
      await options.onRejected(event(answer.body));
    } catch {
      // A logging hook must not turn a 401 into a 500 or let a request through.
    }
    return answer;
  }
  if (!outcome.ok) {
    const { event: _event, ...answer } = outcome;
    return answer;
  }
  return outcome;
}

type Decision =
  | { readonly ok: true; readonly result: VerifySuccess }
  | (Extract<Authentication, { ok: false }> & {
      readonly event: (body: ProblemBody) => RejectionEvent;
    });

async function decide(
  verifier: Verifier,
  authorization: string | readonly string[] | null | undefined,
  options: MiddlewareOptions,
): Promise<Decision> {
  const { realm } = options;
  const bearer = extractBearer(authorization);
  if (bearer.status === 'missing') {
    return {
      ok: false,
      status: 401,
      headers: { ...PROBLEM_HEADERS, 'www-authenticate': challenge(realm) },
      body: problem(401, 'unauthorized', 'Unauthorized', 'a bearer token is required'),
      event: (b: ProblemBody): RejectionEvent => {
        return { status: 401, reason: 'missing_token', body: b };
      },
    };
  }
  if (bearer.status === 'invalid') {
    return {
      ok: false,
      status: 400,
      headers: {
        ...PROBLEM_HEADERS,
        'www-authenticate': challenge(realm, 'invalid_request', bearer.description),
      },
      body: problem(400, 'invalid_request', 'Bad Request', bearer.description),
      event: (b: ProblemBody): RejectionEvent => {
        return { status: 400, reason: 'invalid_request', body: b };
      },
    };
  }
  const result = await verifier.verify(bearer.token);
  if (!result.ok) {
    const status = statusForCode(result.code);
    const reason = { code: result.code, message: result.message };
    if (status === 503) {
      return {
        ok: false,
        status,
        headers: { ...PROBLEM_HEADERS, 'retry-after': RETRY_AFTER_SECONDS },
        body: problem(status, result.code, 'Service Unavailable', result.message, reason),
        event: (b: ProblemBody): RejectionEvent => {
          return { status, reason: result.code, failure: result, body: b };
        },
      };
    }
    return {
      ok: false,
      status: 401,
      headers: {
        ...PROBLEM_HEADERS,
        'www-authenticate': challenge(realm, 'invalid_token', result.message),
      },
      body: problem(401, 'unauthorized', 'Unauthorized', result.message, reason),
      event: (b: ProblemBody): RejectionEvent => {
        return { status: 401, reason: result.code, failure: result, body: b };
      },
    };
  }
  if (options.policy !== undefined && !evaluatePolicy(options.policy, result.claims).ok) {
    // The failed conditions are not sent: they would describe the policy to the caller.
    const detail = 'the token is valid but not trusted for this resource';
    return {
      ok: false,
      status: 403,
      headers: {
        ...PROBLEM_HEADERS,
        'www-authenticate': challenge(realm, 'insufficient_scope', detail),
      },
      body: problem(403, 'forbidden', 'Forbidden', detail),
      event: (b: ProblemBody): RejectionEvent => {
        const policy = options.policy as TrustPolicy | CompiledPolicy;
        return {
          status: 403,
          reason: 'policy_refused',
          result,
          policyFailures: explain(policy, result.claims),
          body: b,
        };
      },
    };
  }
  return { ok: true, result };
}
