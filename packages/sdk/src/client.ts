import { durationSeconds, formatDuration } from '@runid/claims';
import type { OperationId, paths } from '@runid/contract';
import createFetchClient, { type Client as FetchClient } from 'openapi-fetch';
import { apiErrorFromResponse } from './api-errors.js';
import {
  RunIdAbortError,
  RunIdApiError,
  RunIdArgumentError,
  RunIdNetworkError,
  RunIdTimeoutError,
} from './errors.js';
import { runAttempt } from './http/attempt.js';
import type { FetchFn } from './http/form-post.js';
import { type RetryDecision, type RetryOptions, resolveRetryPolicy, withRetry } from './retry.js';
import type {
  AdminCredential,
  AdminCredentialList,
  AdminSession,
  ApiClient,
  AuditEvent,
  AuditEventPage,
  AuditEventQuery,
  AuditExportLine,
  AuditExportQuery,
  AuditPage,
  AuditQuery,
  ClientList,
  Conditional,
  CreateAdminCredentialRequest,
  CreateClientRequest,
  CreatedAdminCredential,
  CreatedClient,
  CreatedRun,
  CreateRunRequest,
  CreateRunRequestBody,
  DiscoveryDocument,
  DiscoveryReadiness,
  EndedSession,
  Grant,
  Health,
  IssuerVersion,
  JsonWebKeySet,
  KeyList,
  KeyRotation,
  KeyRotationRequest,
  MintedToken,
  Readiness,
  RequestBody,
  RotateClientKeyRequest,
  RotatedClientKey,
  Run,
  RunDetail,
  RunOutcome,
  RunPage,
  RunQuery,
  RunTokenRequest,
  TokenIntrospection,
  TokenPreview,
  TokenRequest,
  TokenRequestBody,
  TrustSimulation,
  TrustSimulationRequest,
  TrustSimulationRequestBody,
} from './types.js';
import { SDK_VERSION } from './version.js';

export interface ClientOptions {
  /**
   * The issuer's base URL, e.g. `https://id.example.com` (a path prefix is kept).
   * Default: `RUNID_URL` from `env`.
   */
  baseUrl?: string | undefined;
  /**
   * A client key (`rid_client_…`: mint, preview) or an admin key (admin operations, preview).
   * Default: `RUNID_API_KEY` from `env`, as the CLI reads it.
   */
  apiKey?: string | undefined;
  /**
   * A run credential (`rid_run_…`, the `credential` of {@link RunIdClient.createRun}) in place of a
   * key: `mintToken` then mints the run's tokens (the run fixes the identity; the request chooses
   * only what the run leaves open) and `finishRun` ends it. Default: `RUNID_RUN_TOKEN` from `env`
   * (set inside `runid run`), which then wins over `RUNID_API_KEY`. Giving both `apiKey` and
   * `runToken` is an error; an explicit `apiKey` ignores `RUNID_RUN_TOKEN`.
   */
  runToken?: string | undefined;
  /**
   * Where `RUNID_URL` / `RUNID_RUN_TOKEN` / `RUNID_API_KEY` are read when the options omit them.
   * Default `process.env`.
   */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Replaces `globalThis.fetch` (tests, proxies, recording). */
  fetch?: FetchFn | undefined;
  /** Deadline of one attempt, request and body included. Default 10 000 ms; 0 disables. */
  timeoutMs?: number | undefined;
  /** Retry policy, or `false` for none. See {@link RetryOptions}. */
  retry?: RetryOptions | false | undefined;
  /** Appended to `runid-sdk/<version>` in the User-Agent header. */
  userAgent?: string | undefined;
  /** Injected clock (ms since epoch), used to read `Retry-After` dates. */
  clock?: (() => number) | undefined;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Overrides the client's per-attempt deadline for this call. */
  timeoutMs?: number | undefined;
}

export interface ConditionalOptions extends CallOptions {
  /** An `ETag` from an earlier answer: a match answers `{ notModified: true }`. */
  ifNoneMatch: string;
}

export interface RunIdClient {
  readonly baseUrl: string;
  /** The generated openapi-fetch client, for anything the typed methods don't cover. */
  readonly raw: FetchClient<paths>;
  /**
   * Mints one token: a full request with a client key, or — with a run credential (`runToken`) —
   * only what the run leaves open ({@link RunTokenRequest}, `{}` for the defaults).
   */
  mintToken(request: TokenRequest | RunTokenRequest, options?: CallOptions): Promise<MintedToken>;
  previewToken(request: TokenRequest, options?: CallOptions): Promise<TokenPreview>;
  /**
   * Would this relying party accept the token this request would mint? Answers the preview claims,
   * the verdict and the lint findings; a refusal is an answer (`verdict.accepted` false), not an
   * error. Signs and records nothing.
   */
  simulateTrust(request: TrustSimulationRequest, options?: CallOptions): Promise<TrustSimulation>;
  /** `createClient` in the contract (renamed so it doesn't clash with this factory). */
  createApiClient(request: CreateClientRequest, options?: CallOptions): Promise<CreatedClient>;
  listClients(options?: CallOptions): Promise<ClientList>;
  getClient(clientId: string, options?: CallOptions): Promise<ApiClient>;
  disableClient(clientId: string, options?: CallOptions): Promise<ApiClient>;
  /** Admin: re-enables a disabled client (its name, grants and still-valid keys). Idempotent. */
  enableClient(clientId: string, options?: CallOptions): Promise<ApiClient>;
  /** Admin: replaces the client's grants as a whole. */
  replaceClientGrants(clientId: string, grants: Grant[], options?: CallOptions): Promise<ApiClient>;
  /** Admin: a new key (shown once); the keys valid now expire after `overlap` (default 24h). */
  rotateClientKey(
    clientId: string,
    request?: RotateClientKeyRequest,
    options?: CallOptions,
  ): Promise<RotatedClientKey>;
  /** Admin: refuses one of the client's keys from now on. Idempotent. */
  revokeClientKey(clientId: string, keyId: string, options?: CallOptions): Promise<ApiClient>;
  listKeys(options?: CallOptions): Promise<KeyList>;
  /** A new admin credential with a role; the answer's `key` is shown only once. Needs `admin`. */
  createAdminCredential(
    request: CreateAdminCredentialRequest,
    options?: CallOptions,
  ): Promise<CreatedAdminCredential>;
  listAdminCredentials(options?: CallOptions): Promise<AdminCredentialList>;
  getAdminCredential(credentialId: string, options?: CallOptions): Promise<AdminCredential>;
  /** Revokes at once (idempotent); the last active `admin` credential is refused (`last_admin_credential`). */
  revokeAdminCredential(credentialId: string, options?: CallOptions): Promise<AdminCredential>;
  /**
   * Console sign-in: exchanges this client's admin key for a session. The issuer answers the
   * session cookie in `Set-Cookie` (a browser keeps it, HttpOnly; on Node, read it from a custom
   * `fetch`); the body describes the session, never its id.
   */
  createSession(options?: CallOptions): Promise<AdminSession>;
  /** The session the cookie names (sent by the browser, or by a custom `fetch`). */
  getSession(options?: CallOptions): Promise<AdminSession>;
  /** Sign-out: ends the cookie's session on every replica. Cookie calls need `X-RunID-CSRF: 1`. */
  deleteSession(options?: CallOptions): Promise<EndedSession>;
  /**
   * Emergency rotation of one issuer's signing key. Without `confirm: true` it throws
   * `confirmation_required` whose detail lists the consequences, and changes nothing.
   */
  rotateKeys(request: KeyRotationRequest, options?: CallOptions): Promise<KeyRotation>;
  listAudit(query?: AuditQuery, options?: CallOptions): Promise<AuditPage>;
  /** The audit trail's events (`token.minted` included), newest first, one page. */
  listAuditEvents(query?: AuditEventQuery, options?: CallOptions): Promise<AuditEventPage>;
  /** Every event matching `query`, following `nextCursor` page by page. */
  iterateAuditEvents(query?: AuditEventQuery, options?: CallOptions): AsyncGenerator<AuditEvent>;
  /**
   * The NDJSON export, oldest first, line by line as it streams (`timeoutMs` bounds the wait for
   * the answer's headers, not the whole export). The last line is `{ recordType: 'end', count }`;
   * a stream that stops before it throws `RunIdApiError` `invalid_response`.
   */
  exportAudit(query?: AuditExportQuery, options?: CallOptions): AsyncGenerator<AuditExportLine>;
  /** Starts a run (client key). The answer's `credential` is shown only once. */
  createRun(request: CreateRunRequest, options?: CallOptions): Promise<CreatedRun>;
  /**
   * Ends a run with its outcome, as the client that created it or with the run's own credential
   * (`options.runCredential`, e.g. `RUNID_RUN_TOKEN`).
   */
  finishRun(
    runId: string,
    outcome: RunOutcome,
    options?: CallOptions & { runCredential?: string | undefined },
  ): Promise<Run>;
  listRuns(query?: RunQuery, options?: CallOptions): Promise<RunPage>;
  getRun(runId: string, options?: CallOptions): Promise<RunDetail>;
  /** Admin: ends the run and revokes every token it minted. Idempotent. */
  revokeRun(runId: string, options?: CallOptions): Promise<Run>;
  /** Every record matching `query`, following `nextCursor` page by page. */
  iterateAudit(
    query?: AuditQuery,
    options?: CallOptions,
  ): AsyncGenerator<AuditPage['items'][number]>;
  getDiscovery(
    version: IssuerVersion,
    options: ConditionalOptions,
  ): Promise<Conditional<DiscoveryDocument>>;
  getDiscovery(version?: IssuerVersion, options?: CallOptions): Promise<DiscoveryDocument>;
  getJwks(version: IssuerVersion, options: ConditionalOptions): Promise<Conditional<JsonWebKeySet>>;
  getJwks(version?: IssuerVersion, options?: CallOptions): Promise<JsonWebKeySet>;
  /**
   * RFC 7662 introspection at `<iss>/introspect` of one issuer (default `v1`; a token is active
   * only at its own issuer's endpoint). Needs a client key with an `introspect: true` grant
   * covering the token's org. Answers `{ active: false }` for any token that is not live.
   */
  introspectToken(
    token: string,
    options?: CallOptions & { issuer?: IssuerVersion | undefined },
  ): Promise<TokenIntrospection>;
  /** `/healthz`, the alias of `/livez` kept for existing probes. */
  health(options?: CallOptions): Promise<Health>;
  /** `/livez`: the process is alive (checks nothing else). */
  liveness(options?: CallOptions): Promise<Health>;
  /**
   * `/readyz`, ready to mint. Never throws on 503: a not-ready issuer answers a `Readiness`
   * document saying which check failed.
   */
  readiness(options?: CallOptions): Promise<Readiness>;
  /**
   * `/readyz/discovery`, ready to serve discovery and JWKS (true while the store is down). Never
   * throws on 503, like `readiness`.
   */
  discoveryReadiness(options?: CallOptions): Promise<DiscoveryReadiness>;
  /** The Prometheus text exposition. */
  metrics(options?: CallOptions): Promise<string>;
}

/** Which method of {@link RunIdClient} serves each operation of the contract. */
export const OPERATION_METHODS = {
  getDiscoveryV1: 'getDiscovery',
  getJwksV1: 'getJwks',
  getDiscoveryV2: 'getDiscovery',
  getJwksV2: 'getJwks',
  introspectTokenV1: 'introspectToken',
  introspectTokenV2: 'introspectToken',
  mintToken: 'mintToken',
  previewToken: 'previewToken',
  simulateTrust: 'simulateTrust',
  createClient: 'createApiClient',
  listClients: 'listClients',
  getClient: 'getClient',
  disableClient: 'disableClient',
  enableClient: 'enableClient',
  replaceClientGrants: 'replaceClientGrants',
  rotateClientKey: 'rotateClientKey',
  revokeClientKey: 'revokeClientKey',
  listKeys: 'listKeys',
  createAdminCredential: 'createAdminCredential',
  listAdminCredentials: 'listAdminCredentials',
  getAdminCredential: 'getAdminCredential',
  revokeAdminCredential: 'revokeAdminCredential',
  createSession: 'createSession',
  getSession: 'getSession',
  deleteSession: 'deleteSession',
  rotateKeys: 'rotateKeys',
  listAudit: 'listAudit',
  listAuditEvents: 'listAuditEvents',
  exportAudit: 'exportAudit',
  getLiveness: 'liveness',
  createRun: 'createRun',
  finishRun: 'finishRun',
  listRuns: 'listRuns',
  getRun: 'getRun',
  revokeRun: 'revokeRun',
  getHealth: 'health',
  getReadiness: 'readiness',
  getDiscoveryReadiness: 'discoveryReadiness',
  getMetrics: 'metrics',
} as const satisfies Record<OperationId, keyof RunIdClient>;

export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Whether an operation may be repeated without a second side effect. Minting twice mints two
 * tokens (two audit records, two valid JWTs); creating a client twice fails with `conflict` or
 * creates a second client. Those are retried after a network error or a timeout only when the
 * request provably never reached the issuer, unless `retry.nonIdempotent` is `'always'`.
 * 429 and 503 are retried for every operation: the issuer states that it did nothing.
 */
type Safety = 'idempotent' | 'non-idempotent';

interface Sent<D, E> {
  data?: D;
  error?: E;
  response: Response;
}

type SendInit = { signal: AbortSignal; fetch: FetchFn };

/**
 * The RunID SDK client: a typed client of the issuer's HTTP API (mint, preview, admin, discovery).
 * Not to be confused with the API operation `createClient` (creating a client key on the issuer),
 * which this client exposes as {@link RunIdClient.createApiClient}; `createRunIdClient` is the same
 * function under an unambiguous name.
 */
export function createClient(options: ClientOptions = {}): RunIdClient {
  // Also runs in browsers (the operator console): no `process` there, and no User-Agent to set.
  const nodeProcess = (globalThis as { process?: NodeJS.Process }).process;
  const env = options.env ?? nodeProcess?.env ?? {};
  const baseUrlText = options.baseUrl ?? (env.RUNID_URL || undefined);
  if (baseUrlText === undefined) {
    throw new RunIdArgumentError('baseUrl', 'is required: pass baseUrl or set RUNID_URL');
  }
  const baseUrl = normaliseBaseUrl(baseUrlText);
  const apiKey = credentialOf(options, env);
  const policy = resolveRetryPolicy(options.retry);
  const clock = options.clock ?? Date.now;
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const baseFetch: FetchFn = options.fetch ?? ((request) => globalThis.fetch(request));
  const headers: Record<string, string> = {
    'user-agent': [
      `runid-sdk/${SDK_VERSION}`,
      nodeProcess?.versions?.node && `node/${nodeProcess.versions.node}`,
      options.userAgent,
    ]
      .filter(Boolean)
      .join(' '),
  };
  if (nodeProcess?.versions?.node === undefined) delete headers['user-agent'];
  if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey.value}`;
  const raw = createFetchClient<paths>({ baseUrl, fetch: baseFetch, headers });

  async function call<D, E>(
    path: string,
    safety: Safety,
    callOptions: CallOptions | undefined,
    send: (init: SendInit) => Promise<Sent<D, E>>,
    accept: (status: number) => boolean = () => false,
  ): Promise<{ body: D | E | undefined; response: Response }> {
    const url = `${baseUrl}${path}`;
    const timeoutMs = callOptions?.timeoutMs ?? defaultTimeout;
    const signal = callOptions?.signal;
    return withRetry(
      () =>
        runAttempt(
          async (attemptSignal) => {
            let last: Response | undefined;
            const recordingFetch: FetchFn = async (request) => {
              last = await baseFetch(request);
              return last;
            };
            let sent: Sent<D, E>;
            try {
              sent = await send({ signal: attemptSignal, fetch: recordingFetch });
            } catch (error) {
              // openapi-fetch parses 2xx bodies with JSON.parse: a SyntaxError means an answer
              // arrived but broke the contract.
              if (error instanceof SyntaxError && last !== undefined) {
                throw new RunIdApiError({
                  status: last.status,
                  code: 'invalid_response',
                  detail: `the ${last.status} answer is not valid JSON: ${error.message}`,
                  cause: error,
                });
              }
              throw error;
            }
            const { response } = sent;
            if (response.ok || accept(response.status)) {
              return { body: sent.data ?? sent.error, response };
            }
            throw apiErrorFromResponse(response, sent.error, clock());
          },
          { url, timeoutMs, signal },
        ),
      (error) => decideRetry(error, safety, policy.nonIdempotent),
      policy,
      signal,
    );
  }

  async function json<D, E>(
    path: string,
    safety: Safety,
    callOptions: CallOptions | undefined,
    send: (init: SendInit) => Promise<Sent<D, E>>,
  ): Promise<D> {
    const { body, response } = await call(path, safety, callOptions, send);
    if (body === undefined) {
      throw new RunIdApiError({
        status: response.status,
        code: 'invalid_response',
        detail: `the ${response.status} answer has no body`,
      });
    }
    return body as D;
  }

  async function conditional<T>(
    path:
      | '/oidc/.well-known/openid-configuration'
      | '/oidc/.well-known/jwks'
      | '/oidc/v2/.well-known/openid-configuration'
      | '/oidc/v2/.well-known/jwks',
    callOptions: CallOptions | ConditionalOptions | undefined,
  ): Promise<T | Conditional<T>> {
    const ifNoneMatch =
      callOptions && 'ifNoneMatch' in callOptions ? callOptions.ifNoneMatch : undefined;
    const { body, response } = await call(
      path,
      'idempotent',
      callOptions,
      (init) =>
        raw.GET(path, {
          ...init,
          params: ifNoneMatch === undefined ? {} : { header: { 'If-None-Match': ifNoneMatch } },
        }),
      (status) => status === 304 && ifNoneMatch !== undefined,
    );
    if (ifNoneMatch === undefined) return body as T;
    const etag = response.headers.get('etag') ?? undefined;
    const cacheControl = response.headers.get('cache-control') ?? undefined;
    return response.status === 304
      ? { notModified: true, etag, cacheControl }
      : { notModified: false, body: body as T, etag, cacheControl };
  }

  const client: RunIdClient = {
    baseUrl,
    raw,
    mintToken: async (request, o) => {
      const body = wireRequest(request);
      return json('/api/v1/tokens', 'non-idempotent', o, (init) =>
        raw.POST('/api/v1/tokens', { ...init, body }),
      );
    },
    previewToken: async (request, o) => {
      const body = wireRequest(request);
      return json('/api/v1/tokens/preview', 'idempotent', o, (init) =>
        raw.POST('/api/v1/tokens/preview', { ...init, body }),
      );
    },
    simulateTrust: async (request, o) => {
      const body = wireSimulation(request);
      return json('/api/v1/trust/simulate', 'idempotent', o, (init) =>
        raw.POST('/api/v1/trust/simulate', { ...init, body }),
      );
    },
    createApiClient: (request, o) =>
      json('/api/v1/admin/clients', 'non-idempotent', o, (init) =>
        raw.POST('/api/v1/admin/clients', { ...init, body: request }),
      ),
    listClients: (o) =>
      json('/api/v1/admin/clients', 'idempotent', o, (init) =>
        raw.GET('/api/v1/admin/clients', init),
      ),
    getClient: (clientId, o) =>
      json(`/api/v1/admin/clients/${encodeURIComponent(clientId)}`, 'idempotent', o, (init) =>
        raw.GET('/api/v1/admin/clients/{clientId}', { ...init, params: { path: { clientId } } }),
      ),
    // Disabling is documented as idempotent: repeating it changes nothing.
    disableClient: (clientId, o) =>
      json(
        `/api/v1/admin/clients/${encodeURIComponent(clientId)}/disable`,
        'idempotent',
        o,
        (init) =>
          raw.POST('/api/v1/admin/clients/{clientId}/disable', {
            ...init,
            params: { path: { clientId } },
          }),
      ),
    enableClient: (clientId, o) =>
      json(
        `/api/v1/admin/clients/${encodeURIComponent(clientId)}/enable`,
        'idempotent',
        o,
        (init) =>
          raw.POST('/api/v1/admin/clients/{clientId}/enable', {
            ...init,
            params: { path: { clientId } },
          }),
      ),
    // A full replacement: repeating it leaves the same grants.
    replaceClientGrants: (clientId, grants, o) =>
      json(
        `/api/v1/admin/clients/${encodeURIComponent(clientId)}/grants`,
        'idempotent',
        o,
        (init) =>
          raw.PUT('/api/v1/admin/clients/{clientId}/grants', {
            ...init,
            params: { path: { clientId } },
            body: { grants },
          }),
      ),
    // Each rotation issues another key.
    rotateClientKey: (clientId, request, o) =>
      json(
        `/api/v1/admin/clients/${encodeURIComponent(clientId)}/keys`,
        'non-idempotent',
        o,
        (init) =>
          raw.POST('/api/v1/admin/clients/{clientId}/keys', {
            ...init,
            params: { path: { clientId } },
            body: request ?? {},
          }),
      ),
    revokeClientKey: (clientId, keyId, o) =>
      json(
        `/api/v1/admin/clients/${encodeURIComponent(clientId)}/keys/${encodeURIComponent(keyId)}/revoke`,
        'idempotent',
        o,
        (init) =>
          raw.POST('/api/v1/admin/clients/{clientId}/keys/{keyId}/revoke', {
            ...init,
            params: { path: { clientId, keyId } },
          }),
      ),
    listKeys: (o) =>
      json('/api/v1/admin/keys', 'idempotent', o, (init) => raw.GET('/api/v1/admin/keys', init)),
    createAdminCredential: (request, o) =>
      json('/api/v1/admin/credentials', 'non-idempotent', o, (init) =>
        raw.POST('/api/v1/admin/credentials', { ...init, body: request }),
      ),
    listAdminCredentials: (o) =>
      json('/api/v1/admin/credentials', 'idempotent', o, (init) =>
        raw.GET('/api/v1/admin/credentials', init),
      ),
    getAdminCredential: (credentialId, o) =>
      json(
        `/api/v1/admin/credentials/${encodeURIComponent(credentialId)}`,
        'idempotent',
        o,
        (init) =>
          raw.GET('/api/v1/admin/credentials/{credentialId}', {
            ...init,
            params: { path: { credentialId } },
          }),
      ),
    // Revoking is documented as idempotent: repeating it changes nothing.
    revokeAdminCredential: (credentialId, o) =>
      json(
        `/api/v1/admin/credentials/${encodeURIComponent(credentialId)}/revoke`,
        'idempotent',
        o,
        (init) =>
          raw.POST('/api/v1/admin/credentials/{credentialId}/revoke', {
            ...init,
            params: { path: { credentialId } },
          }),
      ),
    // Each sign-in creates another session.
    createSession: (o) =>
      json('/api/v1/admin/session', 'non-idempotent', o, (init) =>
        raw.POST('/api/v1/admin/session', init),
      ),
    getSession: (o) =>
      json('/api/v1/admin/session', 'idempotent', o, (init) =>
        raw.GET('/api/v1/admin/session', init),
      ),
    // Ending an ended session answers 401: safe to repeat, it changes nothing more.
    deleteSession: (o) =>
      json('/api/v1/admin/session', 'idempotent', o, (init) =>
        raw.DELETE('/api/v1/admin/session', init),
      ),
    // Each call rotates again: never repeated unless the request provably did not arrive.
    rotateKeys: (request, o) =>
      json('/api/v1/admin/keys/rotate', 'non-idempotent', o, (init) =>
        raw.POST('/api/v1/admin/keys/rotate', { ...init, body: request }),
      ),
    listAudit: (query, o) =>
      json('/api/v1/admin/audit', 'idempotent', o, (init) =>
        raw.GET('/api/v1/admin/audit', { ...init, params: { query: query ?? {} } }),
      ),
    listAuditEvents: (query, o) =>
      json('/api/v1/admin/audit/events', 'idempotent', o, (init) =>
        raw.GET('/api/v1/admin/audit/events', { ...init, params: { query: query ?? {} } }),
      ),
    async *iterateAuditEvents(query, o) {
      let cursor: string | undefined;
      do {
        const page: AuditEventPage = await client.listAuditEvents(
          cursor === undefined ? query : { ...query, cursor },
          o,
        );
        yield* page.items;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },
    async *exportAudit(query, o) {
      const { response } = await call('/api/v1/admin/audit/export', 'idempotent', o, (init) =>
        raw.GET('/api/v1/admin/audit/export', {
          ...init,
          params: { query: query ?? {} },
          parseAs: 'stream',
        }),
      );
      yield* ndjsonLines(response);
    },
    createRun: async (request, o) => {
      const { deadline, ...rest } = request;
      const body: CreateRunRequestBody =
        deadline === undefined ? rest : { ...rest, deadline: wireDuration(deadline, 'deadline') };
      return json('/api/v1/runs', 'non-idempotent', o, (init) =>
        raw.POST('/api/v1/runs', { ...init, body }),
      );
    },
    // Finishing twice answers run_ended: never repeated unless the request provably did not arrive.
    finishRun: (runId, outcome, o) => {
      const credential = o?.runCredential;
      if (credential !== undefined && (credential.trim() === '' || /[\r\n]/.test(credential))) {
        throw new RunIdArgumentError('runCredential', 'must be a non-empty single-line credential');
      }
      return json(`/api/v1/runs/${encodeURIComponent(runId)}/finish`, 'non-idempotent', o, (init) =>
        raw.POST('/api/v1/runs/{runId}/finish', {
          ...init,
          params: { path: { runId } },
          body: { outcome },
          ...(credential !== undefined && { headers: { authorization: `Bearer ${credential}` } }),
        }),
      );
    },
    listRuns: (query, o) =>
      json('/api/v1/admin/runs', 'idempotent', o, (init) =>
        raw.GET('/api/v1/admin/runs', { ...init, params: { query: query ?? {} } }),
      ),
    getRun: (runId, o) =>
      json(`/api/v1/admin/runs/${encodeURIComponent(runId)}`, 'idempotent', o, (init) =>
        raw.GET('/api/v1/admin/runs/{runId}', { ...init, params: { path: { runId } } }),
      ),
    revokeRun: (runId, o) =>
      json(`/api/v1/admin/runs/${encodeURIComponent(runId)}/revoke`, 'idempotent', o, (init) =>
        raw.POST('/api/v1/admin/runs/{runId}/revoke', { ...init, params: { path: { runId } } }),
      ),
    async *iterateAudit(query, o) {
      let cursor: string | undefined;
      do {
        const page: AuditPage = await client.listAudit(
          cursor === undefined ? query : { ...query, cursor },
          o,
        );
        yield* page.items;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },
    getDiscovery: ((version: IssuerVersion = 'v1', o?: CallOptions | ConditionalOptions) =>
      conditional<DiscoveryDocument>(
        version === 'v2'
          ? '/oidc/v2/.well-known/openid-configuration'
          : '/oidc/.well-known/openid-configuration',
        o,
      )) as RunIdClient['getDiscovery'],
    getJwks: ((version: IssuerVersion = 'v1', o?: CallOptions | ConditionalOptions) =>
      conditional<JsonWebKeySet>(
        version === 'v2' ? '/oidc/v2/.well-known/jwks' : '/oidc/.well-known/jwks',
        o,
      )) as RunIdClient['getJwks'],
    // Reads only: safe to repeat.
    introspectToken: (token, o) => {
      const path = o?.issuer === 'v2' ? '/oidc/v2/introspect' : '/oidc/introspect';
      return json(path, 'idempotent', o, (init) =>
        raw.POST(path, {
          ...init,
          body: { token },
          bodySerializer: (body) => new URLSearchParams(body as Record<string, string>).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      );
    },
    health: (o) => json('/healthz', 'idempotent', o, (init) => raw.GET('/healthz', init)),
    liveness: (o) => json('/livez', 'idempotent', o, (init) => raw.GET('/livez', init)),
    readiness: async (o) => {
      const { body, response } = await call(
        '/readyz',
        'idempotent',
        o,
        (init) => raw.GET('/readyz', init),
        (status) => status === 503,
      );
      if (typeof body !== 'object' || body === null) {
        throw new RunIdApiError({
          status: response.status,
          code: 'invalid_response',
          detail: `the ${response.status} answer of /readyz is not a readiness document`,
        });
      }
      return body as Readiness;
    },
    discoveryReadiness: async (o) => {
      const { body, response } = await call(
        '/readyz/discovery',
        'idempotent',
        o,
        (init) => raw.GET('/readyz/discovery', init),
        (status) => status === 503,
      );
      if (typeof body !== 'object' || body === null) {
        throw new RunIdApiError({
          status: response.status,
          code: 'invalid_response',
          detail: `the ${response.status} answer of /readyz/discovery is not a readiness document`,
        });
      }
      return body as DiscoveryReadiness;
    },
    metrics: (o) =>
      json('/metrics', 'idempotent', o, (init) =>
        raw.GET('/metrics', { ...init, parseAs: 'text' }),
      ),
  };
  return client;
}

/**
 * The bearer credential: `apiKey` or `runToken` as given (not both), else `RUNID_RUN_TOKEN`, else
 * `RUNID_API_KEY` — inside a run, the run's credential is the one meant to mint.
 */
function credentialOf(
  options: ClientOptions,
  env: Readonly<Record<string, string | undefined>>,
): { value: string } | undefined {
  if (options.apiKey !== undefined && options.runToken !== undefined) {
    throw new RunIdArgumentError('runToken', 'give apiKey or runToken, not both');
  }
  const [argument, value] =
    options.apiKey !== undefined
      ? ['apiKey', options.apiKey]
      : options.runToken !== undefined
        ? ['runToken', options.runToken]
        : env.RUNID_RUN_TOKEN
          ? ['runToken', env.RUNID_RUN_TOKEN]
          : ['apiKey', env.RUNID_API_KEY || undefined];
  if (value === undefined) return undefined;
  if (value.trim() === '' || /[\r\n]/.test(value)) {
    throw new RunIdArgumentError(
      argument,
      argument === 'apiKey'
        ? 'must be a non-empty single-line key'
        : 'must be a non-empty single-line run credential',
    );
  }
  return { value };
}

/** The same function as {@link createClient}, named so it cannot be mistaken for the API operation. */
export const createRunIdClient = createClient;

/**
 * `duration` in the one grammar of `@runid/claims` (`900`, `'15m'`, `'1h30m'`, …) becomes the
 * contract's canonical string (`900` → `'15m'`).
 */
export function wireRequest(request: TokenRequest): TokenRequestBody;
export function wireRequest(request: TokenRequest | RunTokenRequest): RequestBody<'mintToken'>;
export function wireRequest(request: TokenRequest | RunTokenRequest): RequestBody<'mintToken'> {
  const { duration } = request;
  if (duration === undefined) return request as RequestBody<'mintToken'>;
  return { ...request, duration: wireDuration(duration, 'duration') } as RequestBody<'mintToken'>;
}

/** A trust simulation's `token` and `duration` on the wire, as {@link wireRequest} does. */
export function wireSimulation(request: TrustSimulationRequest): TrustSimulationRequestBody {
  const { token, duration, ...rest } = request;
  const wireToken = (
    token.duration === undefined
      ? token
      : { ...token, duration: wireDuration(token.duration, 'token.duration') }
  ) as TokenRequestBody;
  return {
    ...rest,
    token: wireToken,
    ...(duration === undefined ? {} : { duration: wireDuration(duration, 'duration') }),
  } as TrustSimulationRequestBody;
}

function wireDuration(duration: string | number, argument: string): string {
  let seconds: number;
  try {
    seconds = durationSeconds(duration);
  } catch (error) {
    throw new RunIdArgumentError(argument, (error as Error).message.replace(/^duration /, ''));
  }
  return formatDuration(seconds);
}

function decideRetry(
  error: unknown,
  safety: Safety,
  nonIdempotent: 'unsent' | 'always',
): RetryDecision {
  if (error instanceof RunIdApiError) {
    if (error.status === 429 || error.status === 503) {
      return error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs };
    }
    return false;
  }
  if (error instanceof RunIdAbortError) return false;
  const repeatable = safety === 'idempotent' || nonIdempotent === 'always';
  if (error instanceof RunIdNetworkError) {
    return repeatable || !error.mayHaveReachedServer ? {} : false;
  }
  if (error instanceof RunIdTimeoutError) return repeatable ? {} : false;
  return false;
}

function normaliseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RunIdArgumentError('baseUrl', `not an absolute URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RunIdArgumentError('baseUrl', `must be http(s), got ${url.protocol}`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new RunIdArgumentError('baseUrl', 'must not carry a query, fragment or credentials');
  }
  return url.href.replace(/\/+$/, '');
}

/** The lines of an NDJSON answer as they arrive; the export's `end` line must close it. */
async function* ndjsonLines(response: Response): AsyncGenerator<AuditExportLine> {
  const body = response.body;
  if (body === null) return;
  const decoder = new TextDecoder();
  let buffered = '';
  let ended = false;
  const parse = (line: string): AuditExportLine => {
    try {
      return JSON.parse(line) as AuditExportLine;
    } catch (error) {
      throw new RunIdApiError({
        status: response.status,
        code: 'invalid_response',
        detail: 'an export line is not valid JSON',
        cause: error,
      });
    }
  };
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffered += decoder.decode(value, { stream: !done });
      let newline = buffered.indexOf('\n');
      while (newline !== -1) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line !== '') {
          const parsed = parse(line);
          if (parsed.recordType === 'end') ended = true;
          yield parsed;
        }
        newline = buffered.indexOf('\n');
      }
      if (done) break;
    }
  } finally {
    reader.releaseLock();
  }
  if (!ended) {
    throw new RunIdApiError({
      status: response.status,
      code: 'invalid_response',
      detail: 'the export stopped before its end line (the issuer failed part-way); run it again',
    });
  }
}
