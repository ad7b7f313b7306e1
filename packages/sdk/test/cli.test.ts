import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peekJwtPayload } from '../src/jwt-peek.js';
import { runCli } from './helpers/cli.js';
import { API_KEY, RUN_TOKEN, startFakeIssuer } from './helpers/fake-issuer.js';
import { ROLE_ARN, sendXml, stsErrorXml, stsSuccessXml } from './helpers/fake-sts.js';
import { closedPortUrl, send, startServer, type TestServer } from './helpers/http-server.js';

let issuer: TestServer;
let sts: TestServer;
let clouds: TestServer;
let env: Record<string, string>;

const GCP_AUDIENCE =
  '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/runid-pool/providers/runid-provider';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

beforeAll(async () => {
  issuer = await startFakeIssuer();
  sts = await startServer((req, res) => {
    const form = new URLSearchParams(req.body);
    if (form.get('RoleArn')?.endsWith('/denied')) {
      sendXml(
        res,
        403,
        stsErrorXml('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'),
      );
    } else sendXml(res, 200, stsSuccessXml({ expiration: '2030-01-01T00:00:00Z' }));
  });
  clouds = await startServer((req, res) => {
    if (req.path === `/${TENANT}/oauth2/v2.0/token`) {
      send(res, 200, {
        token_type: 'Bearer',
        expires_in: 3599,
        access_token: 'azure-access-token',
      });
    } else if (req.path === '/v1/token') {
      send(res, 200, { access_token: 'google-federated', token_type: 'Bearer', expires_in: 3599 });
    } else send(res, 404, { error: 'not_found' });
  });
  env = {
    RUNID_URL: issuer.url,
    RUNID_API_KEY: API_KEY,
    AWS_ENDPOINT_URL_STS: sts.url,
    // Each run gets its own credential-process cache.
    XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'runid-cache-')),
  };
});

afterAll(async () => {
  await Promise.all([issuer?.close(), sts?.close(), clouds?.close()]);
});

const deployment = [
  '--kind',
  'deployment',
  '--org',
  'acme',
  '--project',
  'web',
  '--stack',
  'prod',
  '--operation',
  'update',
];

function lastIssuerBody(): unknown {
  return JSON.parse(issuer.requests.at(-1)?.body ?? 'null');
}

describe('runid token', () => {
  it('prints the token and nothing else; the body is the contract request', async () => {
    const r = await runCli(['token', ...deployment, '--deployment', '7', '--duration', '15m'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(lastIssuerBody()).toEqual({
      kind: 'deployment',
      org: 'acme',
      project: 'web',
      stack: 'prod',
      operation: 'update',
      deployment: 7,
      duration: '15m',
    });
    expect(issuer.requests.at(-1)?.headers['user-agent']).toMatch(
      /^runid-sdk\/\S+ node\/\S+ runid-cli$/,
    );
  });

  it('reads RUNID_DEPLOYMENT when --deployment is absent, and --json prints the whole answer', async () => {
    const r = await runCli(['token', ...deployment, '--json'], { ...env, RUNID_DEPLOYMENT: '12' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      token: expect.any(String),
      expiresAt: expect.any(String),
      claims: { aud: 'acme' },
    });
    expect(lastIssuerBody()).toMatchObject({ deployment: 12 });
  });

  it('is a usage error (2) when the deployment number is missing or bad, and sends nothing', async () => {
    const before = issuer.requests.length;
    const missing = await runCli(['token', ...deployment], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--deployment or RUNID_DEPLOYMENT');
    const zero = await runCli(['token', ...deployment, '--deployment', '0'], env);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('integer >= 1');
    const badEnv = await runCli(['token', ...deployment], { ...env, RUNID_DEPLOYMENT: 'abc' });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toContain('RUNID_DEPLOYMENT');
    expect(issuer.requests.length).toBe(before);
  });

  it('builds environment requests with repeatable --subject-attribute in order', async () => {
    const r = await runCli(
      [
        'token',
        '--kind',
        'environment',
        '--org',
        'acme',
        '--platform',
        'aws',
        '--current-environment',
        'web/dev',
        '--user',
        'alice',
        '--subject-attribute',
        'currentEnvironment.name',
        '--subject-attribute',
        'pulumi.user.login',
      ],
      env,
    );
    expect(r.code).toBe(0);
    expect(lastIssuerBody()).toEqual({
      kind: 'environment',
      org: 'acme',
      platform: 'aws',
      currentEnvironment: 'web/dev',
      user: 'alice',
      subjectAttributes: ['currentEnvironment.name', 'pulumi.user.login'],
    });
  });

  it('builds oidc requests with nested environments and actor', async () => {
    const r = await runCli(
      [
        'token',
        '--kind',
        'oidc',
        '--org',
        'acme',
        '--org-id',
        'o-1',
        '--current-environment-name',
        'web/dev',
        '--current-environment-id',
        'e-1',
        '--root-environment-name',
        'web/root',
        '--actor-login',
        'alice',
        '--actor-id',
        'u-1',
        '--audience',
        'api://AzureADTokenExchange',
      ],
      env,
    );
    expect(r.code).toBe(0);
    expect(lastIssuerBody()).toEqual({
      kind: 'oidc',
      org: 'acme',
      orgId: 'o-1',
      currentEnvironment: { name: 'web/dev', id: 'e-1' },
      rootEnvironment: { name: 'web/root' },
      actor: { login: 'alice', id: 'u-1' },
      audience: 'api://AzureADTokenExchange',
    });
  });

  it('refuses flags of another kind, unknown choices and a missing URL or key (exit 2)', async () => {
    const foreign = await runCli(
      ['token', ...deployment, '--deployment', '1', '--platform', 'aws'],
      env,
    );
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('--platform: not an input of kind deployment');
    const choice = await runCli(['token', '--kind', 'nope'], env);
    expect(choice.code).toBe(2);
    expect(choice.stderr).toContain('Allowed choices are deployment, environment, oidc');
    const noUrl = await runCli(['token', ...deployment, '--deployment', '1'], {
      RUNID_API_KEY: API_KEY,
    });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('set RUNID_URL');
    const noKey = await runCli(['token', ...deployment, '--deployment', '1'], {
      RUNID_URL: issuer.url,
    });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('RUNID_API_KEY');
  });

  it('exits 1 on a refusal and 5 on a refused key, saying what to fix', async () => {
    const denied = await runCli(
      ['token', ...deployment.map((a) => (a === 'acme' ? 'denied' : a)), '--deployment', '1'],
      env,
    );
    expect(denied.code).toBe(1);
    expect(denied.stdout).toBe('');
    expect(denied.stderr).toContain(
      'the issuer refused (403 grant_denied): no grant allows org "denied"',
    );
    expect(denied.stderr).toContain('hint:');
    expect(denied.stderr).toContain('request id: req-403');
    const invalid = await runCli(
      ['token', ...deployment.map((a) => (a === 'prod' ? 'a:b' : a)), '--deployment', '1'],
      env,
    );
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('stack: must not contain ":"');
    const badKey = await runCli(['token', ...deployment, '--deployment', '1'], {
      ...env,
      RUNID_API_KEY: 'wrong',
    });
    // The shared exit-code table (also runid-issuer's): a refused key is an auth error.
    expect(badKey.code).toBe(5);
    expect(badKey.stderr).toContain('check RUNID_API_KEY');
  });

  it('exits 3 when the issuer cannot be reached', async () => {
    const r = await runCli(['token', ...deployment, '--deployment', '1'], {
      ...env,
      RUNID_URL: await closedPortUrl(),
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('could not reach');
  });

  it('prints help with exit 0', async () => {
    const r = await runCli(['token', '--help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--subject-attribute');
  });
});

describe('runid preview', () => {
  it('prints the preview document', async () => {
    const r = await runCli(['preview', ...deployment, '--deployment', '3'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ claims: { aud: 'acme' }, kind: 'deployment' });
    expect(issuer.requests.at(-1)?.path).toBe('/api/v1/tokens/preview');
  });
});

describe('runid credential-process', () => {
  it('caches the answer (0600, keyed by the inputs): repeated and concurrent calls mint once', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'runid-cp-'));
    const args = [
      'credential-process',
      ...deployment,
      '--deployment',
      '11',
      '--aws-role-arn',
      ROLE_ARN,
      '--cache-dir',
      cacheDir,
    ];
    const before = { issuer: issuer.requests.length, sts: sts.requests.length };
    const results = await Promise.all([runCli(args, env), runCli(args, env), runCli(args, env)]);
    const again = await runCli(args, env);
    for (const r of [...results, again]) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).AccessKeyId).toBe('ASIA0000000000000001');
    }
    expect(issuer.requests.length - before.issuer).toBe(1);
    expect(sts.requests.length - before.sts).toBe(1);
    const files = readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    expect(statSync(join(cacheDir, files[0] as string)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(cacheDir, files[0] as string), 'utf8')).not.toContain(API_KEY);
    // Other inputs, another entry; --no-cache always goes to the issuer.
    await runCli([...args.slice(0, 4), '12', ...args.slice(5)], env);
    expect(issuer.requests.length - before.issuer).toBe(2);
    await runCli([...args, '--no-cache'], env);
    await runCli([...args, '--no-cache'], env);
    expect(issuer.requests.length - before.issuer).toBe(4);
  }, 120_000); // Seven real CLI processes: on a loaded 2-core machine each start can take seconds.

  it('prints the Version 1 answer from STS, with the session named after the token id', async () => {
    const r = await runCli(
      [
        'credential-process',
        ...deployment,
        '--deployment',
        '4',
        '--aws-role-arn',
        ROLE_ARN,
        '--aws-duration',
        '2h',
      ],
      env,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      Version: 1,
      AccessKeyId: 'ASIA0000000000000001',
      SecretAccessKey: '0123456789012345678901234567890123456789',
      SessionToken: 'AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE',
      Expiration: '2030-01-01T00:00:00.000Z',
    });
    const form = new URLSearchParams(sts.requests.at(-1)?.body);
    const jwt = form.get('WebIdentityToken') ?? '';
    expect(form.get('RoleSessionName')).toBe(`runid-${String(peekJwtPayload(jwt)?.jti)}`);
    expect(form.get('DurationSeconds')).toBe('7200');
    expect(form.get('RoleArn')).toBe(ROLE_ARN);
  });

  it('checks AWS limits before minting (exit 2) and maps AccessDenied with its hint (exit 1)', async () => {
    const before = issuer.requests.length;
    const name = await runCli(
      [
        'credential-process',
        ...deployment,
        '--deployment',
        '4',
        '--aws-role-arn',
        ROLE_ARN,
        '--aws-session-name',
        'x',
      ],
      env,
    );
    expect(name.code).toBe(2);
    expect(name.stderr).toContain('roleSessionName');
    const duration = await runCli(
      [
        'credential-process',
        ...deployment,
        '--deployment',
        '4',
        '--aws-role-arn',
        ROLE_ARN,
        '--aws-duration',
        '13h',
      ],
      env,
    );
    expect(duration.code).toBe(2);
    expect(issuer.requests.length).toBe(before);
    const denied = await runCli(
      [
        'credential-process',
        ...deployment,
        '--deployment',
        '4',
        '--aws-role-arn',
        'arn:aws:iam::123456789012:role/denied',
      ],
      env,
    );
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('aws refused the exchange (AccessDenied, access_denied)');
    expect(denied.stderr).toContain('trust policy');
  });
});

describe('runid exec', () => {
  const printEnv = `process.stdout.write(JSON.stringify(process.env)); process.exit(7)`;

  it('runs the command with AWS credentials, without the RunID key, and returns its exit code', async () => {
    const r = await runCli(
      [
        'exec',
        ...deployment,
        '--deployment',
        '5',
        '--aws-role-arn',
        ROLE_ARN,
        '--aws-region',
        'eu-west-1',
        '--',
        process.execPath,
        '-e',
        printEnv,
      ],
      env,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(7);
    const childEnv = JSON.parse(r.stdout) as Record<string, string>;
    expect(childEnv).toMatchObject({
      AWS_ACCESS_KEY_ID: 'ASIA0000000000000001',
      AWS_SECRET_ACCESS_KEY: '0123456789012345678901234567890123456789',
      AWS_SESSION_TOKEN: 'AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE',
      AWS_REGION: 'eu-west-1',
      RUNID_URL: issuer.url,
    });
    expect(childEnv.RUNID_API_KEY).toBeUndefined();
  });

  it('hands Azure and Google SDKs their files, kept fresh while the command runs, removed after', async () => {
    const script = `
      const fs = require('node:fs');
      const e = process.env;
      process.stdout.write(JSON.stringify({
        env: e,
        token: fs.readFileSync(e.AZURE_FEDERATED_TOKEN_FILE, 'utf8'),
        mode: (fs.statSync(e.AZURE_FEDERATED_TOKEN_FILE).mode & 0o777).toString(8),
        gcp: JSON.parse(fs.readFileSync(e.GOOGLE_APPLICATION_CREDENTIALS, 'utf8')),
      }));`;
    const r = await runCli(
      [
        'exec',
        '--kind',
        'oidc',
        '--org',
        'acme',
        '--org-id',
        'o-1',
        '--current-environment-name',
        'web/dev',
        '--current-environment-id',
        'e-1',
        '--root-environment-name',
        'web/dev',
        '--actor-login',
        'alice',
        '--actor-id',
        'u-1',
        '--audience',
        'api://AzureADTokenExchange',
        '--azure-client-id',
        'app-1',
        '--azure-tenant-id',
        TENANT,
        '--gcp-audience',
        GCP_AUDIENCE,
        '--gcp-sts-url',
        `${clouds.url}/v1/token`,
        '--',
        process.execPath,
        '-e',
        script,
      ],
      { ...env, AZURE_AUTHORITY_HOST: clouds.url },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      env: Record<string, string>;
      token: string;
      mode: string;
      gcp: Record<string, unknown>;
    };
    expect(out.env).toMatchObject({
      AZURE_CLIENT_ID: 'app-1',
      AZURE_TENANT_ID: TENANT,
      AZURE_ACCESS_TOKEN: 'azure-access-token',
      AZURE_AUTHORITY_HOST: clouds.url,
      GOOGLE_OAUTH_ACCESS_TOKEN: 'google-federated',
    });
    expect(out.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(out.mode).toBe('600');
    expect(out.gcp).toMatchObject({
      type: 'external_account',
      audience: GCP_AUDIENCE,
      token_url: `${clouds.url}/v1/token`,
      credential_source: { file: out.env.AZURE_FEDERATED_TOKEN_FILE, format: { type: 'text' } },
    });
    expect(existsSync(out.env.AZURE_FEDERATED_TOKEN_FILE as string)).toBe(false);
    const azureForm = new URLSearchParams(
      clouds.requests.find((q) => q.path.includes('oauth2'))?.body,
    );
    expect(azureForm.get('client_assertion')).toBe(out.token);
  });

  it('forwards SIGTERM to the command and exits with its code', async () => {
    const script = `process.on('SIGTERM', () => { process.stdout.write('got SIGTERM'); process.exit(42); });
      process.stdout.write('ready\\n'); setInterval(() => {}, 1000);`;
    const r = await runCli(
      [
        'exec',
        ...deployment,
        '--deployment',
        '5',
        '--aws-role-arn',
        ROLE_ARN,
        '--',
        process.execPath,
        '-e',
        script,
      ],
      env,
      (child, output) => {
        const poll = setInterval(() => {
          if (output.stdout().includes('ready')) {
            clearInterval(poll);
            child.kill('SIGTERM');
          }
        }, 10);
      },
    );
    expect(r.stdout).toContain('got SIGTERM');
    expect(r.code).toBe(42);
  });

  it('reports 128+N when a signal kills the command, 127 when it does not exist', async () => {
    const killed = await runCli(
      [
        'exec',
        ...deployment,
        '--deployment',
        '5',
        '--aws-role-arn',
        ROLE_ARN,
        '--',
        process.execPath,
        '-e',
        "process.kill(process.pid, 'SIGKILL')",
      ],
      env,
    );
    expect(killed.code).toBe(137);
    const before = { issuer: issuer.requests.length, sts: sts.requests.length };
    const missing = await runCli(
      [
        'exec',
        ...deployment,
        '--deployment',
        '5',
        '--aws-role-arn',
        ROLE_ARN,
        '--',
        'runid-no-such-command-xyz',
      ],
      env,
    );
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain('command not found: runid-no-such-command-xyz');
    // Resolved before minting: no token, no exchange.
    expect(issuer.requests.length).toBe(before.issuer);
    expect(sts.requests.length).toBe(before.sts);
    const dir = mkdtempSync(join(tmpdir(), 'runid-exec-'));
    const plain = join(dir, 'not-executable');
    writeFileSync(plain, 'echo hi\n', { mode: 0o644 });
    const notExecutable = await runCli(
      ['exec', ...deployment, '--deployment', '5', '--aws-role-arn', ROLE_ARN, '--', plain],
      env,
    );
    expect(notExecutable.code).toBe(126);
    expect(issuer.requests.length).toBe(before.issuer);
  });

  it('needs a cloud, and half an Azure configuration is a usage error', async () => {
    const none = await runCli(['exec', ...deployment, '--deployment', '5', '--', 'true'], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('exec needs a cloud');
    const half = await runCli(
      ['exec', ...deployment, '--deployment', '5', '--azure-client-id', 'x', '--', 'true'],
      env,
    );
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('--azure-tenant-id');
  });
});

// Inside a run (RUNID_RUN_TOKEN set, as `runid run` and `eval "$(runid run start …)"` leave it):
// the stand-in issuer accepts RUN_TOKEN on /api/v1/tokens, as the real one does for a live run.
describe('inside a run', () => {
  const inRun = () => ({ ...env, RUNID_RUN_TOKEN: RUN_TOKEN });

  it('runid token mints with the run credential and sends only the run choices', async () => {
    const r = await runCli(
      ['token', '--duration', '15m', '--audience', 'sts.amazonaws.com'],
      inRun(),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(issuer.requests.at(-1)?.headers.authorization).toBe(`Bearer ${RUN_TOKEN}`);
    expect(lastIssuerBody()).toEqual({ duration: '15m', audience: 'sts.amazonaws.com' });
  });

  it('an identity flag is a usage error and sends nothing; --api-key mints with the key', async () => {
    const before = issuer.requests.length;
    const r = await runCli(['token', ...deployment, '--deployment', '3'], inRun());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'RUNID_RUN_TOKEN is set, and the run fixes the identity: drop --kind',
    );
    expect(issuer.requests.length).toBe(before);
    const keyed = await runCli(
      ['token', ...deployment, '--deployment', '3', '--api-key', API_KEY],
      inRun(),
    );
    expect(keyed.code).toBe(0);
    expect(issuer.requests.at(-1)?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('runid exec mints with the run credential; its command gets neither the key nor the run credential', async () => {
    const r = await runCli(
      [
        'exec',
        '--aws-role-arn',
        ROLE_ARN,
        '--',
        process.execPath,
        '-e',
        'process.stdout.write(JSON.stringify(process.env))',
      ],
      { ...inRun(), RUNID_API_KEY_FILE: '/run/secrets/key' },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const childEnv = JSON.parse(r.stdout) as Record<string, string>;
    expect(childEnv.AWS_ACCESS_KEY_ID).toBe('ASIA0000000000000001');
    for (const name of ['RUNID_API_KEY', 'RUNID_API_KEY_FILE', 'RUNID_RUN_TOKEN']) {
      expect(childEnv[name], name).toBeUndefined();
    }
    const mint = issuer.requests.filter((q) => q.path === '/api/v1/tokens').at(-1);
    expect(mint?.headers.authorization).toBe(`Bearer ${RUN_TOKEN}`);
    expect(JSON.parse(mint?.body ?? '')).toEqual({});
  });

  it('credential-process mints with the run credential and caches apart from the key', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'runid-cp-run-'));
    const args = ['credential-process', '--aws-role-arn', ROLE_ARN, '--cache-dir', cacheDir];
    const before = issuer.requests.length;
    for (let i = 0; i < 2; i++) {
      const r = await runCli(args, inRun());
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).AccessKeyId).toBe('ASIA0000000000000001');
    }
    const mints = issuer.requests.slice(before);
    expect(mints.map((q) => q.headers.authorization)).toEqual([`Bearer ${RUN_TOKEN}`]);
    const keyed = await runCli([...args, ...deployment, '--deployment', '5'], env);
    expect(keyed.code).toBe(0);
    expect(issuer.requests.length - before).toBe(2);
    expect(readdirSync(cacheDir)).toHaveLength(2);
  });
});
