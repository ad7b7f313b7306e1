import { DEFAULT_CLAIM_NAMESPACE, type NamespaceOptions, parseClaims } from '@runid/claims';
import type { Schemas } from '@runid/contract';
import { compactVerify, type JWSHeaderParameters } from 'jose';
import { introspects, mayIntrospect } from '../auth/grants.js';
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import { IssuerError } from '../errors.js';
import type { IssuerUrls } from '../keys/issuer-urls.js';
import type { KeyRing, VerificationKey } from '../keys/key-ring.js';
import { effectiveRunState, type IssuerVersion, type TokenKindName } from '../store/records.js';
import type { Store } from '../store/store.js';

export type TokenIntrospection = Schemas['TokenIntrospection'];
type ActiveToken = Schemas['ActiveToken'];

export interface IntrospectionServiceDeps {
  keyRing: KeyRing;
  store: Store;
  urls: IssuerUrls;
  namespaces: NamespaceOptions;
  clock: Clock;
}

const INACTIVE: TokenIntrospection = Object.freeze({ active: false }) as TokenIntrospection;
/** Far above any token RunID signs; a longer one is not ours and is not decoded at all. */
const MAX_TOKEN_CHARS = 16 * 1024;
/** Replicas' clocks may disagree a little: a token minted on one is `nbf` on the others. */
const NBF_LEEWAY_SECONDS = 5;
export const TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

type ClientPrincipal = Extract<Principal, { type: 'client' }>;

/**
 * RFC 7662 introspection of one issuer's tokens. Every reason a token is not live answers the
 * same `{ active: false }` (an unknown signature, another issuer, expiry, no audit record, an
 * ended run, an org the caller may not introspect), so the answer never says which check failed.
 * Only a client with no introspecting grant at all is refused outright (403 `grant_denied`): that
 * says something about the caller, nothing about the token.
 */
export class IntrospectionService {
  readonly #deps: IntrospectionServiceDeps;

  constructor(deps: IntrospectionServiceDeps) {
    this.#deps = deps;
  }

  async introspect(
    principal: ClientPrincipal,
    issuer: IssuerVersion,
    token: string,
  ): Promise<TokenIntrospection> {
    if (!introspects(principal.grants)) {
      throw new IssuerError(
        'grant_denied',
        'No grant of this client allows introspection: add `introspect: true` to a grant whose orgs cover the tokens.',
        {
          errors: [
            { path: 'grants', code: 'not_granted', message: 'no grant has introspect: true' },
          ],
        },
      );
    }
    const payload = await this.#verified(issuer, token);
    if (payload === undefined) return INACTIVE;
    const now = this.#deps.clock();
    const nowSeconds = now / 1000;
    if (payload.iss !== this.#deps.urls.iss[issuer]) return INACTIVE;
    if (typeof payload.exp !== 'number' || payload.exp <= nowSeconds) return INACTIVE;
    if (typeof payload.nbf === 'number' && payload.nbf > nowSeconds + NBF_LEEWAY_SECONDS) {
      return INACTIVE;
    }
    if (typeof payload.jti !== 'string') return INACTIVE;
    const issued = await this.#deps.store.findIssuedToken(payload.jti);
    if (issued === undefined) return INACTIVE;
    const { record, run } = issued;
    if (record.iss !== payload.iss || record.sub !== payload.sub) return INACTIVE;
    // A run's token is live only while its run is: finished, expired or revoked ends it.
    if (record.runId !== undefined) {
      if (run === undefined || effectiveRunState(run, new Date(now)) !== 'running') return INACTIVE;
    }
    const parsed = parseClaims(payload, { ...this.#deps.namespaces, kind: record.kind });
    if (!parsed.ok) return INACTIVE;
    if (!mayIntrospect(principal.grants, this.#orgOf(record.kind, parsed.value.claims))) {
      return INACTIVE;
    }
    const answer: Record<string, unknown> = {
      active: true,
      ...payload,
      token_type: TOKEN_TYPE,
      client_id: record.clientId,
      kind: record.kind,
    };
    // Our own fields win over any claim of the same name.
    answer.active = true;
    if (run !== undefined && record.runId !== undefined) {
      answer.run = { id: run.id, state: 'running', deadline: run.deadline.toISOString() };
    }
    return answer as ActiveToken;
  }

  /** The org name a grant's `orgs` match: `org`, or the namespaced one of an `oidc` token. */
  #orgOf(kind: TokenKindName, claims: Record<string, unknown>): string {
    const name =
      kind === 'oidc'
        ? `${this.#deps.namespaces.claimNamespace ?? DEFAULT_CLAIM_NAMESPACE}org`
        : 'org';
    return String(claims[name]);
  }

  /** The payload when the token is a compact JWS signed by a key of this issuer's JWKS. */
  async #verified(
    issuer: IssuerVersion,
    token: string,
  ): Promise<Record<string, unknown> | undefined> {
    if (token.length > MAX_TOKEN_CHARS || token.split('.').length !== 3) return undefined;
    const keys = this.#deps.keyRing.get(issuer).verificationKeys;
    const pick = (header: JWSHeaderParameters) => {
      const found: VerificationKey | undefined =
        typeof header.kid === 'string' ? keys.get(header.kid) : undefined;
      // The key decides the algorithm, never the header.
      if (found === undefined || header.alg !== found.alg) throw new Error('unknown key');
      return found.key;
    };
    try {
      const { payload } = await compactVerify(token, pick, { algorithms: ['RS256', 'ES256'] });
      const claims = JSON.parse(new TextDecoder().decode(payload)) as unknown;
      return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
        ? (claims as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  }
}
