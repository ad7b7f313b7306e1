import { OPERATIONS } from '@runid/claims';

/**
 * Which other RunID subjects does a wildcard pattern admit? We align the pattern with the subject
 * templates RunID mints, take the literal values the pattern names, and probe subjects that change
 * one component at a time to a value the pattern does not name. A component the pattern leaves open
 * is reported with an example subject it admits.
 */
export interface Breadth {
  /** Components left open, e.g. `["stack", "operation"]`, or a family (`environment subjects`). */
  open: string[];
  examples: string[];
}

type Template = { family: string; labels: (string | null)[]; components: string[] };

// null = a component slot; strings = literal labels. The namespace slot is the first.
const TEMPLATES: Template[] = [
  {
    family: 'deployment',
    labels: [
      null,
      'deploy',
      'org',
      null,
      'project',
      null,
      'stack',
      null,
      'operation',
      null,
      'scope',
      'write',
    ],
    components: ['namespace', 'org', 'project', 'stack', 'operation'],
  },
  {
    family: 'environment',
    labels: [null, 'environments', 'org', null, 'env', null],
    components: ['namespace', 'org', 'environment'],
  },
  {
    family: 'oidc',
    labels: [null, 'org', null, 'env', null],
    components: ['namespace', 'org id', 'environment id'],
  },
];

const FRESH: Record<string, string[]> = {
  namespace: ['other'],
  org: ['other-org'],
  project: ['other-project'],
  stack: ['other-stack'],
  operation: [...OPERATIONS],
  environment: ['other/env', 'infra/other'],
  'org id': ['other-org-id'],
  'environment id': ['other-env-id'],
};

export function wildcardBreadth(
  pattern: string,
  match: (pattern: string, value: string) => boolean,
): Breadth {
  if (!/[*?]/.test(pattern)) return { open: [], examples: [] };
  const parts = pattern.split(':');
  const open = new Set<string>();
  const examples: string[] = [];
  for (const t of TEMPLATES) {
    // Literal values the pattern gives, where its parts line up with the template.
    const base: string[] = [];
    const literal: boolean[] = [];
    let slot = 0;
    t.labels.forEach((label, i) => {
      if (label !== null) return;
      const part = parts[i];
      const isLiteral = part !== undefined && !/[*?]/.test(part);
      literal.push(isLiteral);
      base.push(
        isLiteral
          ? (part as string)
          : part !== undefined && !part.includes(':')
            ? part.replace(/[*?]/g, 'x') || 'x'
            : ((FRESH[t.components[slot] as string] as string[])[0] as string),
      );
      slot++;
    });
    const render = (values: string[]) => {
      let k = 0;
      return t.labels.map((l) => (l === null ? values[k++] : l)).join(':');
    };
    const baseline = render(base);
    if (!match(pattern, baseline)) {
      // The pattern does not admit this family with its own values; does it admit it at all?
      continue;
    }
    const intended = t.family === inferFamily(parts);
    if (!intended) {
      open.add(`${t.family} subjects`);
      examples.push(baseline);
      continue;
    }
    t.components.forEach((component, c) => {
      if (!literal[c]) {
        if (!open.has(component)) examples.push(baseline);
        open.add(component);
        return;
      }
      for (const fresh of FRESH[component] ?? []) {
        const values = [...base];
        values[c] = fresh;
        const subject = render(values);
        if (fresh !== base[c] && match(pattern, subject)) {
          if (!open.has(component)) examples.push(subject);
          open.add(component);
        }
      }
    });
  }
  return { open: [...open], examples: [...new Set(examples)].slice(0, 5) };
}

function inferFamily(parts: string[]): string {
  if (parts[1] === 'deploy') return 'deployment';
  if (parts[1] === 'environments') return 'environment';
  if (parts[1] === 'org') return 'oidc';
  return 'unknown';
}
