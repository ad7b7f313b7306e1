import type { AwsTarget } from '../aws/config.js';
import { AWS_TRUST_POLICY_MAX_CHARS } from '../lint/aws.js';
import { hcl, type Intent, intendedTokens, shellQuote } from './intent.js';

export interface AwsGenerateOptions {
  issuerBase: string;
  accountId: string;
  roleName: string;
  /** Seconds; default 3600. */
  maxSessionDuration?: number;
}

export interface AwsGenerated {
  /** One role, or several when the exact subjects do not fit in 2,048 characters. */
  roles: {
    roleName: string;
    subjects: string[];
    trustPolicy: Record<string, unknown>;
    target: AwsTarget;
  }[];
  provider: { url: string; clientIds: string[] };
  terraform: string;
  native: string;
  notes: string[];
}

function policyFor(arn: string, prefix: string, audiences: string[], subjects: string[]) {
  const one = (v: string[]) => (v.length === 1 ? v[0] : v);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: arn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { [`${prefix}:aud`]: one(audiences), [`${prefix}:sub`]: one(subjects) },
        },
      },
    ],
  };
}

/** An IAM OIDC provider and role(s) whose trust policy admits exactly the intended tokens. */
export function generateAws(intent: Intent, options: AwsGenerateOptions): AwsGenerated {
  const t = intendedTokens(intent, options.issuerBase, 'aws');
  const prefix = t.issuer.slice('https://'.length);
  const arn = `arn:aws:iam::${options.accountId}:oidc-provider/${prefix}`;
  const max = options.maxSessionDuration ?? 3600;
  const notes: string[] = [];
  // Greedy split: as many exact subjects per role as fit in the default 2,048-character quota.
  const groups: string[][] = [];
  for (const sub of t.subjects) {
    const last = groups.at(-1);
    if (last) {
      const auds = [...new Set([...last, sub].map((s) => t.audienceOf.get(s) as string))];
      if (
        JSON.stringify(policyFor(arn, prefix, auds, [...last, sub])).length <=
        AWS_TRUST_POLICY_MAX_CHARS
      ) {
        last.push(sub);
        continue;
      }
    }
    groups.push([sub]);
  }
  if (groups.length > 1)
    notes.push(
      `The ${t.subjects.length} exact subjects do not fit in one 2,048-character trust policy: split across ${groups.length} roles.`,
    );
  const roles = groups.map((subjects, i) => {
    const roleName = groups.length === 1 ? options.roleName : `${options.roleName}-${i + 1}`;
    const audiences = [...new Set(subjects.map((s) => t.audienceOf.get(s) as string))];
    const trustPolicy = policyFor(arn, prefix, audiences, subjects);
    const target: AwsTarget = {
      providers: [{ url: prefix, clientIds: t.audiences, arn }],
      role: {
        arn: `arn:aws:iam::${options.accountId}:role/${roleName}`,
        maxSessionDuration: max,
        trustPolicy,
        policyPath: '/Role/AssumeRolePolicyDocument',
        duplicates: [],
      },
    };
    return { roleName, subjects, trustPolicy, target };
  });
  const terraform = [
    `resource "aws_iam_openid_connect_provider" "runid" {`,
    `  url            = ${hcl(t.issuer)}`,
    `  client_id_list = ${hcl(t.audiences)}`,
    `}`,
    ...roles.flatMap((r) => {
      const cond =
        (r.trustPolicy.Statement as { Condition: { StringEquals: Record<string, unknown> } }[])[0]
          ?.Condition.StringEquals ?? {};
      const aud = cond[`${prefix}:aud`];
      const sub = cond[`${prefix}:sub`];
      const id = r.roleName.replace(/[^A-Za-z0-9_]/g, '_');
      return [
        '',
        `data "aws_iam_policy_document" "${id}_trust" {`,
        `  statement {`,
        `    actions = ["sts:AssumeRoleWithWebIdentity"]`,
        `    principals {`,
        `      type        = "Federated"`,
        `      identifiers = [aws_iam_openid_connect_provider.runid.arn]`,
        `    }`,
        `    condition {`,
        `      test     = "StringEquals"`,
        `      variable = ${hcl(`${prefix}:aud`)}`,
        `      values   = ${hcl(Array.isArray(aud) ? aud : [aud])}`,
        `    }`,
        `    condition {`,
        `      test     = "StringEquals"`,
        `      variable = ${hcl(`${prefix}:sub`)}`,
        `      values   = ${hcl(Array.isArray(sub) ? sub : [sub])}`,
        `    }`,
        `  }`,
        `}`,
        '',
        `resource "aws_iam_role" "${id}" {`,
        `  name                 = ${hcl(r.roleName)}`,
        `  assume_role_policy   = data.aws_iam_policy_document.${id}_trust.json`,
        `  max_session_duration = ${max}`,
        `}`,
      ];
    }),
  ].join('\n');
  const native = [
    `aws iam create-open-id-connect-provider --url ${t.issuer} --client-id-list ${t.audiences.map(shellQuote).join(' ')}`,
    ...roles.flatMap((r) => [
      '',
      `cat > ${r.roleName}-trust.json <<'JSON'`,
      JSON.stringify(r.trustPolicy, null, 2),
      'JSON',
      `aws iam create-role --role-name ${shellQuote(r.roleName)} --assume-role-policy-document file://${r.roleName}-trust.json --max-session-duration ${max}`,
    ]),
  ].join('\n');
  return {
    roles,
    provider: { url: t.issuer, clientIds: t.audiences },
    terraform: `${terraform}\n`,
    native: `${native}\n`,
    notes,
  };
}
