import { TrustInputError } from '../errors.js';
import { type DuplicateKey, isPlainObject, parseJson } from '../json.js';

/** An IAM OIDC provider, as `aws iam get-open-id-connect-provider` prints it (plus its ARN). */
export interface AwsProvider {
  /** The registered URL. `get-open-id-connect-provider` prints it without `https://`; both are taken. */
  url: string;
  clientIds: string[];
  /** `arn:aws:iam::<account>:oidc-provider/<url>`; derived from the role's account when absent. */
  arn?: string;
}

/** A role, as `aws iam get-role` prints it: its trust policy and `MaxSessionDuration`. */
export interface AwsRole {
  arn?: string;
  /** Seconds, 3600–43200; AWS's default is 3600. */
  maxSessionDuration: number;
  trustPolicy: unknown;
  /** Where the trust policy came from, for JSON pointers (`/Role/AssumeRolePolicyDocument`). */
  policyPath: string;
  /** Duplicate JSON member names found while reading the role (L6). */
  duplicates: DuplicateKey[];
}

export interface AwsTarget {
  providers: AwsProvider[];
  role: AwsRole;
}

/** Provider URL → the string IAM uses in ARNs and condition keys (`https://` removed, the rest kept). */
export function providerPrefix(url: string): string {
  return url.startsWith('https://') ? url.slice('https://'.length) : url;
}

export function accountOf(arn: string | undefined): string | undefined {
  return /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(arn ?? '')?.[1];
}

/**
 * The provider's ARN: given, or built from the role's account, or — for a bare trust policy with
 * neither — the `Principal.Federated` ARN in the policy that names this provider's URL (IAM's ARN
 * for a provider is `arn:<partition>:iam::<account>:oidc-provider/<url>`, so the URL decides).
 */
export function providerArn(provider: AwsProvider, role: AwsRole): string {
  if (provider.arn) return provider.arn;
  const prefix = providerPrefix(provider.url);
  const account = accountOf(role.arn);
  if (account !== undefined) return `arn:aws:iam::${account}:oidc-provider/${prefix}`;
  const named = federatedArns(role.trustPolicy).find((arn) => {
    const m = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/.exec(arn);
    return m?.[1] === prefix;
  });
  return named ?? `arn:aws:iam::<account>:oidc-provider/${prefix}`;
}

function federatedArns(policy: unknown): string[] {
  if (!isPlainObject(policy)) return [];
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  return statements.flatMap((st) => {
    if (!isPlainObject(st) || !isPlainObject(st.Principal)) return [];
    const federated = st.Principal.Federated;
    return (Array.isArray(federated) ? federated : [federated]).filter(
      (f): f is string => typeof f === 'string',
    );
  });
}

/** Reads `aws iam get-open-id-connect-provider` output (or `{ Url, ClientIDList }`). */
export function readAwsProvider(text: string, source = 'aws provider', arn?: string): AwsProvider {
  const { value } = parseJson(text, source);
  if (!isPlainObject(value))
    throw new TrustInputError('invalid_config', source, '', 'expected an object');
  const url = value.Url ?? value.url;
  if (typeof url !== 'string' || url === '') {
    throw new TrustInputError('invalid_config', source, '/Url', 'missing the provider Url');
  }
  const list = value.ClientIDList ?? value.clientIds ?? [];
  if (!Array.isArray(list) || !list.every((c) => typeof c === 'string')) {
    throw new TrustInputError(
      'invalid_config',
      source,
      '/ClientIDList',
      'expected a list of strings',
    );
  }
  const providerArnValue = arn ?? (typeof value.Arn === 'string' ? value.Arn : undefined);
  return providerArnValue === undefined
    ? { url, clientIds: list as string[] }
    : { url, clientIds: list as string[], arn: providerArnValue };
}

/**
 * Reads `aws iam get-role` output (`{"Role":{…}}` or the role object). The trust policy may be an
 * object (what the CLI prints) or a string, URL-encoded or not (what the API returns).
 */
export function readAwsRole(text: string, source = 'aws role'): AwsRole {
  const { value, duplicates } = parseJson(text, source);
  const wrapped = isPlainObject(value) && isPlainObject(value.Role);
  const role = wrapped ? (value as { Role: Record<string, unknown> }).Role : value;
  if (!isPlainObject(role))
    throw new TrustInputError('invalid_config', source, '', 'expected an object');
  const base = wrapped ? '/Role' : '';
  const doc = role.AssumeRolePolicyDocument;
  if (doc === undefined) {
    throw new TrustInputError(
      'invalid_config',
      source,
      `${base}/AssumeRolePolicyDocument`,
      'missing the trust policy',
    );
  }
  const max = role.MaxSessionDuration ?? 3600;
  if (typeof max !== 'number' || !Number.isInteger(max)) {
    throw new TrustInputError(
      'invalid_config',
      source,
      `${base}/MaxSessionDuration`,
      'expected seconds',
    );
  }
  let trustPolicy: unknown = doc;
  let dups = duplicates;
  if (typeof doc === 'string') {
    const inner = readAwsTrustPolicy(decodeURIComponentSafe(doc), source);
    trustPolicy = inner.trustPolicy;
    dups = [
      ...duplicates,
      ...inner.duplicates.map((d) => ({ ...d, path: `${base}/AssumeRolePolicyDocument${d.path}` })),
    ];
  }
  return {
    ...(typeof role.Arn === 'string' ? { arn: role.Arn } : {}),
    maxSessionDuration: max,
    trustPolicy,
    policyPath: `${base}/AssumeRolePolicyDocument`,
    duplicates: dups,
  };
}

/** Reads a bare trust policy document (`--aws-trust-policy`). */
export function readAwsTrustPolicy(
  text: string,
  source = 'aws trust policy',
): { trustPolicy: unknown; duplicates: DuplicateKey[] } {
  const { value, duplicates } = parseJson(text, source);
  if (!isPlainObject(value))
    throw new TrustInputError('invalid_config', source, '', 'expected an object');
  return { trustPolicy: value, duplicates };
}

function decodeURIComponentSafe(text: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(text)) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
