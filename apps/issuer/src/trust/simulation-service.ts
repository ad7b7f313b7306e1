import { randomBytes } from 'node:crypto';
import { parseDuration } from '@runid/claims';
import type { Schemas } from '@runid/contract';
import type { Finding, Verdict } from '@runid/trust';
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import { IssuerError } from '../errors.js';
import { contractRefusal } from '../request-body.js';
import { evaluate } from './evaluate.js';
import { under } from './field-path.js';
import {
  type RelyingPartyTarget,
  readRelyingParty,
  relyingPartyShapeErrors,
  type SchemaCheck,
} from './relying-party.js';

export type TrustSimulation = Schemas['TrustSimulation'];
type TokenPreview = Schemas['TokenPreview'];

export interface TrustSimulationDeps {
  /** The claims preview (schema, claims and the client's grants), as `POST /api/v1/tokens/preview`. */
  preview: (principal: Principal, body: unknown) => TokenPreview;
  /** Validates a value against one named schema of the contract. */
  check: SchemaCheck;
  clock: Clock;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const invalid = contractRefusal;

/** An error of the preview, about the body's `token`: its field paths re-rooted there. */
function underToken(error: IssuerError): IssuerError {
  return new IssuerError(error.code, error.message, {
    cause: error,
    errors: under('token', error.errors ?? []),
    headers: error.headers,
  });
}

/**
 * `POST /api/v1/trust/simulate`: the claims a token request would carry, run through one relying
 * party's simulator and linter from @runid/trust. Every problem with the body is one 400 listing
 * each field; then the client's grants (403); a refusal by the relying party is an answer.
 */
export class TrustSimulationService {
  readonly #deps: TrustSimulationDeps;

  constructor(deps: TrustSimulationDeps) {
    this.#deps = deps;
  }

  simulate(principal: Principal, body: unknown): TrustSimulation {
    if (!isObject(body)) {
      throw invalid([
        { path: '', code: 'invalid_type', message: 'the body must be a JSON object' },
      ]);
    }
    // `token` and `relyingParty` are dispatched to their own checks; the rest is the envelope.
    const errors = this.#deps
      .check('TrustSimulationRequest', body)
      .filter(
        (e) =>
          (e.code === 'required' && (e.path === 'token' || e.path === 'relyingParty')) ||
          !/^(token|relyingParty)([.[]|$)/.test(e.path),
      );
    let target: RelyingPartyTarget | undefined;
    if (body.relyingParty !== undefined) {
      const shape = relyingPartyShapeErrors(body.relyingParty, this.#deps.check);
      if (shape.length > 0) errors.push(...shape);
      else {
        const read = readRelyingParty(body.relyingParty as Record<string, unknown>);
        if ('errors' in read) errors.push(...read.errors);
        else target = read.target;
      }
    }
    let preview: TokenPreview | undefined;
    let refusal: IssuerError | undefined;
    if (body.token !== undefined) {
      try {
        preview = this.#deps.preview(principal, body.token);
      } catch (error) {
        if (!(error instanceof IssuerError) || error.status >= 500) throw error;
        // A 400 is about the body's `token`; a 403's reasons name the client's grants.
        refusal = error.status === 400 ? underToken(error) : error;
      }
    }
    if (refusal !== undefined && refusal.status === 400) {
      if (errors.length === 0) throw refusal;
      errors.push(...(refusal.errors ?? []));
    }
    if (errors.length > 0) throw invalid(errors);
    if (refusal !== undefined) throw refusal; // grant_denied: the body is fine, the client may not
    if (preview === undefined || target === undefined) {
      throw invalid([
        { path: '', code: 'required', message: 'token and relyingParty are required' },
      ]);
    }

    const now = this.#deps.clock();
    const at = typeof body.at === 'string' ? new Date(body.at) : new Date(now);
    if (Number.isNaN(at.getTime())) {
      throw invalid([
        {
          path: 'at',
          code: 'invalid_format',
          message: 'at must be an RFC 3339 time JavaScript can represent',
        },
      ]);
    }
    const durationSeconds =
      typeof body.duration === 'string' ? parseDuration(body.duration) : undefined;
    // As a mint now would sign it (a fresh jti too): issued at the server's clock, exchanged at `at`.
    const iat = Math.floor(now / 1000);
    const claims = {
      ...preview.claims,
      iat,
      nbf: iat,
      exp: iat + preview.lifetimeSeconds,
      jti: randomBytes(16).toString('base64url'),
    };
    const { verdict, findings } = evaluate(target, {
      claims,
      at,
      durationSeconds,
      lifetimeSeconds: preview.lifetimeSeconds,
    });
    return {
      claims: preview.claims,
      verdict: wireVerdict(verdict),
      findings: findings.map(wireFinding),
    };
  }
}

/** The verdict as `runid trust simulate --json` prints it: every field, null when accepted. */
function wireVerdict(v: Verdict): TrustSimulation['verdict'] {
  if (v.accepted) {
    return {
      accepted: true,
      relyingParty: v.relyingParty,
      stage: null,
      code: null,
      message: null,
      failed: null,
      hint: null,
    };
  }
  const { path, expected, actual } = v.failed;
  return {
    accepted: false,
    relyingParty: v.relyingParty,
    stage: v.stage,
    code: v.code,
    message: v.message,
    failed: { path, expected: expected ?? null, ...(actual === undefined ? {} : { actual }) },
    hint: v.hint,
  };
}

function wireFinding({
  rule,
  severity,
  path,
  message,
  fix,
}: Finding): TrustSimulation['findings'][number] {
  return { rule, severity, path, message, fix };
}
