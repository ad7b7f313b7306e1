import { assumeRoleWithWebIdentity, createClient, createTokenSource } from '../src/index.js';

const client = createClient({
  baseUrl: process.env.RUNID_URL ?? 'http://localhost:8080', // e.g. https://id.example.com
  apiKey: process.env.RUNID_API_KEY, // a client key
  timeoutMs: 10_000, // per attempt, request and body
  retry: { retries: 2 }, // network errors, 429, 503 only (see below)
});

// Reuses the token until max(20 % of its lifetime, 5 min) remains; concurrent callers share one mint.
const tokens = createTokenSource(client, {
  kind: 'deployment',
  org: 'acme',
  project: 'web',
  stack: 'prod',
  operation: 'update',
  deployment: 42,
  duration: '15m',
});

const minted = await tokens.getToken();
const aws = await assumeRoleWithWebIdentity({
  roleArn: 'arn:aws:iam::123456789012:role/deployer',
  webIdentityToken: minted.token,
  roleSessionName: `runid-${minted.claims.jti}`, // 2–64 of [\w+=,.@-], checked before the call
  durationSeconds: 3600, // 900–43 200, checked before the call
  region: 'eu-west-1', // else AWS_REGION / AWS_DEFAULT_REGION / us-east-1
});
console.log(aws.accessKeyId, aws.expiration);
