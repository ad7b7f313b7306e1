import { afterEach, describe, expect, it } from 'vitest';
import { isKeyVariable } from '../src/cli/run-env.js';
import { createClient, RunIdApiError, RunIdArgumentError, runTokenSource } from '../src/index.js';
import { problem, send, startServer, type TestServer } from './helpers/http-server.js';
import { deploymentRequest, mintedToken } from './helpers/tokens.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const RUN_TOKEN = 'rid_run_aaaa';
const KEY = 'rid_client_bbbb';

/** Mints for any credential; a run credential after `ended` answers run_ended, as the issuer does. */
async function issuer(options: { ended?: boolean } = {}) {
  server = await startServer((req, res) => {
    const bearer = req.headers.authorization;
    if (req.path === '/api/v1/tokens' && req.method === 'POST') {
      if (options.ended && bearer === `Bearer ${RUN_TOKEN}`) {
        problem(res, 403, 'run_ended', 'The run has ended.');
      } else
        send(res, 201, mintedToken({ iat: Math.floor(Date.now() / 1000), lifetimeSeconds: 3600 }));
    } else if (req.path === '/api/v1/runs' && req.method === 'POST') {
      send(res, 201, { echo: JSON.parse(req.body) });
    } else problem(res, 404, 'not_found', 'no route');
  });
  return server;
}

describe('createClient: the run credential', () => {
  it('RUNID_RUN_TOKEN wins over RUNID_API_KEY; an explicit apiKey wins over both', async () => {
    const s = await issuer();
    const env = { RUNID_URL: s.url, RUNID_API_KEY: KEY, RUNID_RUN_TOKEN: RUN_TOKEN };
    await createClient({ env }).mintToken({});
    await createClient({ env, apiKey: KEY }).mintToken(deploymentRequest);
    await createClient({ env: { RUNID_URL: s.url, RUNID_API_KEY: KEY } }).mintToken(
      deploymentRequest,
    );
    await createClient({ baseUrl: s.url, runToken: RUN_TOKEN, env: {} }).mintToken({
      audience: 'sts.amazonaws.com',
      duration: 600,
    });
    expect(s.requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${RUN_TOKEN}`,
      `Bearer ${KEY}`,
      `Bearer ${KEY}`,
      `Bearer ${RUN_TOKEN}`,
    ]);
    expect(JSON.parse(s.requests[3]?.body ?? '')).toEqual({
      audience: 'sts.amazonaws.com',
      duration: '10m',
    });
  });

  it('apiKey and runToken together, or a blank run credential, are argument errors', () => {
    const base = { baseUrl: 'http://127.0.0.1:9', env: {} };
    expect(() => createClient({ ...base, apiKey: KEY, runToken: RUN_TOKEN })).toThrow(
      /apiKey or runToken, not both/,
    );
    for (const runToken of [' ', 'rid_run_a\nx']) {
      expect(() => createClient({ ...base, runToken })).toThrow(RunIdArgumentError);
    }
  });

  it('createRun sends a deadline in the contract spelling and refuses a non-duration before sending', async () => {
    const s = await issuer();
    const client = createClient({ baseUrl: s.url, apiKey: KEY, env: {} });
    const identity = { ...deploymentRequest, deployment: undefined };
    delete identity.deployment;
    for (const [deadline, wire] of [
      [7200, '2h'],
      ['90m', '1h30m'],
      ['1d', '24h'],
    ] as const) {
      const answer = (await client.createRun({ identity, deadline })) as unknown as {
        echo: { deadline: string };
      };
      expect(answer.echo.deadline).toBe(wire);
    }
    await expect(client.createRun({ identity, deadline: 'soon' })).rejects.toThrow(
      /deadline: must be a duration/,
    );
    expect(s.requests).toHaveLength(3);
  });
});

describe('runTokenSource', () => {
  it('mints with RUNID_RUN_TOKEN, sends only the run choices, and reuses a fresh token', async () => {
    const s = await issuer();
    const tokens = runTokenSource({
      env: { RUNID_URL: s.url, RUNID_RUN_TOKEN: RUN_TOKEN, RUNID_API_KEY: KEY },
      request: { platform: 'aws', subjectAttributes: ['pulumi.user.login'] },
    });
    const [a, b] = await Promise.all([tokens.getToken(), tokens.getToken()]);
    expect(a).toBe(b);
    expect(await tokens.getToken()).toBe(a);
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]?.headers.authorization).toBe(`Bearer ${RUN_TOKEN}`);
    expect(JSON.parse(s.requests[0]?.body ?? '')).toEqual({
      platform: 'aws',
      subjectAttributes: ['pulumi.user.login'],
    });
  });

  it('without a run credential it says what to set; an ended run rejects with run_ended', async () => {
    expect(() =>
      runTokenSource({ baseUrl: 'http://127.0.0.1:9', env: { RUNID_API_KEY: KEY } }),
    ).toThrow(/RUNID_RUN_TOKEN/);
    const s = await issuer({ ended: true });
    const error = await runTokenSource({ baseUrl: s.url, runToken: RUN_TOKEN, env: {} })
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunIdApiError);
    expect((error as RunIdApiError).code).toBe('run_ended');
  });
});

describe('the command of runid run / exec loses every key variable', () => {
  it.each([
    ['RUNID_API_KEY', true],
    ['RUNID_API_KEY_FILE', true],
    ['RUNID_BOOTSTRAP_ADMIN_KEY', true],
    ['RUNID_BOOTSTRAP_ADMIN_KEY_FILE', true],
    ['RUNID_KEK', true],
    ['RUNID_KEK_PREVIOUS', true],
    ['RUNID_URL', false],
    ['RUNID_RUN_ID', false],
    ['RUNID_DEPLOYMENT', false],
    ['RUNID_KEYS_DIR', false],
    ['API_KEY', false],
  ])('%s removed: %s', (name, removed) => {
    expect(isKeyVariable(name)).toBe(removed);
  });
});
