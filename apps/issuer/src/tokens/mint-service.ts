import { randomBytes } from 'node:crypto';
import {
  type BuiltClaims,
  buildClaims,
  checkSubjectForPlatform,
  type NamespaceOptions,
  SUBJECT_CHECK_PLATFORMS,
  type TokenInput,
} from '@runid/claims';
import type { Schemas } from '@runid/contract';
import type { ContractValidator, Validate } from '@runid/contract/validator';
import type { RequestContext } from '../audit/request-context.js';
import { checkGrants } from '../auth/grants.js';
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import { IssuerError } from '../errors.js';
import type { IssuerUrls } from '../keys/issuer-urls.js';
import type { KeyRing } from '../keys/key-ring.js';
import type { IssuerMetrics } from '../observability/metrics.js';
import { contractRefusal } from '../request-body.js';
import type { AuditWriter } from './audit-writer.js';
import { fromClaimsError } from './claims-error.js';

export type MintedToken = Schemas['MintedToken'];

export type TokenPreview = Schemas['TokenPreview'];

export interface MintServiceDeps {
  keyRing: KeyRing;
  audit: AuditWriter;
  validator: ContractValidator;
  urls: IssuerUrls;
  namespaces: NamespaceOptions;
  clock: Clock;
  metrics: IssuerMetrics;
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

  constructor(deps: MintServiceDeps) {
    this.#deps = deps;
    this.#checkShape = deps.validator.requestBody('mintToken', { values: false });
  }

  /** Validates and checks grants; returns what would be signed. Signs and records nothing. */
  #prepare(principal: Principal, body: unknown): { input: TokenInput; built: BuiltClaims } {
    // Each field's error has one owner, produced once: the contract owns the body's shape
    // (required and unknown fields, types, enums: 400 invalid_request), @runid/claims owns the
    // values (patterns, lengths, durations: 400 invalid_claims or lifetime_out_of_range), whose
    // messages say what to fix rather than quoting a regex. The two schemas are tested equal.
    const shapeErrors = this.#checkShape(body);
    if (shapeErrors.length > 0) throw contractRefusal(shapeErrors);
    let built: BuiltClaims;
    try {
      built = buildClaims(body, this.#deps.namespaces);
    } catch (error) {
      throw fromClaimsError(error);
    }
    const input = body as TokenInput;
    if (principal.type === 'client') {
      const refused = checkGrants(principal.grants, input, built.lifetimeSeconds);
      if (refused !== undefined) {
        throw new IssuerError(
          'grant_denied',
          `The request is outside every grant of this client: ${refused.map((r) => `${r.path} ${r.message.slice(r.message.indexOf(' ') + 1)}`).join('; ')}.`,
          { errors: refused },
        );
      }
    }
    return { input, built };
  }

  preview(principal: Principal, body: unknown): TokenPreview {
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

  async mint(principal: Principal, body: unknown, context?: RequestContext): Promise<MintedToken> {
    const kind = kindLabel(body);
    const end = this.#deps.metrics.mintDuration.startTimer({ kind });
    let prepared: { built: BuiltClaims };
    try {
      prepared = this.#prepare(principal, body);
    } catch (error) {
      this.#deps.metrics.tokensMinted.inc({ kind, outcome: 'refused' });
      end({ outcome: 'refused' });
      throw error;
    }
    try {
      const minted = await this.#sign(prepared.built, principal, context);
      end({ outcome: 'minted' });
      return minted;
    } catch (error) {
      this.#deps.metrics.tokensMinted.inc({ kind, outcome: 'failed' });
      end({ outcome: 'failed' });
      throw error;
    }
  }

  async #sign(
    built: BuiltClaims,
    principal: Principal,
    context: RequestContext | undefined,
  ): Promise<MintedToken> {
    const { signer, iat, exp } = await this.#deps.keyRing.signingGrant(
      built.issuer,
      built.lifetimeSeconds,
    );
    const iss = this.#deps.urls.iss[built.issuer];
    const jti = randomBytes(16).toString('base64url');
    const claims = {
      iss,
      sub: built.sub,
      aud: built.aud,
      iat,
      nbf: iat,
      exp,
      jti,
      ...built.claims,
    };
    const token = await signer.sign(claims);
    // The record is committed before the token leaves; if it cannot be, the token is dropped.
    await this.#deps.audit.write({
      jti,
      kind: built.kind,
      iss,
      sub: built.sub,
      aud: built.aud,
      clientId: principal.id,
      kid: signer.kid,
      iat: new Date(iat * 1000),
      exp: new Date(exp * 1000),
      requestId: context?.requestId ?? null,
      source: context?.source ?? null,
    });
    this.#deps.metrics.tokensMinted.inc({ kind: built.kind, outcome: 'minted' });
    return { token, expiresAt: new Date(exp * 1000).toISOString(), claims };
  }
}

function kindLabel(body: unknown): string {
  const kind =
    typeof body === 'object' && body !== null ? (body as { kind?: unknown }).kind : undefined;
  return kind === 'deployment' || kind === 'environment' || kind === 'oidc' ? kind : 'unknown';
}
