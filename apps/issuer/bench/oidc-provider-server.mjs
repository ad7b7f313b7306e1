// The bench's reference issuer: oidc-provider 8.8.1 as a client_credentials issuer of RS256 JWT
// access tokens carrying the same custom claims as a RunID deployment token. Its own process:
// `node oidc-provider-server.mjs <port>`; reads BENCH_CLIENT_SECRET; prints `ready` on stdout.
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const secret = process.env.BENCH_CLIENT_SECRET;
if (!Number.isInteger(port) || !secret) {
  console.error('usage: BENCH_CLIENT_SECRET=… node oidc-provider-server.mjs <port>');
  process.exit(2);
}

const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'bench' };

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: 'bench',
      client_secret: secret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: 'deploy',
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: [secret] },
  ttl: { ClientCredentials: 3600 },
  scopes: ['deploy'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:runid:bench',
      getResourceServerInfo: () => ({
        scope: 'deploy',
        audience: 'acme',
        accessTokenTTL: 3600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  // The claims a RunID deployment token carries besides the registered ones.
  extraTokenClaims: () => ({
    org: 'acme',
    project: 'web',
    stack: 'dev',
    stackId: 'acme/web/dev',
    operation: 'update',
    deployment: 42,
  }),
});

provider.listen(port, '127.0.0.1', () => {
  process.stdout.write('ready\n');
});
