import { problem, send, startServer, type TestServer } from './http-server.js';
import { mintedToken } from './tokens.js';

export const API_KEY = 'rk_test_client_key';
/** The credential of the one run the stand-in creates (`POST /api/v1/runs` → `run_fake`). */
export const RUN_TOKEN = 'rid_run_fake';

/**
 * A stand-in issuer speaking the contract's wire format: 201 MintedToken, 200 TokenPreview,
 * problem documents for errors. `org: "denied"` answers grant_denied; a `:` in `stack` answers
 * invalid_claims with a field error. `POST /api/v1/runs` creates run `run_fake`, whose credential
 * {@link RUN_TOKEN} mints and finishes it.
 */
export function startFakeIssuer(): Promise<TestServer> {
  return startServer((req, res) => {
    const asRun = req.headers.authorization === `Bearer ${RUN_TOKEN}`;
    const runPath = req.path === '/api/v1/tokens' || req.path === '/api/v1/runs/run_fake/finish';
    if (req.headers.authorization !== `Bearer ${API_KEY}` && !(asRun && runPath)) {
      problem(
        res,
        401,
        'unauthorized',
        'unknown key',
        { requestId: 'req-401' },
        { 'www-authenticate': 'Bearer' },
      );
      return;
    }
    const body = JSON.parse(req.body || '{}') as Record<string, unknown>;
    if (body.org === 'denied') {
      problem(res, 403, 'grant_denied', 'no grant allows org "denied"', { requestId: 'req-403' });
      return;
    }
    if (typeof body.stack === 'string' && body.stack.includes(':')) {
      problem(res, 400, 'invalid_claims', 'the request has invalid claims', {
        errors: [{ path: 'stack', code: 'invalid_characters', message: 'must not contain ":"' }],
      });
      return;
    }
    const aud = typeof body.audience === 'string' ? body.audience : String(body.org);
    const run = {
      id: 'run_fake',
      clientId: 'client_fake',
      state: 'running',
      identity: body.identity,
      createdAt: new Date().toISOString(),
      deadline: new Date(Date.now() + 3_600_000).toISOString(),
    };
    if (req.method === 'POST' && req.path === '/api/v1/runs') {
      send(res, 201, { ...run, credential: RUN_TOKEN }, { 'cache-control': 'no-store' });
    } else if (req.method === 'POST' && req.path === '/api/v1/runs/run_fake/finish') {
      send(res, 200, { ...run, state: body.outcome, endedAt: new Date().toISOString() });
    } else if (req.method === 'POST' && req.path === '/api/v1/tokens') {
      send(
        res,
        201,
        mintedToken({ iat: Math.floor(Date.now() / 1000), lifetimeSeconds: 3600, aud }),
        {
          'cache-control': 'no-store',
        },
      );
    } else if (req.method === 'POST' && req.path === '/api/v1/tokens/preview') {
      send(res, 200, {
        claims: { iss: 'https://id.example.com/oidc', sub: 'pulumi:x', aud },
        kind: body.kind,
        issuer: 'v1',
        lifetimeSeconds: 3600,
      });
    } else {
      problem(res, 404, 'not_found', `no route ${req.path}`);
    }
  });
}
