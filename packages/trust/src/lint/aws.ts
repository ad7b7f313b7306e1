import { parseOperator, policyValues } from '../aws/conditions.js';
import { type AwsProvider, type AwsRole, providerArn, providerPrefix } from '../aws/config.js';
import { awsLike } from '../glob.js';
import { isPlainObject } from '../json.js';
import { pointerToken } from '../types.js';
import { wildcardBreadth } from './breadth.js';
import type { Finding } from './finding.js';

export interface AwsLintInput {
  role: AwsRole;
  /** The provider(s) the role trusts; without them L8 is not checked. */
  providers?: AwsProvider[];
  /** The RunID issuer (`iss`) the role is meant for; defaults to the providers' URLs. */
  issuer?: string;
  /** Tokens for this role carry session tags (L9). */
  tokensCarryTags?: boolean;
  /** `DurationSeconds` callers request (L10); ESC's aws-login defaults to 7200. */
  durationSeconds?: number;
}

export const AWS_TRUST_POLICY_MAX_CHARS = 2048;
/** Claims IAM turns into condition keys for a generic OIDC provider. */
const POPULATED = new Set(['aud', 'sub', 'amr', 'oaud']);

function list(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** L1–L11 and L24 for a role trust policy (and its provider). */
export function lintAws(input: AwsLintInput): Finding[] {
  const findings: Finding[] = [];
  const { role } = input;
  const base = role.policyPath;
  const prefixes = new Set<string>();
  if (input.issuer) prefixes.add(providerPrefix(input.issuer));
  for (const p of input.providers ?? []) prefixes.add(providerPrefix(p.url));

  for (const d of role.duplicates) {
    findings.push({
      rule: 'L6',
      severity: 'error',
      path: `${d.path}/${pointerToken(d.key)}`,
      message: `"${d.key}" appears twice in one object: IAM (like JSON.parse) keeps only the last, silently dropping the conditions of the first.`,
      fix: `Merge both "${d.key}" blocks into one.`,
    });
  }

  const policy = role.trustPolicy;
  if (isPlainObject(policy)) {
    const statements = list(policy.Statement);
    const single = !Array.isArray(policy.Statement);
    const tagSessionAllowed = statements.some(
      (st) =>
        isPlainObject(st) &&
        st.Effect === 'Allow' &&
        list(st.Action).some(
          (a) => typeof a === 'string' && awsLike(a.toLowerCase(), 'sts:tagsession'),
        ),
    );
    statements.forEach((st, i) => {
      if (!isPlainObject(st) || st.Effect !== 'Allow') return;
      const at = single ? `${base}/Statement` : `${base}/Statement/${i}`;
      const federated = isPlainObject(st.Principal) ? list(st.Principal.Federated).map(String) : [];
      if (federated.length === 0) return;
      const statementPrefixes = new Set(prefixes);
      for (const f of federated) {
        const m = /:oidc-provider\/(.+)$/.exec(f);
        if (m && prefixes.size === 0) statementPrefixes.add(m[1] as string);
      }
      const cond = isPlainObject(st.Condition) ? st.Condition : {};
      let hasSub = false;
      const audValues: { path: string; values: string[] }[] = [];
      for (const [opName, block] of Object.entries(cond)) {
        if (!isPlainObject(block)) continue;
        const op = parseOperator(opName);
        for (const [key, raw] of Object.entries(block)) {
          const path = `${at}/Condition/${pointerToken(opName)}/${pointerToken(key)}`;
          const values = policyValues(raw) ?? [];
          const lower = key.toLowerCase();
          const cut = key.lastIndexOf(':');
          const keyPrefix = cut > 0 ? key.slice(0, cut) : '';
          const claim = cut > 0 ? lower.slice(cut + 1) : lower;
          const ours = [...statementPrefixes].some(
            (p) => p.toLowerCase() === keyPrefix.toLowerCase(),
          );
          if (!ours) {
            if (
              !lower.startsWith('aws:') &&
              !lower.startsWith('sts:') &&
              statementPrefixes.size > 0 &&
              keyPrefix !== ''
            ) {
              findings.push({
                rule: 'L5',
                severity: 'error',
                path,
                message: `${key} names another issuer than this role's provider (${[...statementPrefixes].join(', ')}): IAM never populates it for RunID tokens, so the condition always ${op !== 'Null' && op?.negated ? 'holds' : 'denies'}.`,
                fix: `Use ${[...statementPrefixes][0]}:${claim} (the provider URL without https://).`,
              });
            }
            continue;
          }
          const negatedOrVacuous =
            op === undefined || op === 'Null'
              ? false
              : op.qualifier === 'ForAllValues' || op.ifExists || op.negated;
          if (!POPULATED.has(claim)) {
            findings.push({
              rule: negatedOrVacuous ? 'L4' : 'L5',
              severity: 'error',
              path,
              message: negatedOrVacuous
                ? `${key} is never in the request (custom claims are not condition keys for a generic OIDC provider), so ${opName} is vacuously true: this condition allows everything.`
                : `${key} is never in the request (IAM populates only :aud and :sub for a generic OIDC provider), so ${opName} always denies.`,
              fix: `Express the constraint through ${keyPrefix}:sub (StringEquals on the exact subject).`,
            });
            continue;
          }
          if (
            op !== undefined &&
            op !== 'Null' &&
            (op.qualifier === 'ForAllValues' || op.ifExists)
          ) {
            findings.push({
              rule: 'L4',
              severity: 'error',
              path,
              message: `${opName} on the single-valued ${key} is true when the key is absent: do not use ForAllValues or …IfExists with Allow.`,
              fix: `Use ${op.base} without ${op.qualifier ? `${op.qualifier}:` : 'IfExists'}.`,
            });
          }
          if (claim === 'sub' && op !== 'Null' && op !== undefined && !op.negated) {
            hasSub = true;
            values.forEach((v, n) => {
              const vpath = Array.isArray(raw) ? `${path}/${n}` : path;
              if (op.base === 'StringLike' && /[*?]/.test(v)) {
                const b = wildcardBreadth(v, awsLike);
                if (b.open.length > 0) {
                  findings.push({
                    rule: 'L3',
                    severity: 'warning',
                    path: vpath,
                    message: `${v} admits any ${b.open.join(', ')}: StringLike's * crosses ":" and "/".`,
                    fix: 'List the exact subjects under StringEquals (the generator does it), one per operation or environment.',
                    admits: b.examples,
                  });
                }
              }
              const org = /^[^:]+:(?:deploy|environments):org:([^:]+)/.exec(v)?.[1];
              if (org && org !== org.toLowerCase()) {
                findings.push({
                  rule: 'L7',
                  severity: 'error',
                  path: vpath,
                  message: `The org in ${v} has upper case: RunID org names are lower case and ${op.base} is case-sensitive, so no token matches.`,
                  fix: `Write the org as ${org.toLowerCase()}.`,
                });
              }
              if (/^[^:]+:(?:deploy|environments):/.test(v)) {
                findings.push({
                  rule: 'L24',
                  severity: 'info',
                  path: vpath,
                  message:
                    'This subject is built from names: renaming or recycling an org, project, stack or environment makes it match someone else.',
                  fix: 'Prefer v2 tokens (pulumi:org:<org-id>:env:<env-id>), whose subjects use ids.',
                });
              }
            });
          }
          if (claim === 'aud' && op !== 'Null' && op !== undefined && !op.negated) {
            audValues.push({ path, values });
            if (op.base === 'StringLike') {
              findings.push({
                rule: 'L2',
                severity: values.some((v) => /[*?]/.test(v)) ? 'error' : 'warning',
                path,
                message: values.some((v) => /[*?]/.test(v))
                  ? `StringLike on ${key} with a wildcard admits other audiences (acme* also matches acme-malicious).`
                  : `StringLike on ${key}: use StringEquals for audiences.`,
                fix: 'Use StringEquals with the exact audience.',
              });
            }
            for (const v of values) {
              if (v !== v.toLowerCase() && !v.includes('://')) {
                findings.push({
                  rule: 'L7',
                  severity: 'error',
                  path,
                  message: `Audience ${v} has upper case: RunID audiences of v1 tokens are lower case and compared case-sensitively.`,
                  fix: `Write ${v.toLowerCase()}.`,
                });
              }
            }
          }
        }
      }
      if (!hasSub) {
        findings.push({
          rule: 'L1',
          severity: 'error',
          path: `${at}/Condition`,
          message:
            'No condition on :sub: every token with an accepted audience may assume this role — every stack, environment and operation of the org (and, on a shared issuer, any org using that audience).',
          fix: 'Add StringEquals on <provider>:sub with the exact subjects of the runs that need the role.',
        });
      }
      for (const provider of input.providers ?? []) {
        if (!federated.includes(providerArn(provider, role))) continue;
        for (const a of audValues) {
          for (const v of a.values) {
            if (!/[*?]/.test(v) && !provider.clientIds.includes(v)) {
              findings.push({
                rule: 'L8',
                severity: 'error',
                path: a.path,
                message: `The policy expects audience ${v}, but the provider's client ID list (${provider.clientIds.join(', ') || 'empty'}) lacks it: STS answers "Incorrect token audience" before the policy is read.`,
                fix: `aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${providerArn(provider, role)} --client-id ${v}`,
              });
            }
          }
        }
      }
      if (input.tokensCarryTags && !tagSessionAllowed) {
        findings.push({
          rule: 'L9',
          severity: 'error',
          path: `${at}/Action`,
          message:
            'Tokens for this role carry session tags (https://aws.amazon.com/tags) but no statement allows sts:TagSession: AssumeRoleWithWebIdentity fails.',
          fix: 'Add "sts:TagSession" to the Action list.',
        });
      }
    });
    const length = JSON.stringify(policy).length;
    if (length > AWS_TRUST_POLICY_MAX_CHARS) {
      findings.push({
        rule: 'L11',
        severity: 'error',
        path: base,
        message: `The trust policy is ${length} characters without whitespace; IAM's default quota is 2,048 (4,096 at most on request).`,
        fix: 'Split the subjects across roles, or ask for the 4,096 quota.',
      });
    }
  }
  const duration = input.durationSeconds;
  if (duration !== undefined && duration > role.maxSessionDuration) {
    findings.push({
      rule: 'L10',
      severity: 'error',
      path: base.replace(/\/AssumeRolePolicyDocument$/, '/MaxSessionDuration'),
      message: `Callers request ${duration} s but MaxSessionDuration is ${role.maxSessionDuration} s: STS answers ValidationError.`,
      fix: `aws iam update-role --max-session-duration ${duration}, or request at most ${role.maxSessionDuration} s.`,
    });
  }
  return findings;
}
