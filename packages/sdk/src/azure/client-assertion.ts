import type { Env } from '../aws/endpoint.js';
import { type CloudErrorCode, RunIdArgumentError, RunIdCloudError } from '../errors.js';
import { cloudRetryDecision, parseJsonObject } from '../http/cloud-retry.js';
import { type FetchFn, postForm } from '../http/form-post.js';
import { describeTokenIdentity } from '../jwt-peek.js';
import { type RetryOptions, resolveRetryPolicy, withRetry } from '../retry.js';
import { azureTokenEndpoint } from './authority.js';

export const AZURE_CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The audience Entra ID expects in a federated token. */
export const AZURE_TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
export const DEFAULT_AZURE_SCOPE = 'https://management.azure.com/.default';

export interface AzureClientAssertionOptions {
  tenantId: string;
  /** The app registration's (or managed identity's) client id. */
  clientId: string;
  /** The RunID token, used as the client assertion. */
  assertion: string;
  /** `<resource>/.default`; default `https://management.azure.com/.default`. */
  scope?: string | undefined;
  authorityHost?: string | undefined;
  env?: Env | undefined;
  fetch?: FetchFn | undefined;
  timeoutMs?: number | undefined;
  retry?: RetryOptions | false | undefined;
  signal?: AbortSignal | undefined;
}

export interface AzureAccessToken {
  accessToken: string;
  tokenType: string;
  expiresAt: Date;
}

// AADSTS50166: "Request to External OIDC endpoint failed" — Entra could not fetch our JWKS.
const TRANSIENT = new Set(['AADSTS50166', 'temporarily_unavailable']);

/**
 * The client-credentials grant with a federated client assertion, as Entra ID documents it. The
 * clock is read once for `expiresAt` (`expires_in` is relative).
 */
export async function exchangeAzureClientAssertion(
  options: AzureClientAssertionOptions,
  clock: () => number = Date.now,
): Promise<AzureAccessToken> {
  if (options.clientId.trim() === '') throw new RunIdArgumentError('clientId', 'is required');
  const url = azureTokenEndpoint(options.tenantId, options);
  const fields = {
    client_id: options.clientId,
    scope: options.scope ?? DEFAULT_AZURE_SCOPE,
    grant_type: 'client_credentials',
    client_assertion_type: AZURE_CLIENT_ASSERTION_TYPE,
    client_assertion: options.assertion,
  };
  return withRetry(
    async () => {
      const answer = await postForm(url, fields, {
        fetch: options.fetch,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        headers: { accept: 'application/json' },
      });
      const body = parseJsonObject(answer.text);
      if (answer.status === 200 && body) {
        const accessToken = body.access_token;
        const expiresIn = Number(body.expires_in);
        if (typeof accessToken === 'string' && accessToken && Number.isFinite(expiresIn)) {
          return {
            accessToken,
            tokenType: typeof body.token_type === 'string' ? body.token_type : 'Bearer',
            expiresAt: new Date(clock() + expiresIn * 1000),
          };
        }
      }
      throw mapAzureError(answer.status, body, options);
    },
    (error) => cloudRetryDecision(error, TRANSIENT),
    resolveRetryPolicy(options.retry),
    options.signal,
  );
}

function mapAzureError(
  status: number,
  body: Record<string, unknown> | undefined,
  options: AzureClientAssertionOptions,
): RunIdCloudError {
  if (body === undefined || (status === 200 && typeof body.error !== 'string')) {
    return new RunIdCloudError({
      provider: 'azure',
      code: 'invalid_response',
      status,
      providerCode: 'InvalidResponse',
      providerMessage: `the token endpoint answered ${status} without a readable OAuth body`,
      hint: 'check AZURE_AUTHORITY_HOST and the tenant id',
    });
  }
  const error = typeof body.error === 'string' ? body.error : 'unknown_error';
  const description = typeof body.error_description === 'string' ? body.error_description : '';
  const codes = Array.isArray(body.error_codes) ? body.error_codes : [];
  const number =
    typeof codes[0] === 'number' ? codes[0] : Number(/AADSTS(\d+)/.exec(description)?.[1]);
  const aadsts = Number.isFinite(number) ? `AADSTS${number}` : undefined;
  const who = describeTokenIdentity(options.assertion);
  let code: CloudErrorCode = 'cloud_error';
  let hint: string | undefined;
  switch (aadsts) {
    case 'AADSTS70021':
    case 'AADSTS700211':
    case 'AADSTS700212':
    case 'AADSTS700213':
      code = 'access_denied';
      hint = `add a federated identity credential to app ${options.clientId} whose issuer, subject and audience equal those of ${who} exactly (case-sensitive, no wildcards)`;
      break;
    case 'AADSTS700024':
      code = 'expired_token';
      hint =
        'the assertion is outside its validity window: mint it right before the exchange and check this machine’s clock';
      break;
    case 'AADSTS50027':
    case 'AADSTS700027':
    case 'AADSTS5002738':
      code = 'invalid_identity_token';
      hint = `Entra ID could not validate ${who}: its signing key must be in the issuer's published JWKS (RS256, with kid)`;
      break;
    case 'AADSTS50166':
      code = 'idp_communication_error';
      hint = "Entra ID could not fetch the issuer's discovery document or JWKS over public https";
      break;
    case 'AADSTS700016':
      code = 'access_denied';
      hint = `no application ${options.clientId} in tenant ${options.tenantId}: check AZURE_CLIENT_ID and AZURE_TENANT_ID`;
      break;
    case 'AADSTS90002':
      hint = `tenant ${options.tenantId} not found: check AZURE_TENANT_ID and AZURE_AUTHORITY_HOST (sovereign clouds have their own)`;
      break;
    case 'AADSTS70011':
      hint =
        'the scope is invalid: use "<resource>/.default", e.g. https://management.azure.com/.default';
      break;
  }
  const traceId = typeof body.trace_id === 'string' ? body.trace_id : undefined;
  return new RunIdCloudError({
    provider: 'azure',
    code,
    status,
    providerCode: aadsts ?? error,
    providerMessage: (description.split(/\r?\n/)[0] ?? description) || error,
    ...(hint === undefined ? {} : { hint }),
    ...(traceId === undefined ? {} : { requestId: traceId }),
  });
}
