import { awsLike } from '../glob.js';
import { isPlainObject } from '../json.js';
import { claimsOrRefusal, type TokenSource } from '../token.js';
import {
  accepted,
  audiences,
  epochSeconds,
  numericClaim,
  refused,
  type SimulateOptions,
  type Verdict,
} from '../types.js';
import {
  type AwsContext,
  type ConditionFailure,
  evaluateConditions,
  MalformedPolicyError,
} from './conditions.js';
import { type AwsTarget, providerArn, providerPrefix } from './config.js';

/** STS allows 5 minutes of clock skew on `exp`. */
export const AWS_CLOCK_SKEW_SECONDS = 300;
export const AWS_TAGS_CLAIM = 'https://aws.amazon.com/tags';

export interface AwsSimulateOptions extends SimulateOptions {
  /** `DurationSeconds` of the request; STS's default is 3600. */
  durationSeconds?: number;
  /** `RoleSessionName`; 2–64 of `[\w+=,.@-]`. Not checked when absent. */
  roleSessionName?: string;
  /** More request-context keys (e.g. `aws:SourceVpc`), as IAM would see them. */
  context?: Readonly<Record<string, string | readonly string[]>>;
}

const ACCESS_DENIED = 'Not authorized to perform sts:AssumeRoleWithWebIdentity';

/** Would `sts:AssumeRoleWithWebIdentity` succeed for this token, role and provider(s)? */
export function simulateAws(
  token: TokenSource,
  target: AwsTarget,
  options: AwsSimulateOptions,
): Verdict {
  const now = epochSeconds(options.now);
  const notes: string[] = [];
  const parsed = claimsOrRefusal(token, 'aws', {
    code: 'InvalidIdentityToken',
    message:
      'The web identity token that was passed could not be validated by Amazon Web Services. Get a new identity token from the identity provider and then retry the request.',
    hint: 'Pass the token exactly as issued: no trailing newline, no quotes.',
  });
  if ('accepted' in parsed) return parsed;
  const { claims } = parsed;
  const iss = claims.iss;
  // 1. Registration: IAM looks the provider up by the token's `iss`, exactly (case-sensitive).
  const provider = target.providers.find(
    (p) =>
      typeof iss === 'string' &&
      iss.startsWith('https://') &&
      providerPrefix(p.url) === iss.slice(8),
  );
  if (!provider) {
    const near = target.providers.find(
      (p) =>
        typeof iss === 'string' &&
        providerPrefix(p.url).toLowerCase().replace(/\/$/, '') ===
          iss.slice(8).toLowerCase().replace(/\/$/, ''),
    );
    return refused(
      'aws',
      'registration',
      'InvalidIdentityToken',
      `No OpenIDConnect provider found in your account for ${String(iss)}`,
      {
        path: '/Url',
        expected: target.providers.map((p) => `https://${providerPrefix(p.url)}`),
        actual: iss,
      },
      near
        ? `The provider URL differs from iss only in case or a trailing slash (${near.url}); IAM compares it exactly. Register https://${String(iss).slice(8)}.`
        : `Create an IAM OIDC provider for ${String(iss)} (aws iam create-open-id-connect-provider --url ${String(iss)} --client-id-list <aud>).`,
    );
  }
  const prefix = providerPrefix(provider.url);
  const arn = providerArn(provider, target.role);
  // 2. Registered claims.
  const aud = audiences(claims);
  if (aud === undefined) {
    return refused(
      'aws',
      'claims',
      'InvalidIdentityToken',
      'Missing a required claim: aud',
      { path: '/aud', expected: 'a string', actual: claims.aud },
      'Mint the token with an audience (for RunID v1 tokens it is the org, or <platform>:<org>).',
    );
  }
  const exp = numericClaim(claims, 'exp');
  if (exp === undefined || now >= exp + AWS_CLOCK_SKEW_SECONDS) {
    return refused(
      'aws',
      'claims',
      'ExpiredTokenException',
      `Token expired: current date/time ${now} must be before the expiration date/time ${String(exp)}`,
      {
        path: '/exp',
        expected: `> ${now - AWS_CLOCK_SKEW_SECONDS} (now − 5 min skew)`,
        actual: claims.exp,
      },
      'Mint a fresh token right before the exchange; STS allows only 5 minutes of clock skew.',
    );
  }
  if (Array.isArray(claims.aud)) {
    notes.push(
      'aud is an array: whether STS accepts it and how :aud then behaves is unconfirmed; RunID emits one string.',
    );
  }
  // 3. Audience gate: the provider's client-ID list.
  if (!aud.some((a) => provider.clientIds.includes(a))) {
    const caseOnly = aud.find((a) =>
      provider.clientIds.some((c) => c.toLowerCase() === a.toLowerCase()),
    );
    return refused(
      'aws',
      'audience',
      'InvalidIdentityToken',
      'Incorrect token audience',
      { path: '/ClientIDList', expected: provider.clientIds, actual: claims.aud },
      caseOnly
        ? `The client ID list has ${caseOnly} in another case; STS compares exactly.`
        : `Add ${aud.join(', ')} to the provider's client ID list (aws iam add-client-id-to-open-id-connect-provider --client-id ${aud[0]}), or mint the token for one of ${provider.clientIds.join(', ') || '(none)'}.`,
    );
  }
  // 4. Policy.
  const context = new Map<string, string[]>();
  context.set(`${prefix}:aud`, aud);
  if (typeof claims.sub === 'string') context.set(`${prefix}:sub`, [claims.sub]);
  if (Array.isArray(claims.amr)) context.set(`${prefix}:amr`, claims.amr.map(String));
  context.set('aws:FederatedProvider', [arn]);
  const tags = claims[AWS_TAGS_CLAIM];
  const hasTags = tags !== undefined;
  if (isPlainObject(tags) && isPlainObject(tags.principal_tags)) {
    const keys: string[] = [];
    for (const [k, v] of Object.entries(tags.principal_tags)) {
      keys.push(k);
      const first = Array.isArray(v) ? v[0] : v;
      if (first !== undefined) context.set(`aws:RequestTag/${k}`, [String(first)]);
    }
    context.set('aws:TagKeys', keys);
  }
  for (const [k, v] of Object.entries(options.context ?? {}))
    context.set(k, typeof v === 'string' ? [v] : [...v]);

  const base = target.role.policyPath;
  const actions = ['sts:AssumeRoleWithWebIdentity', ...(hasTags ? ['sts:TagSession'] : [])];
  for (const action of actions) {
    const result = authorize(target.role.trustPolicy, action, arn, context, base);
    if (result.kind === 'malformed') {
      return refused(
        'aws',
        'policy',
        'MalformedPolicyDocument',
        result.message,
        { path: result.path, expected: 'a valid trust policy' },
        'Fix the trust policy; IAM refuses it when you write it.',
      );
    }
    if (result.kind === 'denied') {
      const f = result.failure;
      return refused(
        'aws',
        'policy',
        'AccessDenied',
        ACCESS_DENIED,
        f
          ? {
              path: f.path,
              expected: f.condition
                ? { [f.condition.operator]: { [f.condition.key]: f.condition.expected } }
                : f.expected,
              actual: f.condition
                ? f.condition.actual?.length === 1
                  ? f.condition.actual[0]
                  : f.condition.actual
                : f.actual,
            }
          : {
              path: base,
              expected: `an Allow statement for ${action} with Principal.Federated ${arn}`,
            },
        hintFor(action, arn, f, claims),
      );
    }
  }
  // 5. The session request.
  const duration = options.durationSeconds ?? 3600;
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
    return refused(
      'aws',
      'session',
      'ValidationError',
      `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value ${duration < 900 ? 'greater than or equal to 900' : 'less than or equal to 43200'}`,
      { path: '/DurationSeconds', expected: '900–43200', actual: duration },
      'Request between 15 minutes and 12 hours.',
    );
  }
  if (duration > target.role.maxSessionDuration) {
    return refused(
      'aws',
      'session',
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      {
        path: target.role.policyPath.replace(/\/AssumeRolePolicyDocument$/, '/MaxSessionDuration'),
        expected: `≤ ${target.role.maxSessionDuration}`,
        actual: duration,
      },
      `Request at most ${target.role.maxSessionDuration} s, or raise the role's MaxSessionDuration (aws iam update-role --max-session-duration ${duration}).`,
    );
  }
  const name = options.roleSessionName;
  if (name !== undefined && !/^[\w+=,.@-]{2,64}$/.test(name)) {
    return refused(
      'aws',
      'session',
      'ValidationError',
      `1 validation error detected: Value '${name}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
      { path: '/RoleSessionName', expected: '2–64 of [\\w+=,.@-]', actual: name },
      'Use 2–64 letters, digits or +=,.@_-.',
    );
  }
  return accepted('aws', typeof claims.sub === 'string' ? claims.sub : undefined, notes);
}

interface StatementFailure {
  path: string;
  expected: unknown;
  actual?: unknown;
  condition?: ConditionFailure;
}

type Authorization =
  | { kind: 'allowed' }
  | { kind: 'denied'; failure: StatementFailure | undefined }
  | { kind: 'malformed'; path: string; message: string };

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function actionMatches(patterns: unknown, action: string): boolean {
  // Action names are case-insensitive and take `*` / `?` wildcards.
  return list(patterns).some(
    (p) => typeof p === 'string' && awsLike(p.toLowerCase(), action.toLowerCase()),
  );
}

function principalMatches(principal: unknown, arn: string): boolean {
  if (principal === '*') return true;
  if (!isPlainObject(principal)) return false;
  return list(principal.Federated).some((p) => p === arn || p === '*');
}

/** Explicit Deny wins; otherwise some Allow must match action, principal and every condition. */
function authorize(
  policy: unknown,
  action: string,
  arn: string,
  context: AwsContext,
  base: string,
): Authorization {
  if (!isPlainObject(policy))
    return { kind: 'malformed', path: base, message: 'the trust policy is not an object' };
  const statements = list(policy.Statement);
  const single = !Array.isArray(policy.Statement);
  let allowed = false;
  let best: StatementFailure | undefined;
  let bestScore = -1;
  for (const [i, st] of statements.entries()) {
    const at = single ? `${base}/Statement` : `${base}/Statement/${i}`;
    if (!isPlainObject(st))
      return { kind: 'malformed', path: at, message: 'a statement must be an object' };
    if (st.NotAction !== undefined || st.NotPrincipal !== undefined) {
      return { kind: 'malformed', path: at, message: 'NotAction/NotPrincipal are not simulated' };
    }
    const actionOk = actionMatches(st.Action, action);
    const principalOk = principalMatches(st.Principal, arn);
    let cond: ConditionFailure | undefined;
    try {
      cond = actionOk && principalOk ? evaluateConditions(st.Condition, context) : undefined;
    } catch (error) {
      if (error instanceof MalformedPolicyError) {
        return { kind: 'malformed', path: `${at}/Condition${error.path}`, message: error.message };
      }
      throw error;
    }
    const applies = actionOk && principalOk && cond === undefined;
    if (st.Effect === 'Deny' && applies) {
      return {
        kind: 'denied',
        failure: {
          path: at,
          expected: 'no Deny statement matching the request',
          actual: 'Deny matched',
        },
      };
    }
    if (st.Effect !== 'Allow') continue;
    if (applies) {
      allowed = true;
      continue;
    }
    // Remember the statement that came closest, to say what to change.
    const score = (principalOk ? 2 : 0) + (actionOk ? 1 : 0);
    if (score > bestScore) {
      bestScore = score;
      best = !principalOk
        ? {
            path: `${at}/Principal/Federated`,
            expected: arn,
            actual: isPlainObject(st.Principal) ? st.Principal.Federated : st.Principal,
          }
        : !actionOk
          ? { path: `${at}/Action`, expected: action, actual: st.Action }
          : {
              path: `${at}/Condition${(cond as ConditionFailure).path}`,
              expected: (cond as ConditionFailure).expected,
              condition: cond as ConditionFailure,
            };
    }
  }
  return allowed ? { kind: 'allowed' } : { kind: 'denied', failure: best };
}

function hintFor(
  action: string,
  arn: string,
  f: StatementFailure | undefined,
  claims: Readonly<Record<string, unknown>>,
): string {
  if (!f)
    return `Add a statement {"Effect":"Allow","Principal":{"Federated":"${arn}"},"Action":"${action}"} with conditions on :aud and :sub.`;
  if (f.path.endsWith('/Principal/Federated'))
    return `Principal.Federated must be the provider ARN ${arn}.`;
  if (f.path.endsWith('/Action')) {
    return action === 'sts:TagSession'
      ? 'The token carries session tags (https://aws.amazon.com/tags): add "sts:TagSession" to the statement\'s Action.'
      : 'Add "sts:AssumeRoleWithWebIdentity" to the statement\'s Action.';
  }
  const c = f.condition;
  if (!c) return 'Remove or narrow the Deny statement.';
  const claim = c.key.slice(c.key.lastIndexOf(':') + 1);
  const actual = c.actual?.[0];
  if (c.actual === undefined) {
    return `${c.key} is not in the request: for a generic OIDC provider IAM populates only :aud and :sub (custom claims are not condition keys). Condition on ${c.key.replace(/:[^:]*$/, ':sub')} instead.`;
  }
  if (actual !== undefined && c.expected.some((e) => e.toLowerCase() === actual.toLowerCase())) {
    return `The token's ${claim} (${actual}) differs from the policy only in letter case; ${c.operator} is case-sensitive. Write it exactly as the token has it.`;
  }
  if (claim === 'sub' && typeof claims.sub === 'string') {
    return `The token's sub is ${claims.sub}; no value of ${c.operator} ${c.key} matches it. Add it (exact, with StringEquals) or mint the token the policy expects.`;
  }
  return `No value of ${c.operator} ${c.key} matches ${String(actual)}: ${c.reason}.`;
}
