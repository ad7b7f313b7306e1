import { describeChar, utf8Length } from './components.js';

export const SUBJECT_CHECK_PLATFORMS = ['aws', 'azure', 'gcp', 'vault'] as const;
export type SubjectCheckPlatform = (typeof SUBJECT_CHECK_PLATFORMS)[number];

/** Documented limits the subject must fit, per relying party (token-formats.md). */
export const PLATFORM_SUBJECT_LIMITS = Object.freeze({
  /** `google.subject` attribute mapping: at most 127 bytes. */
  gcpMaxBytes: 127,
  /** Entra ID federated identity credential `subject`: at most 600 characters. */
  azureMaxChars: 600,
  /** STS `SubjectFromWebIdentityToken` (the `sub` condition key's value): at most 255 characters. */
  awsMaxChars: 255,
});

export interface SubjectPlatformCheck {
  ok: boolean;
  platform: string;
  reasons: string[];
}

function firstBadChar(sub: string): string | undefined {
  for (const char of sub) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp < 0x21 || cp > 0x7e) return char;
  }
  return undefined;
}

/**
 * Says whether `sub` fits a relying party's limits and matching rules, with one reason per problem,
 * so the issuer and the trust tools can warn before the cloud fails cryptically.
 */
export function checkSubjectForPlatform(
  sub: string,
  platform: SubjectCheckPlatform,
): SubjectPlatformCheck {
  const reasons: string[] = [];
  if (typeof sub !== 'string' || sub.length === 0) {
    return {
      ok: false,
      platform: String(platform),
      reasons: ['the subject must be a non-empty string'],
    };
  }
  const bad = firstBadChar(sub);
  if (bad !== undefined) {
    reasons.push(
      `the subject contains ${describeChar(bad)}: only visible ASCII (no whitespace, control or non-ASCII characters) can be matched reliably`,
    );
  }
  const wildcard = [...sub].find((c) => c === '*' || c === '?');
  switch (platform) {
    case 'gcp': {
      const bytes = utf8Length(sub);
      if (bytes > PLATFORM_SUBJECT_LIMITS.gcpMaxBytes) {
        reasons.push(
          `GCP maps sub to google.subject, which is limited to ${PLATFORM_SUBJECT_LIMITS.gcpMaxBytes} bytes; this subject has ${bytes} bytes (shorten names or map a shorter attribute)`,
        );
      }
      break;
    }
    case 'azure': {
      if (sub.length > PLATFORM_SUBJECT_LIMITS.azureMaxChars) {
        reasons.push(
          `an Azure federated credential subject is limited to ${PLATFORM_SUBJECT_LIMITS.azureMaxChars} characters; this subject has ${sub.length}`,
        );
      }
      if (wildcard !== undefined) {
        reasons.push(
          `Azure matches the subject exactly (case-sensitive, no wildcards); ${describeChar(wildcard)} would be compared literally and looks like a wildcard`,
        );
      }
      break;
    }
    case 'aws': {
      if (sub.length > PLATFORM_SUBJECT_LIMITS.awsMaxChars) {
        reasons.push(
          `AWS STS reports the sub of a web identity token in at most ${PLATFORM_SUBJECT_LIMITS.awsMaxChars} characters; this subject has ${sub.length}`,
        );
      }
      if (wildcard !== undefined) {
        reasons.push(
          `the subject contains ${describeChar(wildcard)}, a wildcard in IAM StringLike conditions on the sub key: a policy pattern could match it unintentionally`,
        );
      }
      break;
    }
    case 'vault': {
      if (wildcard !== undefined) {
        reasons.push(
          `Vault compares bound_subject exactly; ${describeChar(wildcard)} would only match literally and is a glob character in bound_claims`,
        );
      }
      if (sub.includes(',')) {
        reasons.push(
          "the subject contains ',': Vault splits comma-separated values when bound claims are written as strings",
        );
      }
      break;
    }
    default:
      return {
        ok: false,
        platform: String(platform),
        reasons: [`unknown platform; checks exist for ${SUBJECT_CHECK_PLATFORMS.join(', ')}`],
      };
  }
  return { ok: reasons.length === 0, platform, reasons };
}
