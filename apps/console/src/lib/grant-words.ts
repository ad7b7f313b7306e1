import type { Grant } from '@runid/sdk';

function list(values: readonly string[]): string {
  const quoted = values.map((v) => (v.includes('*') ? `${v} (pattern)` : v));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

const KIND_WORDS: Record<string, string> = {
  deployment: 'deployment tokens',
  environment: 'environment tokens',
  oidc: 'OIDC tokens',
};

/**
 * What a grant allows, in words: the same reading the issuer applies (an absent projects,
 * stacks, environments or platforms means any; absent audiences means none).
 */
export function describeGrant(grant: Grant): string[] {
  const introspects = grant.introspect
    ? [`May introspect the tokens of organization ${list(grant.orgs)} (any kind, any client).`]
    : [];
  // An introspect-only grant (a relying party's key): it mints nothing.
  if (grant.kinds.length === 0) return ['Mints nothing.', ...introspects];
  const lines: string[] = [];
  lines.push(
    `May mint ${list(grant.kinds.map((k) => KIND_WORDS[k] ?? k))} for organization ${list(grant.orgs)}.`,
  );
  lines.push(grant.projects ? `Only in project ${list(grant.projects)}.` : 'In any project.');
  if (grant.kinds.includes('deployment')) {
    lines.push(grant.stacks ? `Only on stack ${list(grant.stacks)}.` : 'On any stack.');
  }
  if (grant.kinds.some((k) => k !== 'deployment')) {
    lines.push(
      grant.environments
        ? `Only for environment ${list(grant.environments)}.`
        : 'For any environment.',
    );
  }
  if (grant.kinds.includes('environment')) {
    lines.push(
      grant.platforms ? `Only for platform ${list(grant.platforms)}.` : 'For any platform.',
    );
  }
  if (grant.kinds.includes('oidc')) {
    lines.push(
      grant.audiences
        ? `OIDC tokens may carry the audience ${list(grant.audiences)}.`
        : 'No audience is granted: OIDC tokens will be refused until one is added.',
    );
  }
  lines.push(
    grant.maxDuration
      ? `Tokens live at most ${grant.maxDuration}.`
      : 'Tokens may live as long as their kind allows.',
  );
  return [...lines, ...introspects];
}

/** A comma- or newline-separated field as the grant's list; empty means absent. */
export function parseList(text: string): string[] | undefined {
  const items = text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return items.length === 0 ? undefined : items;
}
