import { TrustInputError } from '../errors.js';
import { isPlainObject, parseJson } from '../json.js';

/** A workload identity pool provider, as `gcloud iam workload-identity-pools providers describe --format=json` prints it. */
export interface GcpProvider {
  /** `projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>` */
  name: string;
  state?: string;
  disabled?: boolean;
  attributeMapping: Record<string, string>;
  attributeCondition?: string;
  issuerUri: string;
  allowedAudiences: string[];
}

export interface GcpBinding {
  role: string;
  members: string[];
}

/** A service account's IAM policy (`gcloud iam service-accounts get-iam-policy --format=json`). */
export interface GcpIamPolicy {
  bindings: GcpBinding[];
}

export interface GcpTarget {
  provider: GcpProvider;
  iamPolicy?: GcpIamPolicy;
}

const NAME =
  /^projects\/([^/]+)\/locations\/([^/]+)\/workloadIdentityPools\/([^/]+)\/providers\/([^/]+)$/;

export function parseProviderName(
  name: string,
): { project: string; location: string; pool: string; provider: string } | undefined {
  const m = NAME.exec(name);
  return m
    ? {
        project: m[1] as string,
        location: m[2] as string,
        pool: m[3] as string,
        provider: m[4] as string,
      }
    : undefined;
}

export function readGcpProvider(text: string, source = 'gcp provider'): GcpProvider {
  const { value } = parseJson(text, source);
  if (!isPlainObject(value))
    throw new TrustInputError('invalid_config', source, '', 'expected an object');
  if (typeof value.name !== 'string')
    throw new TrustInputError('invalid_config', source, '/name', 'missing the provider name');
  const oidc = value.oidc;
  if (!isPlainObject(oidc) || typeof oidc.issuerUri !== 'string') {
    throw new TrustInputError(
      'invalid_config',
      source,
      '/oidc/issuerUri',
      'not an OIDC provider (no oidc.issuerUri)',
    );
  }
  const mapping = value.attributeMapping ?? {};
  if (!isPlainObject(mapping) || !Object.values(mapping).every((v) => typeof v === 'string')) {
    throw new TrustInputError(
      'invalid_config',
      source,
      '/attributeMapping',
      'expected an object of CEL strings',
    );
  }
  const allowed = oidc.allowedAudiences ?? [];
  if (!Array.isArray(allowed) || !allowed.every((a) => typeof a === 'string')) {
    throw new TrustInputError(
      'invalid_config',
      source,
      '/oidc/allowedAudiences',
      'expected a list of strings',
    );
  }
  if (value.attributeCondition !== undefined && typeof value.attributeCondition !== 'string') {
    throw new TrustInputError(
      'invalid_config',
      source,
      '/attributeCondition',
      'expected a CEL string',
    );
  }
  return {
    name: value.name,
    ...(typeof value.state === 'string' ? { state: value.state } : {}),
    ...(typeof value.disabled === 'boolean' ? { disabled: value.disabled } : {}),
    attributeMapping: mapping as Record<string, string>,
    ...(typeof value.attributeCondition === 'string'
      ? { attributeCondition: value.attributeCondition }
      : {}),
    issuerUri: oidc.issuerUri,
    allowedAudiences: allowed as string[],
  };
}

export function readGcpIamPolicy(text: string, source = 'gcp iam policy'): GcpIamPolicy {
  const { value } = parseJson(text, source);
  if (!isPlainObject(value))
    throw new TrustInputError('invalid_config', source, '', 'expected an object');
  const bindings = value.bindings ?? [];
  if (!Array.isArray(bindings))
    throw new TrustInputError('invalid_config', source, '/bindings', 'expected a list');
  return {
    bindings: bindings.map((b, i) => {
      if (!isPlainObject(b) || typeof b.role !== 'string' || !Array.isArray(b.members)) {
        throw new TrustInputError(
          'invalid_config',
          source,
          `/bindings/${i}`,
          'expected { role, members }',
        );
      }
      return { role: b.role, members: b.members.map(String) };
    }),
  };
}
