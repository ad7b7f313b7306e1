import {
  type AwsTarget,
  type AzureCredential,
  type GcpTarget,
  readAwsProvider,
  readAwsRole,
  readAwsTrustPolicy,
  readAzureCredentials,
  readGcpIamPolicy,
  readGcpProvider,
  readVaultRole,
  TrustInputError,
  trustPolicyProblem,
  type VaultTarget,
} from '@runid/trust';
import type { FieldError } from '../errors.js';
import { dottedPath, under } from './field-path.js';

/** Validates a value against one named schema of the contract. */
export type SchemaCheck = (schema: string, value: unknown) => FieldError[];

/** A relying party's configuration, read by @runid/trust's readers (as the CLI reads its files). */
export type RelyingPartyTarget =
  | { cloud: 'aws'; form: 'role' | 'trustPolicy'; target: AwsTarget }
  | { cloud: 'azure'; credential: AzureCredential }
  | { cloud: 'gcp'; target: GcpTarget }
  | { cloud: 'vault'; target: VaultTarget };

const CLOUD_SCHEMAS = {
  aws: 'AwsRelyingParty',
  azure: 'AzureRelyingParty',
  gcp: 'GcpRelyingParty',
  vault: 'VaultRelyingParty',
} as const;
type Cloud = keyof typeof CLOUD_SCHEMAS;
const CLOUDS = Object.keys(CLOUD_SCHEMAS) as Cloud[];
const BASE = 'relyingParty';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The contract's shape of `relyingParty`: exactly one cloud, checked against that cloud's own
 * schema (dispatched on the key, as token requests are on `kind`, so errors name real fields
 * instead of four `oneOf` branches).
 */
export function relyingPartyShapeErrors(value: unknown, check: SchemaCheck): FieldError[] {
  if (!isObject(value)) {
    return [
      {
        path: BASE,
        code: 'invalid_type',
        message: `${BASE} must be an object with exactly one of ${CLOUDS.join(', ')}`,
      },
    ];
  }
  const keys = Object.keys(value);
  const named = keys.filter((k): k is Cloud => (CLOUDS as string[]).includes(k));
  const errors: FieldError[] = keys
    .filter((k) => !(CLOUDS as string[]).includes(k))
    .map((k) => ({
      path: `${BASE}.${k}`,
      code: 'unknown_field',
      message: `${BASE}.${k} is not a known field: name one of ${CLOUDS.join(', ')}`,
    }));
  if (named.length === 0) {
    errors.push({
      path: BASE,
      code: 'required',
      message: `${BASE} needs exactly one of ${CLOUDS.join(', ')}`,
    });
  } else if (named.length > 1) {
    errors.push({
      path: BASE,
      code: 'not_allowed',
      message: `${BASE} names ${named.join(' and ')}: name exactly one relying party`,
    });
  }
  if (errors.length > 0) return errors;
  const cloud = named[0] as Cloud;
  if (cloud === 'aws') return awsShapeErrors(value.aws, check);
  return under(BASE, check(CLOUD_SCHEMAS[cloud], value));
}

function awsShapeErrors(aws: unknown, check: SchemaCheck): FieldError[] {
  const at = `${BASE}.aws`;
  if (!isObject(aws)) {
    return [{ path: at, code: 'invalid_type', message: `${at} must be of type object` }];
  }
  if ('role' in aws && 'trustPolicy' in aws) {
    return [
      {
        path: at,
        code: 'not_allowed',
        message: `${at} takes role or trustPolicy (with maxSessionDuration), not both`,
      },
    ];
  }
  const errors = under(at, check('trustPolicy' in aws ? 'AwsPolicyTrust' : 'AwsRoleTrust', aws));
  return errors.map((e) =>
    e.code === 'required' && e.path === `${at}.role`
      ? {
          ...e,
          message: `${at}.role is required (aws iam get-role JSON), or trustPolicy with maxSessionDuration`,
        }
      : e,
  );
}

/** A TrustInputError whose `source` is the body field the reader read, as a field error. */
export function fieldError(error: TrustInputError): FieldError {
  const path = dottedPath(error.source, error.path);
  const prefix = `${error.source}${error.path ? ` ${error.path}` : ''}: `;
  const reason = error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
  return { path, code: error.code, message: `${path}: ${reason}` };
}

/**
 * Reads a `relyingParty` that has the contract's shape with the same readers as `runid trust`,
 * collecting one field error per reader that refuses its input.
 */
export function readRelyingParty(
  value: Record<string, unknown>,
): { target: RelyingPartyTarget } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  // The body was parsed with duplicate member names refused, so the readers see exact JSON.
  const read = <T>(field: unknown, source: string, reader: (text: string, source: string) => T) => {
    try {
      return reader(JSON.stringify(field), source);
    } catch (error) {
      if (!(error instanceof TrustInputError)) throw error;
      errors.push(fieldError(error));
      return undefined;
    }
  };
  let target: RelyingPartyTarget | undefined;
  if (isObject(value.aws)) {
    const aws = value.aws;
    const at = `${BASE}.aws`;
    const provider = read(aws.provider, `${at}.provider`, (t, s) => readAwsProvider(t, s));
    if ('trustPolicy' in aws) {
      const policy = read(aws.trustPolicy, `${at}.trustPolicy`, readAwsTrustPolicy);
      const max = typeof aws.maxSessionDuration === 'number' ? aws.maxSessionDuration : 3600;
      if (provider && policy) {
        target = {
          cloud: 'aws',
          form: 'trustPolicy',
          target: {
            providers: [provider],
            role: {
              maxSessionDuration: max,
              trustPolicy: policy.trustPolicy,
              policyPath: '',
              duplicates: policy.duplicates,
            },
          },
        };
      }
    } else {
      const role = read(aws.role, `${at}.role`, readAwsRole);
      if (provider && role) {
        target = { cloud: 'aws', form: 'role', target: { providers: [provider], role } };
      }
    }
  } else if (value.azure !== undefined) {
    const credential = read(value.azure, `${BASE}.azure`, readAzureCredentials)?.[0];
    if (credential) target = { cloud: 'azure', credential };
  } else if (isObject(value.gcp)) {
    const gcp = value.gcp;
    const provider = read(gcp.provider, `${BASE}.gcp.provider`, readGcpProvider);
    const iamPolicy =
      gcp.iamPolicy === undefined
        ? undefined
        : read(gcp.iamPolicy, `${BASE}.gcp.iamPolicy`, readGcpIamPolicy);
    if (provider && (gcp.iamPolicy === undefined || iamPolicy)) {
      target = { cloud: 'gcp', target: iamPolicy ? { provider, iamPolicy } : { provider } };
    }
  } else if (value.vault !== undefined) {
    const role = read(value.vault, `${BASE}.vault`, readVaultRole);
    if (role) target = { cloud: 'vault', target: { role } };
  }
  if (target?.cloud === 'aws') {
    // IAM refuses such a policy when it is written: no role can hold it, so it is bad input.
    const { trustPolicy, policyPath } = target.target.role;
    const problem = trustPolicyProblem(trustPolicy, policyPath);
    if (problem !== undefined) {
      const path = dottedPath(`${BASE}.aws.${target.form}`, problem.path);
      errors.push({ path, code: 'invalid_config', message: `${path}: ${problem.message}` });
    }
  }
  if (errors.length > 0 || target === undefined) {
    return {
      errors:
        errors.length > 0
          ? errors
          : [
              {
                path: BASE,
                code: 'required',
                message: `${BASE} needs exactly one of ${CLOUDS.join(', ')}`,
              },
            ],
    };
  }
  return { target };
}
