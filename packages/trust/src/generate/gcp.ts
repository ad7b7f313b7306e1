import type { GcpIamPolicy, GcpProvider, GcpTarget } from '../gcp/config.js';
import { GCP_SUBJECT_MAX_BYTES, WORKLOAD_IDENTITY_USER } from '../gcp/simulate.js';
import { hcl, type Intent, intendedTokens, shellQuote } from './intent.js';

export interface GcpGenerateOptions {
  issuerBase: string;
  /** The project *number* (not its ID). */
  projectNumber: string;
  poolId: string;
  providerId: string;
  /** The service account to impersonate (email). */
  serviceAccount: string;
}

export interface GcpGenerated {
  target: GcpTarget;
  terraform: string;
  native: string;
  notes: string[];
}

/** A CEL string literal. */
const cel = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
/** google.subject stays under 127 bytes: longer subjects map to the (unique) jti and bind by attribute. */
export const BOUNDED_SUBJECT_MAPPING = `assertion.sub.size() <= ${GCP_SUBJECT_MAX_BYTES} ? assertion.sub : assertion.jti`;

/** A provider whose condition admits exactly the intended subjects, and exact IAM members. */
export function generateGcp(intent: Intent, options: GcpGenerateOptions): GcpGenerated {
  const t = intendedTokens(intent, options.issuerBase, 'gcp');
  const name = `projects/${options.projectNumber}/locations/global/workloadIdentityPools/${options.poolId}/providers/${options.providerId}`;
  const pool = `//iam.googleapis.com/projects/${options.projectNumber}/locations/global/workloadIdentityPools/${options.poolId}`;
  const notes: string[] = [];
  const long = t.subjects.filter((s) => Buffer.byteLength(s) > GCP_SUBJECT_MAX_BYTES);
  const mapping: Record<string, string> = { 'google.subject': BOUNDED_SUBJECT_MAPPING };
  if (long.length > 0) {
    mapping['attribute.runid_sub'] = 'assertion.sub';
    notes.push(
      `${long.length} subject(s) exceed ${GCP_SUBJECT_MAX_BYTES} bytes: google.subject maps them to jti, and they are bound through principalSet://…/attribute.runid_sub/<subject> (exact) instead.`,
    );
  }
  const condition =
    t.subjects.length === 1
      ? `assertion.sub == ${cel(t.subjects[0] as string)}`
      : `assertion.sub in [${t.subjects.map(cel).join(', ')}]`;
  const members = t.subjects.map((s) =>
    Buffer.byteLength(s) > GCP_SUBJECT_MAX_BYTES
      ? `principalSet:${pool}/attribute.runid_sub/${s}`
      : `principal:${pool}/subject/${s}`,
  );
  const provider: GcpProvider = {
    name,
    state: 'ACTIVE',
    attributeMapping: mapping,
    attributeCondition: condition,
    issuerUri: t.issuer,
    allowedAudiences: t.audiences,
  };
  const iamPolicy: GcpIamPolicy = { bindings: [{ role: WORKLOAD_IDENTITY_USER, members }] };
  const terraform = [
    `resource "google_iam_workload_identity_pool_provider" "runid" {`,
    `  workload_identity_pool_id          = ${hcl(options.poolId)}`,
    `  workload_identity_pool_provider_id = ${hcl(options.providerId)}`,
    `  attribute_mapping = {`,
    ...Object.entries(mapping).map(([k, v]) => `    ${hcl(k)} = ${hcl(v)}`),
    `  }`,
    `  attribute_condition = ${hcl(condition)}`,
    `  oidc {`,
    `    issuer_uri        = ${hcl(t.issuer)}`,
    `    allowed_audiences = ${hcl(t.audiences)}`,
    `  }`,
    `}`,
    ...members.flatMap((m, i) => [
      '',
      `resource "google_service_account_iam_member" "runid_${i + 1}" {`,
      `  service_account_id = ${hcl(`projects/-/serviceAccounts/${options.serviceAccount}`)}`,
      `  role               = ${hcl(WORKLOAD_IDENTITY_USER)}`,
      `  member             = ${hcl(m)}`,
      `}`,
    ]),
  ].join('\n');
  const native = [
    `gcloud iam workload-identity-pools providers create-oidc ${options.providerId} --location=global --workload-identity-pool=${options.poolId} --issuer-uri=${t.issuer} --allowed-audiences=${shellQuote(t.audiences.join(','))} --attribute-mapping=${shellQuote(
      Object.entries(mapping)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    )} --attribute-condition=${shellQuote(condition)}`,
    ...members.map(
      (m) =>
        `gcloud iam service-accounts add-iam-policy-binding ${options.serviceAccount} --role=${WORKLOAD_IDENTITY_USER} --member=${shellQuote(m)}`,
    ),
  ].join('\n');
  return {
    target: { provider, iamPolicy },
    terraform: `${terraform}\n`,
    native: `${native}\n`,
    notes,
  };
}
