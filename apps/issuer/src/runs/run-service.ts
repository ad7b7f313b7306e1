import { buildClaims, type NamespaceOptions, parseDuration, type TokenInput } from '@runid/claims';
import type { Schemas } from '@runid/contract';
import { type AuditEvents, actorOf, type Caller } from '../audit/events.js';
import type { RequestContext } from '../audit/request-context.js';
import { checkGrants } from '../auth/grants.js';
import type { Principal } from '../auth/principal.js';
import { generateApiKey, hashApiKey, randomId } from '../auth/secrets.js';
import type { Clock } from '../clock.js';
import { toIssuerError } from '../error-conversion.js';
import { type FieldError, IssuerError } from '../errors.js';
import {
  effectiveRunState,
  type NewRun,
  type RunRecord,
  type RunStateName,
} from '../store/records.js';
import type { Store } from '../store/store.js';
import { decodeCursor, encodeCursor } from '../tokens/audit-cursor.js';
import { auditView } from './audit-view.js';
import { DEADLINE } from './deadline.js';
import { runNames } from './run-names.js';

export type Run = Schemas['Run'];
export type CreatedRun = Schemas['CreatedRun'];
export type RunDetail = Schemas['RunDetail'];
export type RunPage = Schemas['RunPage'];
type ClientPrincipal = Extract<Principal, { type: 'client' }>;

export interface RunListParams {
  state?: RunStateName;
  org?: string;
  project?: string;
  stack?: string;
  limit: number;
  cursor?: string;
}

export interface RunServiceDeps {
  store: Store;
  clock: Clock;
  namespaces: NamespaceOptions;
  events: AuditEvents;
}

const TOKENS_PER_DETAIL = 500;

function invalid(
  errors: FieldError[],
  message = 'The request does not match the contract; see errors.',
) {
  return new IssuerError('invalid_request', message, { errors });
}

function runNotFound(): IssuerError {
  return new IssuerError('run_not_found', 'No run with this id that this caller may see.');
}

export function runEnded(): IssuerError {
  return new IssuerError(
    'run_ended',
    'The run has ended (finished, past its deadline or revoked): its credential mints nothing and it cannot be finished again.',
  );
}

/**
 * Runs: created by a client inside its grants, finished by the run credential or that client,
 * ended by their deadline, revoked by an admin. Shared by the HTTP API; never imports HTTP code.
 */
export class RunService {
  readonly #deps: RunServiceDeps;

  constructor(deps: RunServiceDeps) {
    this.#deps = deps;
  }

  /** `request` has been checked against the contract (the route's body step). */
  async create(
    principal: Principal,
    request: Schemas['CreateRunRequest'],
    context: RequestContext,
  ): Promise<CreatedRun> {
    if (principal.type !== 'client') {
      throw new IssuerError('forbidden', 'Only client keys may create runs.');
    }
    const deadlineSeconds = this.#deadlineSeconds(request.deadline);
    const identity = request.identity as Record<string, unknown> & { kind: TokenInput['kind'] };
    const choices = this.#choices(request);
    // Every token the run may ask for must be valid and granted now; the grants are checked
    // again per token (the client may have been changed or disabled since).
    for (const choice of choices) {
      // A number the store assigns later: any valid one stands in for it here.
      const input =
        identity.kind === 'deployment'
          ? { ...identity, deployment: identity.deployment ?? 1 }
          : { ...identity, ...choice };
      checkIdentity(principal, input, this.#deps.namespaces);
    }
    const credential = generateApiKey('run');
    const now = this.#deps.clock();
    const names = runNames(identity);
    const run: NewRun = {
      id: randomId('run'),
      clientId: principal.id,
      credentialHash: hashApiKey(credential),
      kind: identity.kind,
      identity,
      org: names.org,
      project: names.project,
      stack: names.stack,
      deployment: typeof identity.deployment === 'number' ? identity.deployment : null,
      platforms: request.platforms ?? null,
      audiences: request.audiences ?? null,
      createdAt: new Date(now),
      deadline: new Date(now + deadlineSeconds * 1000),
    };
    let stored: RunRecord;
    try {
      stored = await this.#deps.store.insertRun(run);
    } catch (error) {
      if (error instanceof IssuerError && error.code === 'conflict') {
        throw new IssuerError(
          'conflict',
          `Deployment ${String(identity.deployment)} of this stack belongs to another run; leave deployment out to get the next number.`,
          { cause: error },
        );
      }
      throw error;
    }
    await this.#deps.events.record(
      {
        type: 'run.created',
        actor: actorOf(principal),
        target: { type: 'run', id: stored.id },
        detail: {
          kind: stored.kind,
          org: stored.org,
          project: stored.project,
          stack: stored.stack,
          deployment: stored.deployment,
          deadline: stored.deadline.toISOString(),
        },
      },
      context,
    );
    return { ...this.view(stored), credential };
  }

  async finish(
    principal: Principal,
    runId: string,
    request: Schemas['FinishRunRequest'],
    context: RequestContext,
  ): Promise<Run> {
    const { outcome } = request;
    await this.#owned(principal, runId);
    const result = await this.#deps.store.finishRun(runId, outcome, new Date(this.#deps.clock()));
    if (result === 'not_found') throw runNotFound();
    if (result === 'ended') throw runEnded();
    await this.#deps.events.record(
      {
        type: 'run.finished',
        actor: actorOf(principal),
        target: { type: 'run', id: runId },
        detail: { outcome },
      },
      context,
    );
    return this.view(result);
  }

  async revoke(runId: string, caller: Caller): Promise<Run> {
    const run = await this.#deps.store.revokeRun(runId, new Date(this.#deps.clock()));
    if (run === undefined) throw runNotFound();
    await this.#deps.events.record(
      {
        type: 'run.revoked',
        actor: caller.actor,
        target: { type: 'run', id: runId },
        detail: { clientId: run.clientId },
      },
      caller,
    );
    return this.view(run);
  }

  async get(runId: string): Promise<RunDetail> {
    const run = await this.#deps.store.getRun(runId);
    if (run === undefined) throw runNotFound();
    const tokens = await this.#deps.store.queryAudit({ runId, limit: TOKENS_PER_DETAIL });
    return { run: this.view(run), tokens: tokens.map(auditView) };
  }

  async list(params: RunListParams): Promise<RunPage> {
    let after: { createdAt: Date; id: string } | undefined;
    if (params.cursor !== undefined) {
      const position = decodeCursor(params.cursor);
      if (position === undefined) {
        throw invalid(
          [
            {
              path: 'cursor',
              code: 'invalid_format',
              message: 'cursor must be a nextCursor from an earlier page',
            },
          ],
          'The cursor is not one this issuer returned.',
        );
      }
      after = { createdAt: position.iat, id: position.jti };
    }
    const rows = await this.#deps.store.queryRuns({
      ...(params.state !== undefined && { state: params.state }),
      ...(params.org !== undefined && { org: params.org }),
      ...(params.project !== undefined && { project: params.project }),
      ...(params.stack !== undefined && { stack: params.stack }),
      ...(after !== undefined && { after }),
      now: new Date(this.#deps.clock()),
      limit: params.limit + 1,
    });
    const page = rows.slice(0, params.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => this.view(r)),
      nextCursor:
        rows.length > params.limit && last !== undefined
          ? encodeCursor({ iat: last.createdAt, jti: last.id })
          : null,
    };
  }

  /** The run as the contract shows it: a running run past its deadline is `expired`. */
  view(run: RunRecord): Run {
    const state = effectiveRunState(run, new Date(this.#deps.clock()));
    const endedAt = run.endedAt ?? (state === 'expired' ? run.deadline : null);
    return {
      id: run.id,
      clientId: run.clientId,
      state,
      identity: run.identity as Run['identity'],
      ...(run.platforms !== null && { platforms: run.platforms }),
      ...(run.audiences !== null && { audiences: run.audiences }),
      createdAt: run.createdAt.toISOString(),
      deadline: run.deadline.toISOString(),
      ...(endedAt !== null && { endedAt: endedAt.toISOString() }),
    };
  }

  /** The run, if this caller may act on it: its own credential, or the client that created it. */
  async #owned(principal: Principal, runId: string): Promise<RunRecord> {
    if (principal.type === 'run' && principal.id !== runId) throw runNotFound();
    const run = await this.#deps.store.getRun(runId);
    if (run === undefined) throw runNotFound();
    const owner = principal.type === 'run' ? principal.clientId : principal.id;
    if (principal.type === 'admin' || run.clientId !== owner) throw runNotFound();
    return run;
  }

  #deadlineSeconds(deadline: string | undefined): number {
    if (deadline === undefined) return DEADLINE.defaultSeconds;
    const seconds = parseDuration(deadline);
    if (seconds < DEADLINE.minSeconds || seconds > DEADLINE.maxSeconds) {
      throw new IssuerError(
        'deadline_out_of_range',
        `The deadline must be between 1m and 24h; ${deadline} was asked (never clamped).`,
        {
          errors: [
            {
              path: 'deadline',
              code: 'out_of_range',
              message: 'deadline must be between 1m and 24h',
            },
          ],
        },
      );
    }
    return seconds;
  }

  /** The per-token choices a run leaves open: one platform or audience of its lists. */
  #choices(request: Schemas['CreateRunRequest']): Record<string, unknown>[] {
    const kind = request.identity.kind;
    const refused = (path: string, message: string) =>
      invalid([{ path, code: kind === 'deployment' ? 'not_allowed' : 'required', message }]);
    if (kind === 'environment') {
      if (request.audiences !== undefined)
        throw refused('audiences', 'audiences are for oidc runs; list platforms');
      if (request.platforms === undefined)
        throw refused('platforms', 'an environment run lists the platforms its tokens may carry');
      return request.platforms.map((platform) => ({ platform }));
    }
    if (kind === 'oidc') {
      if (request.platforms !== undefined)
        throw refused('platforms', 'platforms are for environment runs; list audiences');
      if (request.audiences === undefined)
        throw refused('audiences', 'an oidc run lists the audiences its tokens may carry');
      return request.audiences.map((audience) => ({ audience }));
    }
    if (request.platforms !== undefined || request.audiences !== undefined) {
      throw invalid([
        {
          path: request.platforms !== undefined ? 'platforms' : 'audiences',
          code: 'not_allowed',
          message: 'a deployment run has no platforms or audiences to choose',
        },
      ]);
    }
    return [{}];
  }
}

/** Claims validation and the grants, as for a mint; lifetimes are checked per token. */
function checkIdentity(
  principal: ClientPrincipal,
  input: Record<string, unknown>,
  namespaces: NamespaceOptions,
): void {
  try {
    buildClaims(input, namespaces);
  } catch (error) {
    throw toIssuerError(error);
  }
  const refused = checkGrants(principal.grants, input as unknown as TokenInput, 0);
  if (refused !== undefined) {
    throw new IssuerError(
      'grant_denied',
      `The run is outside every grant of this client: ${refused.map((r) => `${r.path} ${r.message.slice(r.message.indexOf(' ') + 1)}`).join('; ')}.`,
      { errors: refused },
    );
  }
}
