import { RunIdArgumentError } from '../errors.js';

// AWS's documented limits for AssumeRoleWithWebIdentity, checked before the call so the error
// names the argument instead of STS's generic ValidationError.
export const ROLE_SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;
export const MIN_SESSION_DURATION_SECONDS = 900;
export const MAX_SESSION_DURATION_SECONDS = 43_200;
const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export function checkRoleSessionName(name: string): void {
  if (!ROLE_SESSION_NAME_PATTERN.test(name)) {
    throw new RunIdArgumentError(
      'roleSessionName',
      `must be 2–64 characters of letters, digits and + = , . @ _ - (got ${JSON.stringify(name)}, ${name.length} characters)`,
    );
  }
}

export function checkDurationSeconds(seconds: number): void {
  if (
    !Number.isInteger(seconds) ||
    seconds < MIN_SESSION_DURATION_SECONDS ||
    seconds > MAX_SESSION_DURATION_SECONDS
  ) {
    throw new RunIdArgumentError(
      'durationSeconds',
      `must be an integer from ${MIN_SESSION_DURATION_SECONDS} (15 min) to ${MAX_SESSION_DURATION_SECONDS} (12 h), and at most the role's MaxSessionDuration (got ${seconds})`,
    );
  }
}

export function checkRoleArn(arn: string): void {
  if (!ROLE_ARN_PATTERN.test(arn)) {
    throw new RunIdArgumentError(
      'roleArn',
      `must look like arn:aws:iam::123456789012:role/name (got ${JSON.stringify(arn)})`,
    );
  }
}

/** A default session name: `runid-<jti>` links CloudTrail to the RunID audit record. */
export function defaultRoleSessionName(jti: string | undefined, now: number): string {
  const candidate = `runid-${jti ?? ''}`;
  return jti !== undefined && ROLE_SESSION_NAME_PATTERN.test(candidate)
    ? candidate
    : `runid-${now}`;
}
