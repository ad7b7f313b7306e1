// The ceiling: raw jose RS256 signing of a RunID deployment token's claims, in this process, with
// as many signatures in flight as the HTTP targets have connections (WebCrypto signs on the
// libuv threadpool, so both cores sign).
import { randomBytes } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';

const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });

/** The claims a RunID deployment token carries (checked against a real one by the bench). */
export function claims() {
  const iat = Math.floor(Date.now() / 1000);
  return {
    iss: 'http://127.0.0.1:8080/oidc',
    sub: 'pulumi:deploy:org:acme:project:web:stack:dev:operation:update:scope:write',
    aud: 'acme',
    iat,
    nbf: iat,
    exp: iat + 3600,
    jti: randomBytes(16).toString('base64url'),
    org: 'acme',
    project: 'web',
    stack: 'dev',
    stackId: 'acme/web/dev',
    operation: 'update',
    deployment: 42,
    scope: 'write',
  };
}

function sign() {
  return new SignJWT(claims())
    .setProtectedHeader({ alg: 'RS256', kid: 'bench', typ: 'JWT' })
    .sign(privateKey);
}

async function run(total, concurrency) {
  const latencies = new Float64Array(total);
  let issued = 0;
  const worker = async () => {
    while (issued < total) {
      const i = issued++;
      const started = performance.now();
      await sign();
      latencies[i] = performance.now() - started;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seconds: (performance.now() - started) / 1000, latencies };
}

/** Warm-up, then `total` signatures; CPU is this process's (user + system, all threads). */
export async function rawSigning(warmup, total, concurrency) {
  await run(warmup, concurrency);
  const cpu = process.cpuUsage();
  const result = await run(total, concurrency);
  const used = process.cpuUsage(cpu);
  return { ...result, cpuSeconds: (used.user + used.system) / 1e6 };
}
