import { afterEach, describe, expect, it } from 'vitest';
import {
  AZURE_CLIENT_ASSERTION_TYPE,
  azureTokenEndpoint,
  exchangeAzureClientAssertion,
  RunIdCloudError,
} from '../src/index.js';
import { send, startServer, type TestServer } from './helpers/http-server.js';
import { mintedToken } from './helpers/tokens.js';

let entra: TestServer | undefined;
afterEach(async () => {
  await entra?.close();
  entra = undefined;
});

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '6731de76-14a6-49ae-97bc-6eba6914391e';
const assertion = mintedToken({
  iat: 1_700_000_000,
  lifetimeSeconds: 3600,
  aud: 'api://AzureADTokenExchange',
}).token;

function aadError(code: number, error: string, text: string) {
  return {
    error,
    error_description: `AADSTS${code}: ${text} Trace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333 Correlation ID: aaaa0000-bb11-2222-33cc-444444dddddd Timestamp: 2024-05-01 12:00:00Z`,
    error_codes: [code],
    timestamp: '2024-05-01 12:00:00Z',
    trace_id: '0000aaaa-11bb-cccc-dd22-eeeeee333333',
    correlation_id: 'aaaa0000-bb11-2222-33cc-444444dddddd',
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  };
}

function exchange(extra: Partial<Parameters<typeof exchangeAzureClientAssertion>[0]> = {}) {
  return exchangeAzureClientAssertion(
    {
      tenantId: TENANT,
      clientId: CLIENT,
      assertion,
      env: { AZURE_AUTHORITY_HOST: `${entra?.url}/` },
      retry: { retries: 2, sleep: async () => undefined },
      ...extra,
    },
    () => 1_700_000_000_000,
  );
}

describe('Azure client-assertion exchange', () => {
  it('POSTs the documented form to <AZURE_AUTHORITY_HOST>/<tenant>/oauth2/v2.0/token', async () => {
    entra = await startServer((_req, res) =>
      send(res, 200, {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: 'eyJ0eXAi.azure.token',
      }),
    );
    const token = await exchange();
    const req = entra.requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe(`/${TENANT}/oauth2/v2.0/token`);
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(Object.fromEntries(new URLSearchParams(req?.body))).toEqual({
      client_id: CLIENT,
      scope: 'https://management.azure.com/.default',
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    expect(AZURE_CLIENT_ASSERTION_TYPE).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
    expect(token).toEqual({
      accessToken: 'eyJ0eXAi.azure.token',
      tokenType: 'Bearer',
      expiresAt: new Date(1_700_000_000_000 + 3599_000),
    });
  });

  it('lets an explicit authority win over AZURE_AUTHORITY_HOST, and defaults to login.microsoftonline.com', () => {
    expect(azureTokenEndpoint(TENANT, { env: {} })).toBe(
      `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
    );
    expect(
      azureTokenEndpoint('contoso.onmicrosoft.com', {
        env: { AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us' },
      }),
    ).toBe('https://login.microsoftonline.us/contoso.onmicrosoft.com/oauth2/v2.0/token');
    expect(
      azureTokenEndpoint(TENANT, {
        authorityHost: 'https://login.chinacloudapi.cn/',
        env: { AZURE_AUTHORITY_HOST: 'https://ignored' },
      }),
    ).toBe(`https://login.chinacloudapi.cn/${TENANT}/oauth2/v2.0/token`);
    expect(() => azureTokenEndpoint('../evil', { env: {} })).toThrow(/tenantId/);
  });

  it.each([
    [700213, 'invalid_client', 'access_denied', /federated identity credential/],
    [700211, 'invalid_client', 'access_denied', /issuer, subject and audience/],
    [700024, 'invalid_client', 'expired_token', /clock/],
    [50027, 'invalid_request', 'invalid_identity_token', /JWKS/],
    [700016, 'unauthorized_client', 'access_denied', /AZURE_CLIENT_ID/],
    [90002, 'invalid_request', 'cloud_error', /AZURE_TENANT_ID/],
  ])('maps AADSTS%d to %s → %s', async (number, oauthError, code, hint) => {
    entra = await startServer((_req, res) =>
      send(res, 400, aadError(number, oauthError, 'Something about the request.')),
    );
    const error = await exchange().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunIdCloudError);
    expect(error).toMatchObject({
      provider: 'azure',
      code,
      status: 400,
      providerCode: `AADSTS${number}`,
      requestId: '0000aaaa-11bb-cccc-dd22-eeeeee333333',
    });
    expect((error as RunIdCloudError).hint).toMatch(hint);
    expect(entra.requests).toHaveLength(1);
  });

  it('retries AADSTS50166 (Entra could not fetch our JWKS) and 5xx, then succeeds', async () => {
    entra = await startServer((_req, res, i) => {
      if (i === 0)
        send(
          res,
          400,
          aadError(50166, 'invalid_request', 'Request to External OIDC endpoint failed.'),
        );
      else if (i === 1)
        send(
          res,
          503,
          aadError(90033, 'temporarily_unavailable', 'A transient error has occurred.'),
        );
      else send(res, 200, { token_type: 'Bearer', expires_in: 60, access_token: 'ok' });
    });
    expect((await exchange()).accessToken).toBe('ok');
    expect(entra.requests).toHaveLength(3);
  });

  it('reports a non-OAuth answer as invalid_response', async () => {
    entra = await startServer((_req, res) => send(res, 404, '<html>not found</html>'));
    await expect(exchange()).rejects.toMatchObject({ code: 'invalid_response', status: 404 });
  });
});
