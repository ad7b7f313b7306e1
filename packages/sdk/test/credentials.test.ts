import { createHash, createHmac } from 'node:crypto';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { IdentityPoolClient } from 'google-auth-library';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  createClient,
  createRefreshing,
  fromRunId,
  googleExternalAccountClientOptions,
  RunIdArgumentError,
  RunIdAzureCredential,
  RunIdCloudError,
} from '../src/index.js';
import { API_KEY, startFakeIssuer } from './helpers/fake-issuer.js';
import { ROLE_ARN, STS_NS, sendXml, stsErrorXml } from './helpers/fake-sts.js';
import { type Recorded, send, startServer, type TestServer } from './helpers/http-server.js';
import { deploymentRequest } from './helpers/tokens.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function track(server: Promise<TestServer>): Promise<TestServer> {
  const s = await server;
  servers.push(s);
  return s;
}

const SECRET = 'fakeSecretAccessKey0123456789012345678901';
let sessionCounter = 0;

/** SigV4 verification as STS does it: recompute the signature from the signed headers. */
function sigv4Problem(req: Recorded, accessKeyId: string, secret: string): string | undefined {
  const auth = String(req.headers.authorization ?? '');
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/sts\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) return `malformed Authorization: ${auth}`;
  const [, key, date, region, signedHeaders, signature] = m as unknown as string[];
  if (key !== accessKeyId) return `unknown access key ${key}`;
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const [path, query = ''] = req.path.split('?');
  const canonicalHeaders = (signedHeaders as string)
    .split(';')
    .map(
      (h) =>
        `${h}:${String(req.headers[h] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const canonical = [
    req.method,
    path,
    query,
    canonicalHeaders,
    signedHeaders,
    createHash('sha256').update(req.body).digest('hex'),
  ].join('\n');
  const scope = `${date}/${region}/sts/aws4_request`;
  const toSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  let k: Buffer = createHmac('sha256', `AWS4${secret}`)
    .update(date as string)
    .digest();
  for (const part of [region as string, 'sts', 'aws4_request']) {
    k = createHmac('sha256', k).update(part).digest();
  }
  const expected = createHmac('sha256', k).update(toSign).digest('hex');
  return expected === signature ? undefined : 'SignatureDoesNotMatch';
}

/** A fake STS: AssumeRoleWithWebIdentity (unsigned) hands out sessions; GetCallerIdentity checks SigV4. */
function startFakeSts(lifetimeSeconds = 3600): Promise<TestServer> {
  const sessions = new Map<string, string>(); // access key id → session token
  return startServer((req, res) => {
    const form = new URLSearchParams(req.body);
    const action = form.get('Action');
    if (action === 'AssumeRoleWithWebIdentity') {
      if (form.get('Version') !== '2011-06-15' || form.get('RoleArn') !== ROLE_ARN) {
        sendXml(res, 400, stsErrorXml('ValidationError', 'bad request'));
        return;
      }
      if ((form.get('WebIdentityToken') ?? '').split('.').length !== 3) {
        sendXml(res, 400, stsErrorXml('InvalidIdentityToken', 'not a JWT'));
        return;
      }
      sessionCounter++;
      const id = `ASIAFAKE${String(sessionCounter).padStart(12, '0')}`;
      const token = `session-${sessionCounter}`;
      sessions.set(id, token);
      const expiration = new Date(Date.now() + lifetimeSeconds * 1000).toISOString();
      sendXml(
        res,
        200,
        `<AssumeRoleWithWebIdentityResponse xmlns="${STS_NS}"><AssumeRoleWithWebIdentityResult><Credentials><SessionToken>${token}</SessionToken><SecretAccessKey>${SECRET}</SecretAccessKey><Expiration>${expiration}</Expiration><AccessKeyId>${id}</AccessKeyId></Credentials></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`,
      );
      return;
    }
    if (action === 'GetCallerIdentity') {
      const key = /Credential=([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? '';
      const expectedToken = sessions.get(key);
      if (expectedToken === undefined || req.headers['x-amz-security-token'] !== expectedToken) {
        sendXml(res, 403, stsErrorXml('InvalidClientTokenId', 'The security token is invalid.'));
        return;
      }
      const problem = sigv4Problem(req, key, SECRET);
      if (problem !== undefined) {
        sendXml(res, 403, stsErrorXml('SignatureDoesNotMatch', problem));
        return;
      }
      sendXml(
        res,
        200,
        `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult><Arn>arn:aws:sts::123456789012:assumed-role/deployer/${key}</Arn><UserId>AROA:${key}</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
      return;
    }
    sendXml(res, 400, stsErrorXml('InvalidAction', `unknown ${action}`));
  });
}

describe('fromRunId (AWS)', () => {
  it('is an AwsCredentialIdentityProvider', () => {
    expectTypeOf(fromRunId).returns.toExtend<AwsCredentialIdentityProvider>();
  });

  it('signs real @aws-sdk/client-sts calls; one mint and one exchange for many calls', async () => {
    const issuer = await track(startFakeIssuer());
    const sts = await track(startFakeSts());
    const client = new STSClient({
      region: 'eu-west-1',
      endpoint: sts.url,
      credentials: fromRunId({
        client: { baseUrl: issuer.url, apiKey: API_KEY },
        request: deploymentRequest,
        roleArn: ROLE_ARN,
        endpoint: sts.url,
        region: 'eu-west-1',
      }),
    });
    const answers = await Promise.all(
      [1, 2, 3].map(() => client.send(new GetCallerIdentityCommand({}))),
    );
    const again = await client.send(new GetCallerIdentityCommand({}));
    for (const a of [...answers, again]) expect(a.Account).toBe('123456789012');
    expect(issuer.requests).toHaveLength(1);
    const actions = sts.requests.map((r) => new URLSearchParams(r.body).get('Action'));
    expect(actions.filter((a) => a === 'AssumeRoleWithWebIdentity')).toHaveLength(1);
    expect(actions.filter((a) => a === 'GetCallerIdentity')).toHaveLength(4);
    const assume = sts.requests.find((r) => r.body.includes('AssumeRoleWithWebIdentity'));
    expect(new URLSearchParams(assume?.body).get('RoleSessionName')).toMatch(/^runid-jti\d+$/);
  });

  it('the fake STS refuses a tampered signature (the check can fail)', async () => {
    const sts = await track(startFakeSts());
    const client = new STSClient({
      region: 'eu-west-1',
      endpoint: sts.url,
      credentials: async () => {
        const provider = fromRunId({
          client: { baseUrl: (await track(startFakeIssuer())).url, apiKey: API_KEY },
          request: deploymentRequest,
          roleArn: ROLE_ARN,
          endpoint: sts.url,
        });
        return { ...(await provider()), secretAccessKey: 'wrong' };
      },
    });
    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
  });

  it('refreshes before expiry: a session inside the margin is exchanged again', async () => {
    const issuer = await track(startFakeIssuer());
    const sts = await track(startFakeSts(600)); // 10 min sessions, 5 min margin
    let now = Date.now();
    const provider = fromRunId({
      client: { baseUrl: issuer.url, apiKey: API_KEY },
      request: deploymentRequest,
      roleArn: ROLE_ARN,
      endpoint: sts.url,
      clock: () => now,
    });
    const first = await provider();
    expect(await provider()).toBe(first);
    now += 6 * 60_000;
    const second = await provider();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(second.expiration).toBeInstanceOf(Date);
  });

  it('typed errors: STS refusal is a RunIdCloudError; a failure is not cached', async () => {
    const issuer = await track(startFakeIssuer());
    let refuse = true;
    const sts = await track(
      startServer((_req, res) => {
        if (refuse) sendXml(res, 403, stsErrorXml('AccessDenied', 'Not authorized'));
        else sendXml(res, 400, stsErrorXml('ValidationError', 'x'));
      }),
    );
    const provider = fromRunId({
      client: { baseUrl: issuer.url, apiKey: API_KEY },
      request: deploymentRequest,
      roleArn: ROLE_ARN,
      endpoint: sts.url,
    });
    await expect(provider()).rejects.toMatchObject({ code: 'access_denied', provider: 'aws' });
    refuse = false;
    await expect(provider()).rejects.toBeInstanceOf(RunIdCloudError);
    expect(sts.requests).toHaveLength(2);
  });

  it('checks arguments before anything is sent', () => {
    expect(() =>
      fromRunId({
        tokens: {
          getToken: async () => {
            throw new Error('no');
          },
          invalidate() {},
          peek: () => undefined,
        },
        roleArn: 'deployer',
      }),
    ).toThrow(RunIdArgumentError);
    expect(() =>
      fromRunId({
        request: deploymentRequest,
        client: { baseUrl: 'http://127.0.0.1:1' },
        roleArn: ROLE_ARN,
        durationSeconds: 60,
      }),
    ).toThrow(/durationSeconds/);
  });
});

describe('RunIdAzureCredential', () => {
  it('is a TokenCredential and caches per scope', async () => {
    expectTypeOf<RunIdAzureCredential>().toExtend<TokenCredential>();
    expectTypeOf<Awaited<ReturnType<RunIdAzureCredential['getToken']>>>().toExtend<AccessToken>();
    const issuer = await track(startFakeIssuer());
    const entra = await track(
      startServer((req, res) => {
        const form = new URLSearchParams(req.body);
        if (
          req.path !== '/tenant-1/oauth2/v2.0/token' ||
          form.get('grant_type') !== 'client_credentials' ||
          form.get('client_assertion_type') !==
            'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' ||
          form.get('client_id') !== 'app-1'
        ) {
          send(res, 400, { error: 'invalid_request', error_description: 'AADSTS900144: bad' });
          return;
        }
        send(res, 200, {
          token_type: 'Bearer',
          expires_in: 3599,
          access_token: `at-${form.get('scope')}`,
        });
      }),
    );
    const credential = new RunIdAzureCredential({
      client: createClient({ baseUrl: issuer.url, apiKey: API_KEY }),
      request: deploymentRequest,
      tenantId: 'tenant-1',
      clientId: 'app-1',
      authorityHost: entra.url,
    });
    const [a, b] = await Promise.all([
      credential.getToken('https://vault.azure.net/.default'),
      credential.getToken(['https://vault.azure.net/.default']),
    ]);
    expect(a).toBe(b);
    expect(a.token).toBe('at-https://vault.azure.net/.default');
    expect(a.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3500_000);
    const other = await credential.getToken('https://management.azure.com/.default');
    expect(other.token).toBe('at-https://management.azure.com/.default');
    expect(entra.requests).toHaveLength(2);
    expect(issuer.requests).toHaveLength(1);
    await expect(credential.getToken([])).rejects.toBeInstanceOf(RunIdArgumentError);
  });

  it('a refused assertion is a typed cloud error', async () => {
    const issuer = await track(startFakeIssuer());
    const entra = await track(
      startServer((_req, res) =>
        send(res, 400, {
          error: 'invalid_client',
          error_description: 'AADSTS700213: No matching federated identity record found',
          error_codes: [700213],
        }),
      ),
    );
    const credential = new RunIdAzureCredential({
      client: { baseUrl: issuer.url, apiKey: API_KEY },
      request: deploymentRequest,
      tenantId: 'tenant-1',
      clientId: 'app-1',
      authorityHost: entra.url,
    });
    await expect(credential.getToken('api://x/.default')).rejects.toBeInstanceOf(RunIdCloudError);
  });
});

describe('google-auth-library IdentityPoolClient fed by RunID', () => {
  it('exchanges the RunID token at (a local) Google STS', async () => {
    const issuer = await track(startFakeIssuer());
    const audience =
      '//iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/runid/providers/runid';
    const gsts = await track(
      startServer((req, res) => {
        const form = new URLSearchParams(req.body);
        if (
          form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:token-exchange' ||
          form.get('subject_token_type') !== 'urn:ietf:params:oauth:token-type:jwt' ||
          form.get('audience') !== audience ||
          (form.get('subject_token') ?? '').split('.').length !== 3
        ) {
          send(res, 400, { error: 'invalid_request', error_description: 'bad' });
          return;
        }
        send(res, 200, {
          access_token: 'ya29.federated',
          issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          token_type: 'Bearer',
          expires_in: 3600,
        });
      }),
    );
    const options = googleExternalAccountClientOptions({
      client: { baseUrl: issuer.url, apiKey: API_KEY },
      request: deploymentRequest,
      audience,
      tokenUrl: `${gsts.url}/v1/token`,
    });
    const google = new IdentityPoolClient(options);
    const { token } = await google.getAccessToken();
    expect(token).toBe('ya29.federated');
    expect(gsts.requests).toHaveLength(1);
    expect(issuer.requests).toHaveLength(1);
  });
});

describe('createRefreshing', () => {
  it('refuses a negative margin', () => {
    expect(() =>
      createRefreshing(async () => ({ value: 1, expiresAt: 0 }), { refreshMarginMs: -1 }),
    ).toThrow(RunIdArgumentError);
  });
});

describe('createClient defaults and durations', () => {
  it('reads RUNID_URL and RUNID_API_KEY; sends duration 900 as 15m', async () => {
    const issuer = await track(startFakeIssuer());
    const client = createClient({ env: { RUNID_URL: issuer.url, RUNID_API_KEY: API_KEY } });
    await client.mintToken({ ...deploymentRequest, duration: 900 });
    expect(JSON.parse(issuer.requests[0]?.body ?? '{}').duration).toBe('15m');
    await expect(client.mintToken({ ...deploymentRequest, duration: 1.5 })).rejects.toBeInstanceOf(
      RunIdArgumentError,
    );
    await expect(client.mintToken({ ...deploymentRequest, duration: 0 })).rejects.toThrow(
      /seconds/,
    );
    expect(issuer.requests).toHaveLength(1);
  });

  it('without a URL anywhere it says what to set', () => {
    expect(() => createClient({ env: {} })).toThrow(/RUNID_URL/);
  });
});
