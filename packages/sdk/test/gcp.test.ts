import { afterEach, describe, expect, it } from 'vitest';
import {
  exchangeGoogleStsToken,
  getGoogleAccessToken,
  googleExternalAccountConfig,
  googleWorkloadIdentityAudience,
  RunIdCloudError,
} from '../src/index.js';
import { send, startServer, type TestServer } from './helpers/http-server.js';
import { mintedToken } from './helpers/tokens.js';

let google: TestServer | undefined;
afterEach(async () => {
  await google?.close();
  google = undefined;
});

const AUDIENCE =
  '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/runid-pool/providers/runid-provider';
const SA = 'deployer@my-project.iam.gserviceaccount.com';
const subjectToken = mintedToken({
  iat: 1_700_000_000,
  lifetimeSeconds: 3600,
  aud: AUDIENCE,
}).token;
const noWait = { retries: 2, sleep: async () => undefined };

function googleServer(handlers: {
  sts?: (i: number) => [number, unknown];
  iam?: (i: number) => [number, unknown];
}) {
  let stsCount = 0;
  let iamCount = 0;
  return startServer((req, res) => {
    if (req.path === '/v1/token') {
      const [status, body] = handlers.sts?.(stsCount++) ?? [
        200,
        {
          access_token: 'federated-1',
          issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          token_type: 'Bearer',
          expires_in: 3599,
        },
      ];
      send(res, status, body);
    } else if (req.path.startsWith('/v1/projects/-/serviceAccounts/')) {
      const [status, body] = handlers.iam?.(iamCount++) ?? [
        200,
        { accessToken: 'ya29.impersonated', expireTime: '2030-01-01T01:00:00Z' },
      ];
      send(res, status, body);
    } else send(res, 404, { error: { code: 404, message: 'no route', status: 'NOT_FOUND' } });
  });
}

describe('Google STS token exchange', () => {
  it('POSTs the RFC 8693 form with the documented values', async () => {
    google = await googleServer({});
    const token = await exchangeGoogleStsToken(
      { audience: AUDIENCE, subjectToken, stsUrl: `${google.url}/v1/token`, retry: noWait },
      () => 1_700_000_000_000,
    );
    const req = google.requests[0];
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(req?.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(req?.body))).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      audience: AUDIENCE,
      scope: 'https://www.googleapis.com/auth/cloud-platform',
      requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      subject_token: subjectToken,
    });
    expect(token).toEqual({
      accessToken: 'federated-1',
      expiresAt: new Date(1_700_000_000_000 + 3_599_000),
    });
  });

  it.each([
    [
      'invalid_grant',
      'The audience in ID Token [acme] does not match the expected audience.',
      'access_denied',
      /allowed audiences/,
    ],
    [
      'invalid_grant',
      'ID Token issued at 1700000000 is stale to sign-in.',
      'expired_token',
      /clock/,
    ],
    ['invalid_grant', 'The token could not be verified.', 'invalid_identity_token', /issuer URI/],
    [
      'unauthorized_client',
      'The given credential is rejected by the attribute condition.',
      'access_denied',
      /attribute condition/,
    ],
    [
      'invalid_target',
      'The target service indicated by the "audience" parameters is invalid.',
      'cloud_error',
      /pool or provider/,
    ],
  ])('maps %s (%s) to %s', async (oauthError, description, code, hint) => {
    google = await googleServer({
      sts: () => [400, { error: oauthError, error_description: description }],
    });
    const error = await exchangeGoogleStsToken({
      audience: AUDIENCE,
      subjectToken,
      stsUrl: `${google.url}/v1/token`,
      retry: noWait,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunIdCloudError);
    expect(error).toMatchObject({
      provider: 'gcp',
      code,
      status: 400,
      providerCode: oauthError,
      providerMessage: description,
    });
    expect((error as RunIdCloudError).hint).toMatch(hint);
    expect(google.requests).toHaveLength(1);
  });

  it('refuses a malformed audience before calling', async () => {
    await expect(
      exchangeGoogleStsToken({ audience: 'projects/1/pools/x', subjectToken }),
    ).rejects.toMatchObject({ code: 'invalid_argument', argument: 'audience' });
    expect(
      googleWorkloadIdentityAudience({
        projectNumber: 123456789012,
        pool: 'runid-pool',
        provider: 'runid-provider',
      }),
    ).toBe(AUDIENCE);
    expect(() =>
      googleWorkloadIdentityAudience({
        projectNumber: 'my-project',
        pool: 'runid-pool',
        provider: 'runid-provider',
      }),
    ).toThrow(/numeric/);
  });
});

describe('service-account impersonation', () => {
  it('exchanges, then calls generateAccessToken with the federated token as Bearer', async () => {
    google = await googleServer({});
    const result = await getGoogleAccessToken({
      audience: AUDIENCE,
      subjectToken,
      stsUrl: `${google.url}/v1/token`,
      serviceAccount: SA,
      iamCredentialsUrl: google.url,
      lifetimeSeconds: 1200,
      retry: noWait,
    });
    expect(result.accessToken).toBe('ya29.impersonated');
    expect(result.expiresAt.toISOString()).toBe('2030-01-01T01:00:00.000Z');
    expect(result.federated.accessToken).toBe('federated-1');
    const iam = google.requests[1];
    expect(iam?.path).toBe(`/v1/projects/-/serviceAccounts/${SA}:generateAccessToken`);
    expect(iam?.headers.authorization).toBe('Bearer federated-1');
    expect(iam?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(iam?.body ?? '')).toEqual({
      scope: ['https://www.googleapis.com/auth/cloud-platform'],
      lifetime: '1200s',
    });
  });

  it('maps PERMISSION_DENIED to access_denied naming roles/iam.workloadIdentityUser, and retries UNAVAILABLE', async () => {
    google = await googleServer({
      iam: (i) =>
        i === 0
          ? [
              503,
              {
                error: {
                  code: 503,
                  message: 'The service is currently unavailable.',
                  status: 'UNAVAILABLE',
                },
              },
            ]
          : [
              403,
              {
                error: {
                  code: 403,
                  message:
                    "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).",
                  status: 'PERMISSION_DENIED',
                },
              },
            ],
    });
    const error = await getGoogleAccessToken({
      audience: AUDIENCE,
      subjectToken,
      stsUrl: `${google.url}/v1/token`,
      serviceAccount: SA,
      iamCredentialsUrl: google.url,
      retry: noWait,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'access_denied',
      status: 403,
      providerCode: 'PERMISSION_DENIED',
    });
    expect((error as RunIdCloudError).hint).toMatch(/roles\/iam.workloadIdentityUser/);
    expect(google.requests.map((r) => r.path.startsWith('/v1/projects'))).toEqual([
      false,
      true,
      true,
    ]);
  });
});

describe('external_account configuration', () => {
  it('has a file credential_source and, with a service account, the impersonation URL', () => {
    expect(
      googleExternalAccountConfig({ audience: AUDIENCE, tokenFile: '/run/runid/token' }),
    ).toEqual({
      type: 'external_account',
      audience: AUDIENCE,
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: 'https://sts.googleapis.com/v1/token',
      credential_source: { file: '/run/runid/token', format: { type: 'text' } },
    });
    const impersonating = googleExternalAccountConfig({
      audience: AUDIENCE,
      tokenFile: '/run/runid/token',
      serviceAccount: SA,
      tokenLifetimeSeconds: 1800,
    });
    expect(impersonating.service_account_impersonation_url).toBe(
      `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${SA}:generateAccessToken`,
    );
    expect(impersonating.service_account_impersonation).toEqual({ token_lifetime_seconds: 1800 });
    expect(() =>
      googleExternalAccountConfig({
        audience: AUDIENCE,
        tokenFile: '/t',
        serviceAccount: 'not an email',
      }),
    ).toThrow(/serviceAccount/);
  });
});
