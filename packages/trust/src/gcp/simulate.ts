import { claimsOrRefusal, type TokenSource } from '../token.js';
import {
  accepted,
  audiences,
  epochSeconds,
  numericClaim,
  pointer,
  refused,
  type SimulateOptions,
  type Verdict,
} from '../types.js';
import { evaluateCel } from './cel.js';
import { type GcpTarget, parseProviderName } from './config.js';

/** `exp` must be less than 48 hours after `iat`. */
export const GCP_MAX_LIFETIME_SECONDS = 48 * 3600;
export const GCP_SUBJECT_MAX_BYTES = 127;
export const WORKLOAD_IDENTITY_USER = 'roles/iam.workloadIdentityUser';

export interface GcpSimulateOptions extends SimulateOptions {
  /** The STS `audience` parameter; defaults to `//iam.googleapis.com/<provider name>`. */
  audience?: string;
  /** Requested service-account access token lifetime (impersonation), seconds; default 3600. */
  durationSeconds?: number;
}

const AUDIENCE_PARAM =
  /^\/\/iam\.googleapis\.com\/projects\/(\d+)\/locations\/global\/workloadIdentityPools\/([^/]+)\/providers\/([^/]+)$/;

/** Would Google STS exchange the token, and (with an IAM policy) may the principal impersonate? */
export function simulateGcp(
  token: TokenSource,
  target: GcpTarget,
  options: GcpSimulateOptions,
): Verdict {
  const now = epochSeconds(options.now);
  const { provider } = target;
  const parsed = claimsOrRefusal(token, 'gcp', {
    code: 'invalid_grant',
    message: 'Unable to parse the ID Token.',
    hint: 'Pass the token exactly as issued.',
  });
  if ('accepted' in parsed) return parsed;
  const { claims } = parsed;
  // 1. Registration: the request's audience names the provider.
  const resource = `//iam.googleapis.com/${provider.name}`;
  const audienceParam = options.audience ?? resource;
  if (!AUDIENCE_PARAM.test(audienceParam)) {
    return refused(
      'gcp',
      'registration',
      'invalid_request',
      'Invalid value for "audience". This value should be the full resource name of the Identity Provider. See https://cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token for the list of possible formats.',
      {
        path: '/audience',
        expected:
          '//iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>',
        actual: audienceParam,
      },
      'Use the project number (not its ID), the provider (not the pool) and location global.',
    );
  }
  if (audienceParam !== resource || provider.state === 'DELETED' || provider.disabled === true) {
    return refused(
      'gcp',
      'registration',
      'invalid_target',
      'The target service indicated by the "audience" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn\'t exist.',
      {
        path: audienceParam !== resource ? '/name' : provider.disabled ? '/disabled' : '/state',
        expected: resource,
        actual: audienceParam !== resource ? audienceParam : (provider.state ?? 'disabled'),
      },
      audienceParam !== resource
        ? `Request audience ${resource}.`
        : 'Enable (or undelete) the provider.',
    );
  }
  const iss = claims.iss;
  if (iss !== provider.issuerUri) {
    return refused(
      'gcp',
      'registration',
      'invalid_grant',
      `The issuer in ID Token ${String(iss)} does not match the expected ones: ${provider.issuerUri}`,
      { path: '/oidc/issuerUri', expected: provider.issuerUri, actual: iss },
      `Set oidc.issuerUri to ${String(iss)} exactly (no trailing slash).`,
    );
  }
  // 2. Registered claims: iat in the past, exp in the future and < iat + 48 h.
  const iat = numericClaim(claims, 'iat');
  const exp = numericClaim(claims, 'exp');
  if (iat === undefined || iat > now) {
    return refused(
      'gcp',
      'claims',
      'invalid_grant',
      'The ID Token iat claim must be in the past.',
      { path: '/iat', expected: `≤ ${now}`, actual: claims.iat },
      "Check the issuer's clock; iat must not be in the future.",
      ['Wording not confirmed: Google documents the rule, not its message.'],
    );
  }
  if (exp === undefined || exp <= now) {
    return refused(
      'gcp',
      'claims',
      'invalid_grant',
      'The ID Token has expired.',
      { path: '/exp', expected: `> ${now}`, actual: claims.exp },
      'Mint a fresh token right before the exchange.',
      ['Wording not confirmed.'],
    );
  }
  if (exp - iat >= GCP_MAX_LIFETIME_SECONDS) {
    return refused(
      'gcp',
      'claims',
      'invalid_grant',
      'The ID Token exp claim must be less than 48 hours after iat.',
      { path: '/exp', expected: `exp − iat < ${GCP_MAX_LIFETIME_SECONDS}`, actual: exp - iat },
      'Mint a shorter token (Google recommends under 6 hours).',
      ['Wording not confirmed.'],
    );
  }
  // 3. Audience gate.
  const aud = audiences(claims) ?? [];
  const allowed =
    provider.allowedAudiences.length > 0
      ? provider.allowedAudiences
      : [resource, `https:${resource}`];
  if (!aud.some((a) => allowed.includes(a))) {
    return refused(
      'gcp',
      'audience',
      'invalid_grant',
      `The audience in ID Token [${aud.join(', ')}] does not match the expected audience.`,
      { path: '/oidc/allowedAudiences', expected: allowed, actual: claims.aud },
      provider.allowedAudiences.length > 0
        ? `Add ${aud[0] ?? '?'} to allowedAudiences or mint the token for ${allowed[0]}.`
        : `With no allowedAudiences the token's aud must be ${resource} or https:${resource}; or add ${aud[0] ?? '?'} to allowedAudiences.`,
    );
  }
  // 4. Policy: mapping, condition, principal binding.
  const google: Record<string, unknown> = {};
  const attribute: Record<string, unknown> = {};
  const subjectExpr = provider.attributeMapping['google.subject'];
  if (subjectExpr === undefined) {
    return refused(
      'gcp',
      'policy',
      'invalid_argument',
      'The attribute mapping must contain a mapping for google.subject.',
      { path: '/attributeMapping', expected: 'google.subject' },
      'Map google.subject (e.g. to assertion.sub).',
    );
  }
  for (const [key, expr] of Object.entries(provider.attributeMapping)) {
    const r = evaluateCel(expr, { assertion: claims });
    const path = pointer('attributeMapping', key);
    if (!r.ok) {
      if (key === 'google.subject') {
        return refused(
          'gcp',
          'policy',
          'invalid_grant',
          `The attribute mapping for google.subject could not be evaluated: ${r.error}`,
          { path, expected: expr, actual: r.error },
          'Make the google.subject mapping work for every token (the claim it reads must exist).',
          ['Wording not confirmed.'],
        );
      }
      continue; // an attribute whose expression fails is left unset
    }
    if (key.startsWith('google.')) google[key.slice(7)] = r.value;
    else if (key.startsWith('attribute.')) attribute[key.slice(10)] = r.value;
  }
  const subject = google.subject;
  if (typeof subject !== 'string') {
    return refused(
      'gcp',
      'policy',
      'invalid_grant',
      'The mapped attribute google.subject must be a string.',
      {
        path: pointer('attributeMapping', 'google.subject'),
        expected: subjectExpr,
        actual: subject,
      },
      'Map google.subject to a string claim.',
      ['Wording not confirmed.'],
    );
  }
  if (Buffer.byteLength(subject, 'utf8') > GCP_SUBJECT_MAX_BYTES) {
    return refused(
      'gcp',
      'policy',
      'invalid_argument',
      'The size of mapped attribute google.subject exceeds the 127 bytes limit. Either modify your attribute mapping or the incoming assertion to produce a mapped attribute that is less than 127 bytes.',
      {
        path: pointer('attributeMapping', 'google.subject'),
        expected: `≤ ${GCP_SUBJECT_MAX_BYTES} bytes`,
        actual: Buffer.byteLength(subject, 'utf8'),
      },
      'Map google.subject to something shorter (e.g. assertion.sub.size() <= 127 ? assertion.sub : assertion.jti) and bind with principalSet on an attribute.',
    );
  }
  if (provider.attributeCondition !== undefined && provider.attributeCondition !== '') {
    const r = evaluateCel(provider.attributeCondition, { assertion: claims, google, attribute });
    if (!r.ok || r.value !== true) {
      return refused(
        'gcp',
        'policy',
        'unauthorized_client',
        'The given credential is rejected by the attribute condition.',
        {
          path: '/attributeCondition',
          expected: provider.attributeCondition,
          actual: r.ok ? r.value : r.error,
        },
        r.ok
          ? 'The condition is false for this token: mint the token it expects or widen the condition (exactly, never with a wildcard).'
          : `The condition fails on this token (${r.error}); a missing claim or attribute makes it fail.`,
      );
    }
  }
  const parts = parseProviderName(provider.name);
  const poolPrefix = parts
    ? `//iam.googleapis.com/projects/${parts.project}/locations/${parts.location}/workloadIdentityPools/${parts.pool}`
    : '';
  const principal = `principal:${poolPrefix}/subject/${subject}`;
  if (target.iamPolicy) {
    const identities = new Set<string>([principal, `principalSet:${poolPrefix}/*`]);
    for (const g of Array.isArray(google.groups) ? google.groups : [])
      identities.add(`principalSet:${poolPrefix}/group/${String(g)}`);
    for (const [name, v] of Object.entries(attribute))
      identities.add(`principalSet:${poolPrefix}/attribute.${name}/${String(v)}`);
    const ok = target.iamPolicy.bindings.some(
      (b) => b.role === WORKLOAD_IDENTITY_USER && b.members.some((m) => identities.has(m)),
    );
    if (!ok) {
      return refused(
        'gcp',
        'policy',
        'IAM_PERMISSION_DENIED',
        "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).",
        {
          path: '/bindings',
          expected: `${WORKLOAD_IDENTITY_USER} for one of ${[...identities].join(', ')}`,
          actual: target.iamPolicy.bindings
            .filter((b) => b.role === WORKLOAD_IDENTITY_USER)
            .flatMap((b) => b.members),
        },
        `Grant ${WORKLOAD_IDENTITY_USER} on the service account to ${principal} (exact values only; wildcards are not supported in principal identifiers).`,
      );
    }
    const duration = options.durationSeconds ?? 3600;
    if (duration > 3600) {
      return refused(
        'gcp',
        'session',
        'INVALID_ARGUMENT',
        'The access token lifetime cannot exceed 3600 seconds.',
        { path: '/lifetime', expected: '≤ 3600', actual: duration },
        'Request at most 1 h, or allow longer lifetimes with the constraints/iam.allowServiceAccountCredentialLifetimeExtension org policy.',
      );
    }
  }
  return accepted('gcp', principal, []);
}
