import { problem, send, startServer, type TestServer } from './http-server.js';
import { mintedToken } from './tokens.js';

export const API_KEY = 'rk_test_client_key';

/**
 * A stand-in issuer speaking the contract's wire format: 201 MintedToken, 200 TokenPreview,
 * problem documents for errors. `org: "denied"` answers grant_denied; a `:` in `stack` answers
 * invalid_claims with a field error.
 */
export function startFakeIssuer(): Promise<TestServer> {
  return startServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${API_KEY}`) {
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
    if (req.method === 'POST' && req.path === '/api/v1/tokens') {
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
