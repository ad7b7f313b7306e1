import { formatDuration } from '@runid/claims';
import type { Schemas } from '@runid/contract';
import { type FieldError, IssuerError } from '../errors.js';
import type { RunRecord } from '../store/records.js';
import { runEnded } from './run-service.js';

export type RunTokenRequest = Schemas['RunTokenRequest'];

function invalid(error: FieldError): IssuerError {
  return new IssuerError(
    'invalid_request',
    `The run token request is not valid: ${error.message}.`,
    {
      errors: [error],
    },
  );
}

/** One choice of the run's list (`platform` of an environment run, `audience` of an oidc run). */
function choose(
  field: 'platform' | 'audience',
  asked: string | undefined,
  allowed: readonly string[] | null,
): string {
  const list = allowed ?? [];
  if (asked === undefined) {
    const only = list.length === 1 ? list[0] : undefined;
    if (only !== undefined) return only;
    throw invalid({
      path: field,
      code: 'required',
      message: `${field} is required: this run allows ${list.join(', ')}`,
    });
  }
  if (!list.includes(asked)) {
    throw new IssuerError(
      'grant_denied',
      `The ${field} is outside the run: it allows ${list.join(', ')}, and ${asked} was asked.`,
      {
        errors: [
          {
            path: field,
            code: 'not_granted',
            message: `${field} must be one of ${list.join(', ')}`,
          },
        ],
      },
    );
  }
  return asked;
}

function refuse(field: keyof RunTokenRequest, kind: string): IssuerError {
  return invalid({
    path: field,
    code: 'not_allowed',
    message: `${field} cannot be chosen in a ${kind} run`,
  });
}

/**
 * The token request a run's token stands for: the run's identity plus what the body may choose.
 * The body never names the identity (its schema has no such fields); what a kind does not leave
 * open is refused by name.
 */
export function runTokenInput(run: RunRecord, request: RunTokenRequest): Record<string, unknown> {
  const input: Record<string, unknown> = { ...run.identity, kind: run.kind };
  if (run.kind !== 'environment' && request.platform !== undefined)
    throw refuse('platform', run.kind);
  if (run.kind !== 'environment' && request.subjectAttributes !== undefined)
    throw refuse('subjectAttributes', run.kind);
  if (run.kind !== 'oidc' && request.audience !== undefined) throw refuse('audience', run.kind);
  if (run.kind === 'environment') {
    input.platform = choose('platform', request.platform, run.platforms);
    if (request.subjectAttributes !== undefined)
      input.subjectAttributes = request.subjectAttributes;
  }
  if (run.kind === 'oidc') input.audience = choose('audience', request.audience, run.audiences);
  if (request.duration !== undefined) input.duration = request.duration;
  return input;
}

/**
 * The lifetime of a run's token issued at `iat` (seconds): never past the run's deadline. The
 * default lifetime shrinks to fit; an explicit one that would pass the deadline is refused,
 * never clamped. A deadline already passed is `run_ended`.
 */
export function fitToDeadline(
  run: Pick<RunRecord, 'deadline'>,
  iat: number,
  lifetimeSeconds: number,
  explicit: boolean,
): number {
  const remaining = Math.floor(run.deadline.getTime() / 1000) - iat;
  if (remaining <= 0) throw runEnded();
  if (lifetimeSeconds <= remaining) return lifetimeSeconds;
  if (!explicit) return remaining;
  throw new IssuerError(
    'duration_exceeds_deadline',
    `The token would outlive its run: the deadline is in ${formatDuration(remaining)} and ${formatDuration(lifetimeSeconds)} was asked. Ask for at most ${formatDuration(remaining)}, or leave duration out to get a token that ends with the run.`,
    {
      errors: [
        {
          path: 'duration',
          code: 'exceeds_deadline',
          message: `duration must be at most ${formatDuration(remaining)} (the run's deadline)`,
        },
      ],
    },
  );
}
