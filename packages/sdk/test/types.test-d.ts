import type {
  DeploymentTokenInput,
  EnvironmentTokenInput,
  OidcTokenInput,
  TokenInput,
} from '@runid/claims';
import type { ErrorCode, OperationId, operations, Schemas } from '@runid/contract';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  AuditPage,
  AuditQuery,
  ClientOptions,
  Conditional,
  CreateClientRequest,
  CreateRunRequest,
  CreateRunRequestBody,
  DeploymentTokenRequest,
  DiscoveryDocument,
  EnvironmentTokenRequest,
  JsonWebKeySet,
  MintedToken,
  OidcTokenRequest,
  OPERATION_METHODS,
  RunIdApiError,
  RunIdClient,
  RunTokenRequest,
  RunTokenSourceOptions,
  TokenPreview,
  TokenRequest,
  TokenRequestBody,
  TokenSource,
  TrustFinding,
  TrustSimulation,
  TrustSimulationRequest,
  TrustSimulationRequestBody,
  TrustVerdict,
} from '../src/index.js';
import { runTokenSource } from '../src/index.js';

type Json<
  Id extends keyof operations,
  S extends keyof operations[Id]['responses'],
> = operations[Id]['responses'][S] extends { content: { 'application/json': infer B } } ? B : never;

/** Strips `readonly` at every depth: the claims types may be readonly, the wire types aren't. */
type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

describe('request and response types come from the contract', () => {
  it('token request and answers', () => {
    expectTypeOf<TokenRequestBody>().toEqualTypeOf<Schemas['TokenRequest']>();
    // The SDK's request widens only `duration` (a number of seconds is also accepted).
    expectTypeOf<TokenRequestBody>().toExtend<TokenRequest>();
    expectTypeOf<{
      kind: 'deployment';
      org: 'a';
      project: 'p';
      stack: 's';
      operation: 'update';
      deployment: 1;
      duration: 900;
    }>().toExtend<TokenRequest>();
    expectTypeOf<{
      kind: 'deployment';
      org: 'a';
      project: 'p';
      stack: 's';
      operation: 'update';
      deployment: 1;
      duration: true;
    }>().not.toExtend<TokenRequest>();
    expectTypeOf<MintedToken>().toEqualTypeOf<Json<'mintToken', 201>>();
    expectTypeOf<TokenPreview>().toEqualTypeOf<Json<'previewToken', 200>>();
    expectTypeOf<Parameters<RunIdClient['mintToken']>[0]>().toEqualTypeOf<
      TokenRequest | RunTokenRequest
    >();
    expectTypeOf<operations['mintToken']['requestBody']['content']['application/json']>().toExtend<
      Parameters<RunIdClient['mintToken']>[0]
    >();
    expectTypeOf<RunIdClient['mintToken']>().returns.resolves.toEqualTypeOf<
      Json<'mintToken', 201>
    >();
    expectTypeOf<RunIdClient['previewToken']>().returns.resolves.toEqualTypeOf<
      Json<'previewToken', 200>
    >();
  });

  it('trust simulation', () => {
    expectTypeOf<TrustSimulationRequestBody>().toEqualTypeOf<Schemas['TrustSimulationRequest']>();
    expectTypeOf<TrustSimulationRequestBody>().toExtend<TrustSimulationRequest>();
    expectTypeOf<TrustSimulation>().toEqualTypeOf<Json<'simulateTrust', 200>>();
    expectTypeOf<TrustVerdict>().toEqualTypeOf<Schemas['TrustVerdict']>();
    expectTypeOf<TrustFinding>().toEqualTypeOf<Schemas['TrustFinding']>();
    expectTypeOf<TrustSimulationRequest>().toExtend<Parameters<RunIdClient['simulateTrust']>[0]>();
    expectTypeOf<RunIdClient['simulateTrust']>().returns.resolves.toEqualTypeOf<
      Json<'simulateTrust', 200>
    >();
    // Exactly one relying party; AWS needs its provider in both forms.
    expectTypeOf<{
      token: TokenRequest;
      relyingParty: { vault: { data: object } };
    }>().toExtend<TrustSimulationRequest>();
    expectTypeOf<{
      token: TokenRequest;
      relyingParty: { aws: { role: { Role: object } } };
    }>().not.toExtend<TrustSimulationRequest>();
    expectTypeOf<{
      token: TokenRequest;
      relyingParty: { aws: { provider: { Url: string }; trustPolicy: { Statement: unknown[] } } };
    }>().toExtend<TrustSimulationRequest>();
    expectTypeOf<TrustVerdict['stage']>().toEqualTypeOf<
      'token' | 'registration' | 'claims' | 'audience' | 'policy' | 'session' | null
    >();
  });

  it('runs: the body of createRun, the run credential, the run token source', () => {
    expectTypeOf<CreateRunRequestBody>().toEqualTypeOf<Schemas['CreateRunRequest']>();
    expectTypeOf<CreateRunRequestBody>().toExtend<CreateRunRequest>();
    expectTypeOf<Parameters<RunIdClient['createRun']>[0]>().toEqualTypeOf<CreateRunRequest>();
    expectTypeOf<{
      identity: { kind: 'deployment'; org: 'a'; project: 'p'; stack: 's'; operation: 'update' };
      deadline: 7200;
    }>().toExtend<CreateRunRequest>();
    expectTypeOf<{
      identity: { kind: 'deployment'; org: 'a'; project: 'p'; stack: 's'; operation: 'update' };
      deadline: true;
    }>().not.toExtend<CreateRunRequest>();
    expectTypeOf<RunIdClient['createRun']>().returns.resolves.toEqualTypeOf<
      Schemas['CreatedRun']
    >();
    // Inside a run a token chooses only what the run leaves open: `{}` is a whole request.
    expectTypeOf<Record<never, never>>().toExtend<RunTokenRequest>();
    expectTypeOf<{ audience: 'sts.amazonaws.com'; duration: 900 }>().toExtend<RunTokenRequest>();
    expectTypeOf<{ platform: 'nope' }>().not.toExtend<RunTokenRequest>();
    expectTypeOf<ClientOptions['runToken']>().toEqualTypeOf<string | undefined>();
    expectTypeOf(runTokenSource).returns.toEqualTypeOf<TokenSource>();
    expectTypeOf<{
      runToken: string;
      request: { duration: '15m' };
    }>().toExtend<RunTokenSourceOptions>();
  });

  it('admin, discovery and operations methods', () => {
    expectTypeOf<
      Parameters<RunIdClient['createApiClient']>[0]
    >().toEqualTypeOf<CreateClientRequest>();
    expectTypeOf<CreateClientRequest>().toEqualTypeOf<Schemas['CreateClientRequest']>();
    expectTypeOf<RunIdClient['createApiClient']>().returns.resolves.toEqualTypeOf<
      Json<'createClient', 201>
    >();
    expectTypeOf<RunIdClient['listClients']>().returns.resolves.toEqualTypeOf<
      Json<'listClients', 200>
    >();
    expectTypeOf<RunIdClient['getClient']>().returns.resolves.toEqualTypeOf<
      Json<'getClient', 200>
    >();
    expectTypeOf<RunIdClient['disableClient']>().returns.resolves.toEqualTypeOf<
      Json<'disableClient', 200>
    >();
    expectTypeOf<RunIdClient['listKeys']>().returns.resolves.toEqualTypeOf<Json<'listKeys', 200>>();
    expectTypeOf<Parameters<RunIdClient['createAdminCredential']>[0]>().toEqualTypeOf<
      Schemas['CreateAdminCredentialRequest']
    >();
    expectTypeOf<RunIdClient['createAdminCredential']>().returns.resolves.toEqualTypeOf<
      Json<'createAdminCredential', 201>
    >();
    expectTypeOf<RunIdClient['listAdminCredentials']>().returns.resolves.toEqualTypeOf<
      Json<'listAdminCredentials', 200>
    >();
    expectTypeOf<RunIdClient['getAdminCredential']>().returns.resolves.toEqualTypeOf<
      Json<'getAdminCredential', 200>
    >();
    expectTypeOf<RunIdClient['revokeAdminCredential']>().returns.resolves.toEqualTypeOf<
      Json<'revokeAdminCredential', 200>
    >();
    expectTypeOf<RunIdClient['listAudit']>().returns.resolves.toEqualTypeOf<
      Json<'listAudit', 200>
    >();
    expectTypeOf<AuditPage>().toEqualTypeOf<Schemas['AuditPage']>();
    expectTypeOf<AuditQuery>().toEqualTypeOf<
      NonNullable<operations['listAudit']['parameters']['query']>
    >();
    expectTypeOf<DiscoveryDocument>().toEqualTypeOf<Json<'getDiscoveryV2', 200>>();
    expectTypeOf<JsonWebKeySet>().toEqualTypeOf<Json<'getJwksV2', 200>>();
    expectTypeOf<RunIdClient['introspectToken']>().returns.resolves.toEqualTypeOf<
      Json<'introspectTokenV1', 200>
    >();
    expectTypeOf<Json<'introspectTokenV2', 200>>().toEqualTypeOf<Json<'introspectTokenV1', 200>>();
    expectTypeOf<RunIdClient['health']>().returns.resolves.toEqualTypeOf<Json<'getHealth', 200>>();
    expectTypeOf<RunIdClient['readiness']>().returns.resolves.toEqualTypeOf<
      Json<'getReadiness', 503>
    >();
    expectTypeOf<RunIdClient['liveness']>().returns.resolves.toEqualTypeOf<
      Json<'getLiveness', 200>
    >();
    expectTypeOf<RunIdClient['discoveryReadiness']>().returns.resolves.toEqualTypeOf<
      Json<'getDiscoveryReadiness', 503>
    >();
    expectTypeOf<RunIdClient['metrics']>().returns.resolves.toEqualTypeOf<string>();
    const client = {} as RunIdClient;
    expectTypeOf(client.getJwks('v1')).resolves.toEqualTypeOf<JsonWebKeySet>();
    expectTypeOf(client.getJwks('v1', { ifNoneMatch: '"e"' })).resolves.toEqualTypeOf<
      Conditional<JsonWebKeySet>
    >();
  });

  it('has one method for every operation id, and no method for an unknown one', () => {
    expectTypeOf<keyof typeof OPERATION_METHODS>().toEqualTypeOf<OperationId>();
    expectTypeOf<(typeof OPERATION_METHODS)[OperationId]>().toExtend<keyof RunIdClient>();
  });

  it('error codes are the contract enum plus the local ones', () => {
    expectTypeOf<ErrorCode>().toExtend<RunIdApiError['code']>();
    expectTypeOf<RunIdApiError['code']>().toEqualTypeOf<
      ErrorCode | 'http_error' | 'invalid_response'
    >();
  });
});

describe('the SDK token request agrees with @runid/claims', () => {
  it('is assignable both ways with TokenInput, modulo readonly', () => {
    expectTypeOf<Mutable<TokenInput>>().toExtend<TokenRequestBody>();
    expectTypeOf<TokenRequestBody>().toExtend<Mutable<TokenInput>>();
    expectTypeOf<Mutable<DeploymentTokenInput>>().toEqualTypeOf<Mutable<DeploymentTokenRequest>>();
    expectTypeOf<Mutable<EnvironmentTokenInput>>().toExtend<EnvironmentTokenRequest>();
    expectTypeOf<EnvironmentTokenRequest>().toExtend<Mutable<EnvironmentTokenInput>>();
    expectTypeOf<Mutable<OidcTokenInput>>().toExtend<OidcTokenRequest>();
    expectTypeOf<OidcTokenRequest>().toExtend<Mutable<OidcTokenInput>>();
  });

  it('rejects what the contract rejects', () => {
    // A deployment request without its run number is not a TokenRequest.
    expectTypeOf<Omit<DeploymentTokenRequest, 'deployment'>>().not.toExtend<TokenRequest>();
    expectTypeOf<{ kind: 'oidc'; org: string }>().not.toExtend<TokenRequest>();
    // @ts-expect-error an unknown kind is refused
    const bad: TokenRequest = { kind: 'unknown', org: 'acme' };
    void bad;
  });
});
