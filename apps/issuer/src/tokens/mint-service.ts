import {
  type BuiltClaims,
  buildClaims,
  checkSubjectForPlatform,
  type NamespaceOptions,
  RUN_ID_CLAIM,
  SUBJECT_CHECK_PLATFORMS,
  type TokenInput,
} from '@runid/claims';
import type { Schemas } from '@runid/contract';
import type { ContractValidator, Validate } from '@runid/contract/validator';
import type { RequestContext } from '../audit/request-context.js';
import { checkGrants } from '../auth/grants.js';
import type { ClientPrincipal, Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import { toIssuerError } from '../error-conversion.js';
import { IssuerError } from '../errors.js';
import type { IssuerUrls } from '../keys/issuer-urls.js';
import type { KeyRing } from '../keys/key-ring.js';
import type { IssuerMetrics } from '../observability/metrics.js';
import { contractRefusal } from '../request-body.js';
import { runEnded } from '../runs/run-service.js';
import { fitToDeadline, type RunTokenRequest, runTokenInput } from '../runs/run-token.js';
import { effectiveRunState, type RunRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { AuditWriter } from './audit-writer.js';
import { tokenId } from './token-id.js';

export type MintedToken = Schemas['MintedToken'];

export type TokenPreview = Schemas['TokenPreview'];

export type TokenRequest = Schemas['TokenRequest'];

/**
 * A mint body the contract accepts, for the credential that sends it: the two arms of
 * `MintTokenRequest` (a client key sends a token request of one kind, a run credential a run
 * token request). Made by `checkRequest`, the one place the shape is checked.
 */
export type MintRequest =
  | { readonly for: 'client'; readonly body: TokenRequest }
  | { readonly for: 'run'; readonly body: RunTokenRequest };

export interface MintServiceDeps {
  keyRing: KeyRing;
  audit: AuditWriter;
  validator: ContractValidator;
  urls: IssuerUrls;
  namespaces: NamespaceOptions;
  clock: Clock;
  metrics: IssuerMetrics;
  /** A run's token is recorded in the transaction that checks the run is still running. */
  store: Pick<Store, 'insertRunAudit'>;
  /** The client that created a run, with its current grants; undefined when gone or disabled. */
  runCreator: (clientId: string) => Promise<ClientPrincipal | undefined>;
}

type RunPrincipal = Extract<Principal, { type: 'run' }>;

/** What is signed: the claims, and for a run's token the run and whether the caller chose the duration. */
interface Prepared {
  built: BuiltClaims;
  run?: { record: RunRecord; explicitDuration: boolean };
}

/**
 * The one path from a request body to a signed, recorded token, shared by the HTTP API and the
 * CLI. Order: contract shape → claims (values) → grants → key → sign → audit. Callers never choose
 * `iss`, `iat`, `nbf`, `exp`, `jti` or any header: the schema refuses such fields and this code
 * sets them.
 */
export class MintService {
  readonly #deps: MintServiceDeps;
  readonly #checkShape: Validate;
  readonly #checkRunShape: Validate;

  constructor(deps: MintServiceDeps) {
    this.#deps = deps;
    // The credential decides the body: a client key sends a token request of one kind, a run
    // credential a run token request (the contract's `MintTokenRequest` is the choice of the two).
    this.#checkShape = deps.validator.componentBody('TokenRequest', { values: false });
    this.#checkRunShape = deps.validator.componentBody('RunTokenRequest', { values: false });
  }

  /**
   * The shape of a mint body, for the caller's credential: 400 `invalid_request` naming each
   * field, counted as a refused mint. Each field's error has one owner, produced once: the
   * contract owns the body's shape (required and unknown fields, types, enums), @runid/claims the
   * values (patterns, lengths, durations: 400 invalid_claims or lifetime_out_of_range, in `mint`),
   * whose messages say what to fix rather than quoting a regex. The two schemas are tested equal.
   */
  checkRequest(principal: Principal, body: unknown): MintRequest {
    const run = principal.type === 'run';
    const started = performance.now();
    const errors = (run ? this.#checkRunShape : this.#checkShape)(body);
    if (errors.length === 0) {
      return run
        ? { for: 'run', body: body as RunTokenRequest }
        : { for: 'client', body: body as TokenRequest };
    }
    const kind = run ? principal.run.kind : kindLabel(body);
    this.#deps.metrics.tokensMinted.inc({ kind, outcome: 'refused' });
    // Timed only when refused (a mint that passes is timed by `mint`): no timer on the hot path.
    this.#deps.metrics.mintDuration.observe(
      { kind, outcome: 'refused' },
      (performance.now() - started) / 1000,
    );
    throw contractRefusal(errors);
  }

  /** The shape of a preview body (a token request): 400 `invalid_request` naming each field. */
  checkPreview(body: unknown): TokenRequest {
    const errors = this.#checkShape(body);
    if (errors.length > 0) throw contractRefusal(errors);
    return body as TokenRequest;
  }

  /** Checks values and grants; returns what would be signed. Signs and records nothing. */
  #prepare(principal: Principal, body: TokenRequest): { input: TokenInput; built: BuiltClaims } {
    let built: BuiltClaims;
    try {
      built = buildClaims(body, this.#deps.namespaces);
    } catch (error) {
      throw toIssuerError(error);
    }
    const input = body as TokenInput;
    if (principal.type === 'client') grantsCover(principal, input, built.lifetimeSeconds);
    return { input, built };
  }

  /**
   * A run's token: the run's identity and the body's open choices; the run must be running and
   * its creator's grants must still cover it, at the lifetime it would get now.
   */
  async #prepareInRun(principal: RunPrincipal, request: RunTokenRequest): Promise<Prepared> {
    const run = principal.run;
    const now = this.#deps.clock();
    if (effectiveRunState(run, new Date(now)) !== 'running') throw runEnded();
    const input = runTokenInput(run, request);
    let built: BuiltClaims;
    try {
      built = buildClaims(input, this.#deps.namespaces);
    } catch (error) {
      throw toIssuerError(error);
    }
    const explicitDuration = request.duration !== undefined;
    const lifetime = fitToDeadline(
      run,
      Math.floor(now / 1000),
      built.lifetimeSeconds,
      explicitDuration,
    );
    const creator = await this.#deps.runCreator(run.clientId);
    if (creator === undefined) {
      throw new IssuerError(
        'grant_denied',
        'The client that started this run is disabled or gone: its runs mint nothing.',
      );
    }
    grantsCover(creator, input as unknown as TokenInput, lifetime);
    return { built, run: { record: run, explicitDuration } };
  }

  preview(principal: Principal, body: TokenRequest): TokenPreview {
    const { built } = this.#prepare(principal, body);
    return {
      claims: {
        iss: this.#deps.urls.iss[built.issuer],
        sub: built.sub,
        aud: built.aud,
        ...built.claims,
      },
      kind: built.kind,
      issuer: built.issuer,
      lifetimeSeconds: built.lifetimeSeconds,
      platformChecks: SUBJECT_CHECK_PLATFORMS.map((platform) => {
        const check = checkSubjectForPlatform(built.sub, platform);
        return { platform, ok: check.ok, reasons: check.reasons };
      }),
    };
  }

  /** Signs and records the token `request` (from `checkRequest` for this caller) asks for. */
  async mint(
    principal: Principal,
    request: MintRequest,
    context?: RequestContext,
  ): Promise<MintedToken> {
    const kind =
      request.for === 'client'
        ? request.body.kind
        : principal.type === 'run'
          ? principal.run.kind
          : 'unknown';
    const end = this.#deps.metrics.mintDuration.startTimer({ kind });
    let prepared: Prepared;
    try {
      if (principal.type === 'run') {
        if (request.for !== 'run') throw new Error('a run credential sent a client token request');
        prepared = await this.#prepareInRun(principal, request.body);
      } else {
        if (request.for !== 'client') throw new Error('a key sent a run token request');
        prepared = this.#prepare(principal, request.body);
      }
    } catch (error) {
      this.#deps.metrics.tokensMinted.inc({ kind, outcome: 'refused' });
      end({ outcome: 'refused' });
      throw error;
    }
    try {
      const minted = await this.#sign(prepared, principal, context);
      end({ outcome: 'minted' });
      return minted;
    } catch (error) {
      this.#deps.metrics.tokensMinted.inc({ kind, outcome: 'failed' });
      end({ outcome: 'failed' });
      throw error;
    }
  }

  async #sign(
    { built, run }: Prepared,
    principal: Principal,
    context: RequestContext | undefined,
  ): Promise<MintedToken> {
    const { signer, iat, exp } = await this.#deps.keyRing.signingGrant(
      built.issuer,
      run === undefined
        ? built.lifetimeSeconds
        : (at) => fitToDeadline(run.record, at, built.lifetimeSeconds, run.explicitDuration),
    );
    const iss = this.#deps.urls.iss[built.issuer];
    const jti = tokenId();
    const claims = {
      iss,
      sub: built.sub,
      aud: built.aud,
      iat,
      nbf: iat,
      exp,
      jti,
      ...built.claims,
      // Only a run's token names its run: the others keep the documented format byte for byte.
      ...(run !== undefined && { [RUN_ID_CLAIM]: run.record.id }),
    };
    const token = await signer.sign(claims);
    const record = {
      jti,
      kind: built.kind,
      iss,
      sub: built.sub,
      aud: built.aud,
      clientId: run === undefined ? principal.id : run.record.clientId,
      kid: signer.kid,
      iat: new Date(iat * 1000),
      exp: new Date(exp * 1000),
      requestId: context?.requestId ?? null,
      source: context?.source ?? null,
    };
    // The record is committed before the token leaves; if it cannot be, the token is dropped.
    if (run === undefined) await this.#deps.audit.write(record);
    else {
      // A run's record is written where the run's state is checked: a run finished on any
      // replica an instant ago mints nothing (the finish waits for or follows this transaction).
      const refused = await this.#deps.store.insertRunAudit(
        run.record.id,
        { ...record, runId: run.record.id },
        new Date(this.#deps.clock()),
      );
      if (refused !== undefined) throw runEnded();
    }
    this.#deps.metrics.tokensMinted.inc({ kind: built.kind, outcome: 'minted' });
    return { token, expiresAt: new Date(exp * 1000).toISOString(), claims };
  }
}

/** The grants of the client cover the request at this lifetime, else 403 `grant_denied`. */
function grantsCover(client: ClientPrincipal, input: TokenInput, lifetimeSeconds: number): void {
  const refused = checkGrants(client.grants, input, lifetimeSeconds);
  if (refused === undefined) return;
  throw new IssuerError(
    'grant_denied',
    `The request is outside every grant of this client: ${refused.map((r) => `${r.path} ${r.message.slice(r.message.indexOf(' ') + 1)}`).join('; ')}.`,
    { errors: refused },
  );
}

function kindLabel(body: unknown): string {
  const kind =
    typeof body === 'object' && body !== null ? (body as { kind?: unknown }).kind : undefined;
  return kind === 'deployment' || kind === 'environment' || kind === 'oidc' ? kind : 'unknown';
}
