/** The misconfiguration catalogue of relying-parties.md §1.5. */
export const LINT_RULES = {
  L1: 'AWS: an :aud-only condition admits every token for that audience',
  L2: 'AWS: StringLike on :aud (prefix wildcards admit other audiences)',
  L3: 'AWS: a :sub wildcard that admits other stacks, environments or orgs',
  L4: 'AWS: ForAllValues / …IfExists on a single-valued or absent key is a vacuous allow',
  L5: 'AWS: a condition key AWS does not populate for this issuer always denies',
  L6: 'AWS: duplicate JSON keys (the last one wins)',
  L7: 'AWS: upper case in :aud or in the org of :sub (compared case-sensitively)',
  L8: "AWS: the provider's client-ID list lacks the policy's audience",
  L9: 'AWS: session tags without sts:TagSession',
  L10: 'AWS: requested DurationSeconds above MaxSessionDuration',
  L11: 'AWS: trust policy longer than 2,048 characters',
  L12: 'Azure: subject not byte-identical to what RunID mints',
  L13: 'Azure: issuer with a trailing slash, double slash or whitespace',
  L14: 'Azure: more than 20 federated credentials on one app or identity',
  L15: 'Azure: several credentials on a user-assigned identity (create them one at a time)',
  L16: 'Azure: token lifetime above 1 d 1 h or shorter than the job',
  L17: 'Google Cloud: no attribute condition',
  L18: 'Google Cloud: pool-wide principalSet or a coarse attribute binding',
  L19: 'Google Cloud: condition or principal references an unmapped attribute',
  L20: 'Google Cloud: google.subject may exceed 127 bytes',
  L21: 'Google Cloud: wildcard inside a principal:// subject',
  L22: 'Google Cloud: audience with a project ID, a pool, or a non-global location',
  L23: 'Vault: role_type oidc, no bound constraint, glob too broad, unstable user_claim',
  L24: 'all: mutable names in sub (prefer v2 id-based subjects)',
} as const;

export type LintRule = keyof typeof LINT_RULES;
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  rule: LintRule;
  severity: Severity;
  /** JSON pointer into the input. */
  path: string;
  /** What the configuration allows or blocks. */
  message: string;
  fix: string;
  /** For too-broad wildcards: RunID subjects (examples) it also admits. */
  admits?: string[];
}
