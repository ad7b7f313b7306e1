import type { SettingsProblem } from './settings.js';

export type RotationErrorCode =
  | 'invalid_settings'
  | 'unknown_key'
  | 'unpublished_key'
  | 'activation_too_early'
  | 'removal_too_early'
  | 'key_limit'
  | 'key_not_signing'
  | 'invalid_transition';

/** Thrown for a misconfiguration or a transition that would break a rotation invariant. */
export class RotationError extends Error {
  override readonly name = 'RotationError';
  readonly code: RotationErrorCode;
  readonly problems: readonly SettingsProblem[];

  constructor(
    code: RotationErrorCode,
    message: string,
    options: { problems?: readonly SettingsProblem[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.problems = options.problems ?? [];
  }
}
