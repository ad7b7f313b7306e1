import type { ErrorCode, operations, Schemas } from '@runid/contract';

// Every request and response type is read from the contract, never written by hand: when the
// OpenAPI document changes, these change with it (and the type tests in test/types.test-d.ts
// keep them honest).

type JsonContent<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON body of an operation's answer with this status. */
export type ResponseBody<
  Id extends keyof operations,
  Status extends keyof operations[Id]['responses'],
> = JsonContent<operations[Id]['responses'][Status]>;

/** The JSON body an operation takes. */
export type RequestBody<Id extends keyof operations> = operations[Id] extends {
  requestBody: { content: { 'application/json': infer B } };
}
  ? B
  : operations[Id] extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B
    : never;

/** The wire body of a mint with a client key, or of a preview (`duration` a string such as `'15m'`). */
export type TokenRequestBody = Schemas['TokenRequest'];
/** The wire body of a mint with a run credential (the contract's `RunTokenRequest`). */
export type RunTokenRequestBody = Schemas['RunTokenRequest'];
/**
 * A mint or preview request: the wire body, except that `duration` may also be a number of
 * seconds (`900` is sent as `'15m'`; a positive integer, else `invalid_argument` before sending).
 */
export type TokenRequest = TokenRequestBody extends infer T
  ? T extends { duration?: unknown }
    ? Omit<T, 'duration'> & { duration?: string | number | undefined }
    : never
  : never;
/**
 * A mint with a run credential: only what the run leaves open (`audience` / `platform` within the
 * run's lists, `duration`, `subjectAttributes`), never the identity.
 */
export type RunTokenRequest = Omit<RunTokenRequestBody, 'duration'> & {
  duration?: string | number | undefined;
};
export type DeploymentTokenRequest = Schemas['DeploymentTokenRequest'];
export type EnvironmentTokenRequest = Schemas['EnvironmentTokenRequest'];
export type OidcTokenRequest = Schemas['OidcTokenRequest'];
export type MintedToken = ResponseBody<'mintToken', 201>;
export type TokenClaims = Schemas['TokenClaims'];
export type TokenPreview = ResponseBody<'previewToken', 200>;
/** The wire body of a trust simulation (`duration` strings such as `'1h'`). */
export type TrustSimulationRequestBody = RequestBody<'simulateTrust'>;
/**
 * A trust simulation: `token` is a mint or preview request ({@link TokenRequest}), and `duration`
 * (the session the exchange requests) may also be a number of seconds, as for tokens.
 */
export type TrustSimulationRequest = Omit<TrustSimulationRequestBody, 'token' | 'duration'> & {
  token: TokenRequest;
  duration?: string | number | undefined;
};
/** The preview claims, the relying party's verdict and the lint findings. */
export type TrustSimulation = ResponseBody<'simulateTrust', 200>;
export type TrustVerdict = Schemas['TrustVerdict'];
export type TrustFinding = Schemas['TrustFinding'];
export type RelyingPartyConfiguration = Schemas['RelyingPartyConfiguration'];
export type CreateClientRequest = RequestBody<'createClient'>;
export type CreatedClient = ResponseBody<'createClient', 201>;
export type ApiClient = ResponseBody<'getClient', 200>;
export type ClientList = ResponseBody<'listClients', 200>;
export type ClientKey = Schemas['ClientKey'];
export type RotateClientKeyRequest = RequestBody<'rotateClientKey'>;
export type RotatedClientKey = ResponseBody<'rotateClientKey', 201>;
export type Grant = Schemas['Grant'];
export type KeyList = ResponseBody<'listKeys', 200>;
export type AdminSession = ResponseBody<'getSession', 200>;
export type AdminRole = Schemas['AdminRole'];
export type CreateAdminCredentialRequest = RequestBody<'createAdminCredential'>;
export type CreatedAdminCredential = ResponseBody<'createAdminCredential', 201>;
export type AdminCredential = ResponseBody<'getAdminCredential', 200>;
export type AdminCredentialList = ResponseBody<'listAdminCredentials', 200>;
export type EndedSession = ResponseBody<'deleteSession', 200>;
export type SigningKey = Schemas['SigningKey'];
export type KeyRotationRequest = RequestBody<'rotateKeys'>;
export type KeyRotation = ResponseBody<'rotateKeys', 200>;
export type AuditQuery = NonNullable<operations['listAudit']['parameters']['query']>;
export type AuditPage = ResponseBody<'listAudit', 200>;
export type AuditRecord = Schemas['AuditRecord'];
/** `type` is one `AuditEventType` or a comma-separated list of them. */
export type AuditEventQuery = NonNullable<operations['listAuditEvents']['parameters']['query']>;
export type AuditEventPage = ResponseBody<'listAuditEvents', 200>;
export type AuditEvent = Schemas['AuditEvent'];
export type AuditEventType = Schemas['AuditEventType'];
export type AuditExportQuery = NonNullable<operations['exportAudit']['parameters']['query']>;
/** One line of the NDJSON export: a token record, an event, or the final `end` line. */
export type AuditExportLine = Schemas['AuditExportLine'];
/** The wire body of `createRun` (`deadline` a string such as `'2h'`). */
export type CreateRunRequestBody = Schemas['CreateRunRequest'];
/**
 * A run to start: the wire body, except that `deadline` may be any duration input, as a token's
 * `duration` (`7200` or `'120m'` is sent as `'2h'`; not a duration → `invalid_argument` before
 * sending; outside 1m–24h the issuer answers `deadline_out_of_range`).
 */
export type CreateRunRequest = Omit<CreateRunRequestBody, 'deadline'> & {
  deadline?: string | number | undefined;
};
export type CreatedRun = Schemas['CreatedRun'];
export type Run = Schemas['Run'];
export type RunDetail = Schemas['RunDetail'];
export type RunOutcome = Schemas['RunOutcome'];
export type RunState = Schemas['RunState'];
export type RunQuery = NonNullable<operations['listRuns']['parameters']['query']>;
export type RunPage = ResponseBody<'listRuns', 200>;
export type DiscoveryDocument = ResponseBody<'getDiscoveryV1', 200>;
export type JsonWebKeySet = ResponseBody<'getJwksV1', 200>;
export type Health = ResponseBody<'getHealth', 200>;
export type Readiness = ResponseBody<'getReadiness', 200>;
export type DiscoveryReadiness = ResponseBody<'getDiscoveryReadiness', 200>;
export type IssuerVersion = Schemas['IssuerVersion'];
/** RFC 7662: exactly `{ active: false }`, or a live token's claims, minting client and run. */
export type TokenIntrospection = Schemas['TokenIntrospection'];
export type ActiveToken = Schemas['ActiveToken'];
export type { ErrorCode };

/** A conditional GET (`If-None-Match`): either a fresh document or "not modified". */
export type Conditional<T> =
  | { notModified: false; body: T; etag: string | undefined; cacheControl: string | undefined }
  | { notModified: true; etag: string | undefined; cacheControl: string | undefined };
