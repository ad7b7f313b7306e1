import { checkCelSyntax } from '../gcp/cel.js';
import { type GcpTarget, parseProviderName } from '../gcp/config.js';
import { pointer } from '../types.js';
import type { Finding } from './finding.js';

export interface GcpLintInput extends GcpTarget {
  /** The STS audience callers send, when known (L22). */
  audience?: string;
}

/** Attributes no principalSet should bind alone: they cover a whole org or audience. */
const COARSE = new Set(['org', 'aud', 'iss', 'organization', 'org_id', 'platform']);
const RESOURCE = /^(?:https:)?\/\/iam\.googleapis\.com\/(.*)$/;

/** L17–L22 and L24 for a workload identity pool provider and a service account's IAM policy. */
export function lintGcp(input: GcpLintInput): Finding[] {
  const findings: Finding[] = [];
  const { provider } = input;
  const mapped = new Set(Object.keys(provider.attributeMapping));
  const condition = provider.attributeCondition;
  if (condition === undefined || condition.trim() === '') {
    findings.push({
      rule: 'L17',
      severity: 'error',
      path: '/attributeCondition',
      message:
        'No attribute condition: every token from the issuer enters the pool (any org, any stack on a shared issuer).',
      fix: "Set attributeCondition, e.g. assertion.sub == '<exact subject>' or assertion.org == '<org>' && …",
    });
  } else {
    const error = checkCelSyntax(condition);
    if (error) {
      findings.push({
        rule: 'L19',
        severity: 'error',
        path: '/attributeCondition',
        message: `The condition is not valid CEL: ${error}`,
        fix: 'Fix the expression.',
      });
    }
    for (const ref of references(condition)) {
      if (!mapped.has(ref)) {
        findings.push({
          rule: 'L19',
          severity: 'error',
          path: '/attributeCondition',
          message: `The condition references ${ref}, which the attribute mapping does not define: it fails for every token.`,
          fix: `Map ${ref} in attributeMapping, or use assertion.<claim> directly.`,
        });
      }
    }
  }
  const subjectExpr = provider.attributeMapping['google.subject'];
  if (subjectExpr === undefined) {
    findings.push({
      rule: 'L19',
      severity: 'error',
      path: '/attributeMapping',
      message: 'OIDC providers must map google.subject.',
      fix: 'Map google.subject.',
    });
  } else if (/^\s*assertion\.sub\s*$/.test(subjectExpr)) {
    findings.push({
      rule: 'L20',
      severity: 'warning',
      path: pointer('attributeMapping', 'google.subject'),
      message:
        'google.subject = assertion.sub: RunID deployment subjects reach 300 bytes with long project and stack names, over the 127-byte limit (the exchange then fails).',
      fix: 'Map a bounded value, e.g. assertion.sub.size() <= 127 ? assertion.sub : assertion.jti, and bind long subjects through principalSet on an exact attribute.',
    });
  }
  for (const [key, expr] of Object.entries(provider.attributeMapping)) {
    const error = checkCelSyntax(expr);
    if (error)
      findings.push({
        rule: 'L19',
        severity: 'error',
        path: pointer('attributeMapping', key),
        message: `Not valid CEL: ${error}`,
        fix: 'Fix the expression.',
      });
  }
  const parts = parseProviderName(provider.name);
  if (!parts || !/^\d+$/.test(parts.project) || parts.location !== 'global') {
    findings.push({
      rule: 'L22',
      severity: 'error',
      path: '/name',
      message: `${provider.name} is not projects/<number>/locations/global/…/providers/<id>: STS refuses audiences built from it.`,
      fix: 'Use the project number and location global.',
    });
  }
  const audiences = [
    ...provider.allowedAudiences.map((a, i) => ({ a, path: `/oidc/allowedAudiences/${i}` })),
    ...(input.audience ? [{ a: input.audience, path: '/audience' }] : []),
  ];
  for (const { a, path } of audiences) {
    const m = RESOURCE.exec(a);
    if (!m) continue;
    const p = parseProviderName(m[1] as string);
    const problem = !p
      ? /workloadIdentityPools\/[^/]+$/.test(a)
        ? 'names the pool, not the provider'
        : 'is not a provider resource name'
      : !/^\d+$/.test(p.project)
        ? 'uses the project ID instead of the project number'
        : p.location !== 'global'
          ? `uses location ${p.location} instead of global`
          : undefined;
    if (problem) {
      findings.push({
        rule: 'L22',
        severity: 'error',
        path,
        message: `${a} ${problem}: STS answers invalid_request.`,
        fix: `Use //iam.googleapis.com/${provider.name}.`,
      });
    }
  }
  input.iamPolicy?.bindings.forEach((b, i) => {
    b.members.forEach((m, j) => {
      const path = `/bindings/${i}/members/${j}`;
      const sub = /^principal:\/\/iam\.googleapis\.com\/.*\/subject\/(.*)$/.exec(m)?.[1];
      if (sub !== undefined) {
        if (/[*?]/.test(sub)) {
          findings.push({
            rule: 'L21',
            severity: 'error',
            path,
            message: `${m} has a wildcard: principal identifiers take exact values only, so it matches nothing.`,
            fix: 'Bind each exact subject, or bind principalSet on an exact attribute.',
          });
        }
        if (/^[^:]+:(?:deploy|environments):/.test(sub)) {
          findings.push({
            rule: 'L24',
            severity: 'info',
            path,
            message:
              'This subject is built from names: a rename or recycled name makes it match someone else.',
            fix: 'Prefer v2 tokens, whose subjects use ids.',
          });
        }
        return;
      }
      if (/^principalSet:\/\/iam\.googleapis\.com\/.*\/workloadIdentityPools\/[^/]+\/\*$/.test(m)) {
        findings.push({
          rule: 'L18',
          severity: 'error',
          path,
          message: `${m} lets every identity in the pool impersonate this service account.`,
          fix: 'Bind exact principal:// subjects, or principalSet on an exact, fine-grained attribute.',
        });
        return;
      }
      const attr = /\/attribute\.([a-z0-9_]+)\/(.*)$/.exec(m);
      if (attr && m.startsWith('principalSet:')) {
        const name = attr[1] as string;
        if (!mapped.has(`attribute.${name}`)) {
          findings.push({
            rule: 'L19',
            severity: 'error',
            path,
            message: `${m} uses attribute.${name}, which is not mapped: it matches nobody.`,
            fix: `Map attribute.${name} in the provider.`,
          });
        }
        if (COARSE.has(name)) {
          findings.push({
            rule: 'L18',
            severity: 'warning',
            path,
            message: `attribute.${name} is coarse: every token of that ${name} may impersonate.`,
            fix: 'Bind an attribute that names one stack or environment (or exact principal:// subjects).',
          });
        }
      }
      const group = /\/group\/(.*)$/.exec(m);
      if (group && m.startsWith('principalSet:') && !mapped.has('google.groups')) {
        findings.push({
          rule: 'L19',
          severity: 'error',
          path,
          message: `${m} needs google.groups, which is not mapped.`,
          fix: 'Map google.groups.',
        });
      }
    });
  });
  return findings;
}

/** `attribute.x` and `google.x` names a CEL expression uses (outside string literals). */
function references(expression: string): string[] {
  const code = expression.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
  const refs = new Set<string>();
  for (const m of code.matchAll(/(?<![.\w])(attribute|google)\.([a-z0-9_]+)/g))
    refs.add(`${m[1]}.${m[2]}`);
  return [...refs];
}
