// Verifications per second with a warm cache, 32 concurrent promise chains, on the same RS256
// tokens, for @runid/verifier (dist) and the usual alternatives — all measured in this run.
//   pnpm run build && pnpm run bench        (BENCH_COUNT / BENCH_ROUNDS / BENCH_CONCURRENCY to tune)
import { createPublicKey } from 'node:crypto';
import { createServer } from 'node:http';
import { JwtVerifier } from 'aws-jwt-verify';
import { createVerifier as createFastJwtVerifier } from 'fast-jwt';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import jwt from 'jsonwebtoken';
import jwksRsa from 'jwks-rsa';
import { createVerifier } from '../dist/index.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const COUNT = Number(process.env.BENCH_COUNT ?? 4_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const WARMUP = 3_000;
const TOKENS = 64;
const GOAL = 0.95;

// --- keys, JWKS server, tokens -------------------------------------------------------------------
const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
const otherKey = (await generateKeyPair('RS256')).privateKey;
const kid = 'bench-key-1';
const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
const jwks = { keys: [jwk] };
let jwksHits = 0;
const server = createServer((req, res) => {
  jwksHits++;
  if (req.url === '/oidc/.well-known/jwks') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=900' });
    res.end(JSON.stringify(jwks));
  } else {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const issuer = `${origin}/oidc`;
const jwksUri = `${issuer}/.well-known/jwks`;
const audience = 'acme';

const now = Math.floor(Date.now() / 1000);
async function deploymentToken(i, key = privateKey) {
  const stack = `stack-${i}`;
  return new SignJWT({
    org: 'acme',
    project: 'web',
    stack,
    stackId: `acme/web/${stack}`,
    operation: 'update',
    deployment: i + 1,
    scope: 'write',
  })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setSubject(`pulumi:deploy:org:acme:project:web:stack:${stack}:operation:update:scope:write`)
    .setAudience(audience)
    .setIssuedAt(now - 5)
    .setNotBefore(now - 5)
    .setExpirationTime(now + 3600)
    .setJti(`jti-${i}`)
    .sign(key);
}
const tokens = await Promise.all(Array.from({ length: TOKENS }, (_, i) => deploymentToken(i)));
const forged = await deploymentToken(0, otherKey);

// --- contenders (each returns something truthy on success, throws or returns falsy otherwise) ----
const runidVerifier = createVerifier({
  issuers: [{ issuer, audience, algorithms: ['RS256'], jwksUri }],
  clockTolerance: 30,
});
const runidAnyVerifier = createVerifier({
  issuers: [{ issuer, audience, algorithms: ['RS256'], jwksUri, claims: 'any' }],
  clockTolerance: 30,
});
const joseOptions = { issuer, audience, algorithms: ['RS256'], clockTolerance: 30 };

const jwksClient = jwksRsa({ jwksUri, cache: true, rateLimit: false });
const jsonwebtokenOptions = { algorithms: ['RS256'], issuer, audience, clockTolerance: 30 };
const getKey = (header, callback) =>
  jwksClient.getSigningKey(header.kid).then(
    (key) => callback(null, key.getPublicKey()),
    (error) => callback(error),
  );

const pemByKid = new Map(
  jwks.keys.map((key) => [
    key.kid,
    createPublicKey({ key, format: 'jwk' }).export({ type: 'spki', format: 'pem' }),
  ]),
);
const fastJwt = createFastJwtVerifier({
  key: async ({ header }) => pemByKid.get(header.kid),
  algorithms: ['RS256'],
  allowedIss: issuer,
  allowedAud: audience,
  clockTolerance: 30_000,
  cache: false,
});

const awsVerifier = JwtVerifier.create({ issuer, audience, jwksUri });
awsVerifier.cacheJwks(jwks);

const contenders = {
  'jose jwtVerify (imported key, baseline)': (token) => jwtVerify(token, publicKey, joseOptions),
  '@runid/verifier': async (token) => {
    const result = await runidVerifier.verify(token);
    if (!result.ok) throw new Error(result.code);
    return result;
  },
  "@runid/verifier (claims: 'any')": async (token) => {
    const result = await runidAnyVerifier.verify(token);
    if (!result.ok) throw new Error(result.code);
    return result;
  },
  'jsonwebtoken + jwks-rsa': (token) =>
    new Promise((resolve, reject) =>
      jwt.verify(token, getKey, jsonwebtokenOptions, (error, payload) =>
        error ? reject(error) : resolve(payload),
      ),
    ),
  'fast-jwt (cache off)': (token) => fastJwt(token),
  'aws-jwt-verify (hydrated JWKS)': (token) => awsVerifier.verify(token),
};

// --- harness ---------------------------------------------------------------------------------------
const cpu = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
async function run(verify, count, name) {
  let next = 0;
  const cpuStart = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const token = tokens[next++ % TOKENS];
        if (!(await verify(token))) throw new Error('verification returned nothing');
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpuStart);
  if (name) cpu[name].push((used.user + used.system) / count);
  return count / seconds;
}

// Each contender must accept every token and refuse a forgery, or its rate means nothing.
for (const [name, verify] of Object.entries(contenders)) {
  for (const token of tokens) await verify(token);
  let refused = false;
  try {
    await verify(forged);
  } catch {
    refused = true;
  }
  if (!refused) throw new Error(`${name} accepted a forged token`);
  await run(verify, WARMUP);
}

const names = Object.keys(contenders);
const rates = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order so no contender always runs first or last.
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + round) % names.length];
    rates[name].push(await run(contenders[name], COUNT, name));
  }
}
server.close();

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const baselineName = names[0];
const baseline = median(rates[baselineName]);
const ours = median(rates['@runid/verifier']);
console.log(
  `\nRS256, ${TOKENS} distinct tokens, warm cache, ${CONCURRENCY} concurrent chains, ${COUNT} verifications x ${ROUNDS} rounds (median), node ${process.version}\n`,
);
console.log(
  `${'contender'.padEnd(42)} ${'verif/s'.padStart(9)}  ${'vs jose'.padStart(8)}  ${'runid vs it'.padStart(11)}  ${'CPU µs/verif'.padStart(12)}`,
);
for (const name of names) {
  const rate = median(rates[name]);
  console.log(
    `${name.padEnd(42)} ${rate.toFixed(0).padStart(9)}  ${(rate / baseline).toFixed(3).padStart(7)}x  ${(ours / rate).toFixed(3).padStart(10)}x  ${median(cpu[name]).toFixed(1).padStart(12)}`,
  );
}
const others = names.filter((name) => name !== baselineName && !name.startsWith('@runid'));
const ahead = others.every((name) => ours > median(rates[name]));
const ratio = ours / baseline;
const cpuRatio = median(cpu[baselineName]) / median(cpu['@runid/verifier']);
console.log(
  `\ngoal: @runid/verifier >= ${GOAL}x bare jose and ahead of every other: ${ratio.toFixed(3)}x jose by rate (${ratio >= GOAL ? 'met' : 'NOT met'}), ${cpuRatio.toFixed(3)}x by CPU time per verification, ${ahead ? 'ahead of all others' : `NOT ahead of ${others.filter((name) => ours <= median(rates[name])).join(', ')}`}`,
);
console.log(`JWKS requests during the whole run: ${jwksHits} (warm cache)`);
