// pnpm bench: HTTP mint throughput vs raw in-process RS256 signing of the same claims, same run.
// The issuer runs as its own process (`dist/cli.js serve`, embedded store in a temp dir) so the
// load generator does not share its event loop.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { exportJWK, generateKeyPair, importJWK } from 'jose';
import { LocalSigner } from '../dist/keys/signer.js';

const CONNECTIONS = 32;
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const BODY = JSON.stringify({
  kind: 'deployment',
  org: 'acme',
  project: 'web',
  stack: 'dev',
  operation: 'update',
  deployment: 42,
});

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitReady(url, child) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the issuer exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the issuer did not become ready');
}

function run(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) =>
      error ? reject(error) : resolve(result),
    );
    instance.on('error', reject);
  });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function benchHttp() {
  const dataDir = mkdtempSync(join(tmpdir(), 'runid-bench-'));
  const port = await freePort();
  const adminKey = `rid_admin_${randomBytes(32).toString('base64url')}`;
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('../dist/cli.js', import.meta.url)), 'serve'],
    {
      env: {
        ...process.env,
        RUNID_PORT: String(port),
        RUNID_DATA_DIR: dataDir,
        RUNID_KEK: randomBytes(32).toString('base64'),
        RUNID_BOOTSTRAP_ADMIN_KEY: adminKey,
        RUNID_LOG_LEVEL: process.env.RUNID_LOG_LEVEL ?? 'info',
        ...(process.env.BENCH_SERVER_THREADPOOL && {
          UV_THREADPOOL_SIZE: process.env.BENCH_SERVER_THREADPOOL,
        }),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  // The start banner goes to stderr; show it only when the issuer fails.
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  try {
    await waitReady(url, child).catch((error) => {
      process.stderr.write(stderr);
      throw error;
    });
    const created = await fetch(`${url}/api/v1/admin/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] }),
    });
    const { key } = await created.json();
    const options = {
      url: `${url}/api/v1/tokens`,
      method: 'POST',
      connections: CONNECTIONS,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: BODY,
    };
    await run({ ...options, amount: WARMUP });
    const result = await run({ ...options, amount: REQUESTS });
    const non2xx = result.non2xx + result.errors;
    if (non2xx > 0) throw new Error(`${non2xx} mint requests failed`);
    return {
      perSecond: REQUESTS / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchRawSigning() {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  const key = await importJWK(await exportJWK(privateKey), 'RS256', { extractable: false });
  const signer = new LocalSigner(key, {
    kty: 'RSA',
    kid: 'bench',
    use: 'sig',
    alg: 'RS256',
    n: jwk.n,
    e: jwk.e,
  });
  const claims = () => {
    const iat = Math.floor(Date.now() / 1000);
    return {
      iss: 'http://localhost:8080/oidc',
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
  };
  const runOps = async (total) => {
    const latencies = [];
    let next = 0;
    const worker = async () => {
      while (next < total) {
        next++;
        const started = performance.now();
        await signer.sign(claims());
        latencies.push(performance.now() - started);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    return { seconds: (performance.now() - started) / 1000, latencies };
  };
  await runOps(WARMUP);
  const { seconds, latencies } = await runOps(REQUESTS);
  latencies.sort((a, b) => a - b);
  return {
    perSecond: REQUESTS / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

const raw = await benchRawSigning();
const http = await benchHttp();
const fmt = (n) => n.toFixed(1).padStart(9);
console.log(
  `\nmint benchmark: ${REQUESTS} requests after ${WARMUP} warm-up, concurrency ${CONNECTIONS}`,
);
console.log(
  `machine: ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (the load generator shares these cores)\n`,
);
console.log('                         tokens/s   p50 ms   p99 ms');
console.log(`raw RS256 signing     ${fmt(raw.perSecond)} ${fmt(raw.p50)}${fmt(raw.p99)}`);
console.log(`HTTP POST /api/v1/tokens${fmt(http.perSecond)} ${fmt(http.p50)}${fmt(http.p99)}`);
const ratio = http.perSecond / raw.perSecond;
console.log(`\nratio HTTP / raw: ${ratio.toFixed(2)} (goal >= 0.80)`);
