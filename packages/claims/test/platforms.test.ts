import { describe, expect, it } from 'vitest';
import { buildClaims, checkSubjectForPlatform, PLATFORM_SUBJECT_LIMITS } from '../src/index.js';
import { deployment, environment, oidc } from './fixtures.js';

const ofLength = (n: number): string => {
  const prefix = 'pulumi:org:o:env:';
  return prefix + 'e'.repeat(n - prefix.length);
};

describe('checkSubjectForPlatform', () => {
  it.each(['aws', 'azure', 'gcp', 'vault'] as const)(
    'accepts the documented subjects on %s',
    (platform) => {
      for (const input of [deployment, environment, oidc]) {
        expect(checkSubjectForPlatform(buildClaims(input).sub, platform)).toStrictEqual({
          ok: true,
          platform,
          reasons: [],
        });
      }
    },
  );

  it('GCP: google.subject holds at most 127 bytes', () => {
    expect(PLATFORM_SUBJECT_LIMITS.gcpMaxBytes).toBe(127);
    expect(checkSubjectForPlatform(ofLength(127), 'gcp').ok).toBe(true);
    const over = checkSubjectForPlatform(ofLength(128), 'gcp');
    expect(over.ok).toBe(false);
    expect(over.reasons).toStrictEqual([
      expect.stringContaining('127 bytes; this subject has 128 bytes'),
    ]);
  });

  it('GCP: realistic long names exceed the limit and say so', () => {
    const sub = buildClaims({
      ...deployment,
      project: 'payments-platform-infrastructure',
      stack: 'production-eu-west-1-blue-green',
      operation: 'remediate-drift',
    }).sub;
    expect(sub.length).toBeGreaterThan(127);
    expect(checkSubjectForPlatform(sub, 'gcp').ok).toBe(false);
    expect(checkSubjectForPlatform(sub, 'aws').ok).toBe(true);
  });

  it('GCP counts bytes, not characters', () => {
    const sub = `${ofLength(120)}ééé`; // 123 characters, 126 bytes
    expect(checkSubjectForPlatform(sub, 'gcp').reasons).toHaveLength(1); // only the non-ASCII reason
    expect(checkSubjectForPlatform(`${ofLength(124)}éé`, 'gcp').reasons).toHaveLength(2); // 128 bytes
  });

  it('Azure: at most 600 characters, exact match, no wildcards', () => {
    expect(checkSubjectForPlatform(ofLength(600), 'azure').ok).toBe(true);
    expect(checkSubjectForPlatform(ofLength(601), 'azure').reasons).toStrictEqual([
      expect.stringContaining('600 characters'),
    ]);
    expect(checkSubjectForPlatform('pulumi:org:o:env:*', 'azure').reasons).toStrictEqual([
      expect.stringContaining('no wildcards'),
    ]);
  });

  it('AWS: wildcards of StringLike and the 255-character sub', () => {
    expect(checkSubjectForPlatform(ofLength(255), 'aws').ok).toBe(true);
    expect(checkSubjectForPlatform(ofLength(256), 'aws').reasons).toStrictEqual([
      expect.stringContaining('255'),
    ]);
    expect(checkSubjectForPlatform('pulumi:org:o:env:e?', 'aws').reasons).toStrictEqual([
      expect.stringContaining('StringLike'),
    ]);
    expect(checkSubjectForPlatform('pulumi:org:o:env:*', 'aws').ok).toBe(false);
  });

  it('Vault: exact bound_subject, no globs or commas', () => {
    expect(checkSubjectForPlatform(ofLength(2000), 'vault').ok).toBe(true);
    expect(checkSubjectForPlatform('pulumi:org:o:env:*', 'vault').reasons).toStrictEqual([
      expect.stringContaining('bound_subject'),
    ]);
    expect(checkSubjectForPlatform('pulumi:org:o,x:env:e', 'vault').reasons).toStrictEqual([
      expect.stringContaining("','"),
    ]);
  });

  it.each(['aws', 'azure', 'gcp', 'vault'] as const)(
    '%s: whitespace, control and non-ASCII are trouble',
    (platform) => {
      for (const bad of [' ', '\n', '\u0000', 'é', '\u00a0']) {
        const result = checkSubjectForPlatform(`pulumi:org:o:env:e${bad}`, platform);
        expect(result.ok).toBe(false);
        expect(result.reasons[0]).toContain('visible ASCII');
      }
    },
  );

  it('refuses empty subjects and unknown platforms', () => {
    expect(checkSubjectForPlatform('', 'aws')).toStrictEqual({
      ok: false,
      platform: 'aws',
      reasons: [expect.any(String)],
    });
    expect(checkSubjectForPlatform('pulumi:org:o:env:e', 'github' as never)).toStrictEqual({
      ok: false,
      platform: 'github',
      reasons: [expect.stringContaining('aws, azure, gcp, vault')],
    });
  });
});
