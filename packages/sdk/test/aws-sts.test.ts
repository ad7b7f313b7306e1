import { afterEach, describe, expect, it } from 'vitest';
import {
  assumeRoleWithWebIdentity,
  RunIdArgumentError,
  RunIdCloudError,
  resolveStsEndpoint,
  toCredentialProcessOutput,
} from '../src/index.js';
import { ROLE_ARN, sendXml, stsErrorXml, stsSuccessXml } from './helpers/fake-sts.js';
import { startServer, type TestServer } from './helpers/http-server.js';
import { mintedToken } from './helpers/tokens.js';

let sts: TestServer | undefined;
afterEach(async () => {
  await sts?.close();
  sts = undefined;
});

const token = mintedToken({ iat: 1_700_000_000, lifetimeSeconds: 3600 }).token;
const noWait = { retries: 2, sleep: async () => undefined };

function call(extra: Partial<Parameters<typeof assumeRoleWithWebIdentity>[0]> = {}) {
  return assumeRoleWithWebIdentity({
    roleArn: ROLE_ARN,
    webIdentityToken: token,
    roleSessionName: 'app1',
    env: { AWS_ENDPOINT_URL_STS: sts?.url },
    retry: noWait,
    ...extra,
  });
}

describe('AssumeRoleWithWebIdentity over the Query API', () => {
  it('POSTs exactly the documented, unsigned form and parses the XML credentials', async () => {
    sts = await startServer((_req, res) =>
      sendXml(res, 200, stsSuccessXml({ expiration: '2030-01-02T03:04:05Z' })),
    );
    const creds = await call({ durationSeconds: 1800 });
    expect(sts.requests).toHaveLength(1);
    const req = sts.requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/');
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(req?.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(req?.body))).toEqual({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: ROLE_ARN,
      RoleSessionName: 'app1',
      WebIdentityToken: token,
      DurationSeconds: '1800',
    });
    expect(creds).toMatchObject({
      accessKeyId: 'ASIA0000000000000001',
      secretAccessKey: '0123456789012345678901234567890123456789',
      sessionToken: 'AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE',
      assumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/deployer/app1',
      audience: 'acme',
      requestId: 'ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE',
      region: 'us-east-1',
    });
    expect(creds.expiration.toISOString()).toBe('2030-01-02T03:04:05.000Z');
    expect(toCredentialProcessOutput(creds)).toEqual({
      Version: 1,
      AccessKeyId: 'ASIA0000000000000001',
      SecretAccessKey: '0123456789012345678901234567890123456789',
      SessionToken: 'AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE',
      Expiration: '2030-01-02T03:04:05.000Z',
    });
  });

  it('omits DurationSeconds when not given (STS default) and sends a session policy', async () => {
    sts = await startServer((_req, res) => sendXml(res, 200, stsSuccessXml()));
    await call({ policy: '{"Version":"2012-10-17"}' });
    const form = new URLSearchParams(sts.requests[0]?.body);
    expect(form.has('DurationSeconds')).toBe(false);
    expect(form.get('Policy')).toBe('{"Version":"2012-10-17"}');
  });

  it.each([
    ['InvalidIdentityToken', 400, 'invalid_identity_token', /IAM OIDC identity provider/],
    ['ExpiredTokenException', 400, 'expired_token', /clock/],
    [
      'AccessDenied',
      403,
      'access_denied',
      /trust policy of arn:aws:iam::123456789012:role\/deployer.*aud="acme".*sub="pulumi:deploy/,
    ],
    ['ValidationError', 400, 'cloud_error', /MaxSessionDuration/],
  ])('maps %s to %s with a hint', async (stsCode, status, code, hint) => {
    sts = await startServer((_req, res) =>
      sendXml(res, status, stsErrorXml(stsCode, `${stsCode} happened`)),
    );
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunIdCloudError);
    expect(error).toMatchObject({
      provider: 'aws',
      code,
      status,
      providerCode: stsCode,
      providerMessage: `${stsCode} happened`,
      requestId: 'c6104cbe-af31-11e0-8154-cbc7ccf896c7',
    });
    expect((error as RunIdCloudError).hint).toMatch(hint);
    expect(sts.requests).toHaveLength(1);
  });

  it('retries IDPCommunicationError, then succeeds', async () => {
    sts = await startServer((_req, res, i) =>
      i < 2
        ? sendXml(res, 400, stsErrorXml('IDPCommunicationError', 'could not reach the IdP'))
        : sendXml(res, 200, stsSuccessXml()),
    );
    const creds = await call();
    expect(creds.accessKeyId).toBe('ASIA0000000000000001');
    expect(sts.requests).toHaveLength(3);
  });

  it('gives up on IDPCommunicationError after the retries, with its code', async () => {
    sts = await startServer((_req, res) =>
      sendXml(res, 400, stsErrorXml('IDPCommunicationError', 'could not reach the IdP')),
    );
    await expect(call()).rejects.toMatchObject({ code: 'idp_communication_error' });
    expect(sts.requests).toHaveLength(3);
  });

  it('reports a non-STS answer as invalid_response', async () => {
    sts = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>captive portal</html>');
    });
    await expect(call({ retry: false })).rejects.toMatchObject({
      code: 'invalid_response',
      status: 200,
    });
  });
});

describe('limits checked before the call', () => {
  it.each(['a', 'x'.repeat(65), 'has space', 'semi;colon', 'slash/no'])(
    'refuses RoleSessionName %j without calling STS',
    async (name) => {
      sts = await startServer((_req, res) => sendXml(res, 200, stsSuccessXml()));
      const error = await call({ roleSessionName: name }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RunIdArgumentError);
      expect(error).toMatchObject({ code: 'invalid_argument', argument: 'roleSessionName' });
      expect(sts.requests).toHaveLength(0);
    },
  );

  it.each([899, 43_201, 1000.5])('refuses DurationSeconds %d', async (seconds) => {
    sts = await startServer((_req, res) => sendXml(res, 200, stsSuccessXml()));
    await expect(call({ durationSeconds: seconds })).rejects.toMatchObject({
      argument: 'durationSeconds',
    });
    expect(sts.requests).toHaveLength(0);
  });

  it('accepts the edges: names of 2 and 64 characters, 900 and 43 200 seconds', async () => {
    sts = await startServer((_req, res) => sendXml(res, 200, stsSuccessXml()));
    await call({ roleSessionName: 'ab', durationSeconds: 900 });
    await call({ roleSessionName: `${'a'.repeat(58)}+=,.@-`, durationSeconds: 43_200 });
    expect(sts.requests).toHaveLength(2);
  });

  it('refuses a role ARN that is not an IAM role', async () => {
    await expect(call({ roleArn: 'arn:aws:iam::123:user/bob' })).rejects.toMatchObject({
      argument: 'roleArn',
    });
  });
});

describe('endpoint resolution', () => {
  it('prefers an explicit endpoint, then AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, then the region', () => {
    const env = {
      AWS_ENDPOINT_URL_STS: 'http://sts.local:1/',
      AWS_ENDPOINT_URL: 'http://all.local:2/',
      AWS_REGION: 'eu-west-1',
    };
    expect(resolveStsEndpoint({ env, endpoint: 'http://explicit:3/' }).url).toBe(
      'http://explicit:3/',
    );
    expect(resolveStsEndpoint({ env }).url).toBe('http://sts.local:1/');
    expect(resolveStsEndpoint({ env: { ...env, AWS_ENDPOINT_URL_STS: undefined } }).url).toBe(
      'http://all.local:2/',
    );
    expect(resolveStsEndpoint({ env: { AWS_REGION: 'eu-west-1' } })).toEqual({
      url: 'https://sts.eu-west-1.amazonaws.com/',
      region: 'eu-west-1',
    });
    expect(resolveStsEndpoint({ env: { AWS_DEFAULT_REGION: 'ap-south-2' } }).region).toBe(
      'ap-south-2',
    );
    expect(resolveStsEndpoint({ env: {}, region: 'cn-north-1' }).url).toBe(
      'https://sts.cn-north-1.amazonaws.com.cn/',
    );
    expect(resolveStsEndpoint({ env: {} }).url).toBe('https://sts.us-east-1.amazonaws.com/');
    expect(
      resolveStsEndpoint({ env: { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' } }).url,
    ).toBe('https://sts.eu-west-1.amazonaws.com/');
  });

  it('refuses a region that could redirect the call, and a non-http endpoint', () => {
    expect(() => resolveStsEndpoint({ env: {}, region: 'evil.com/x' })).toThrow(/region/);
    expect(() =>
      resolveStsEndpoint({ env: { AWS_ENDPOINT_URL_STS: 'file:///etc/passwd' } }),
    ).toThrow(/endpoint/);
  });

  it('calls AWS_ENDPOINT_URL when no STS-specific endpoint is set', async () => {
    sts = await startServer((_req, res) => sendXml(res, 200, stsSuccessXml()));
    await call({ env: { AWS_ENDPOINT_URL: `${sts.url}/base/`, AWS_REGION: 'eu-central-1' } });
    expect(sts.requests[0]?.path).toBe('/base/');
  });
});
