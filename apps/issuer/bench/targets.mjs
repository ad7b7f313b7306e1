// The bench's targets, each started fresh as its own process(es): RunID on the embedded store,
// RunID on PostgreSQL (one or two processes on one throwaway database), and oidc-provider.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createDatabase,
  dropDatabase,
  freePort,
  removeDir,
  spawnServer,
  stopServer,
  tempDir,
  waitFor,
} from './processes.mjs';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const OIDC_PROVIDER = fileURLToPath(new URL('./oidc-provider-server.mjs', import.meta.url));

/** The deployment token every RunID target mints. */
export const RUNID_BODY = {
  kind: 'deployment',
  org: 'acme',
  project: 'web',
  stack: 'dev',
  operation: 'update',
  deployment: 42,
};

/** The child's environment: this machine's, minus any RunID or PostgreSQL setting of the caller. */
function baseEnv() {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('RUNID_') && name !== 'DATABASE_URL') env[name] = value;
  }
  return env;
}

async function ready(url) {
  const response = await fetch(url);
  await response.arrayBuffer();
  return response.ok;
}

async function startRunid(extraEnv, shared) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawnServer([CLI, 'serve'], {
    ...baseEnv(),
    RUNID_PORT: String(port),
    RUNID_HOST: '127.0.0.1',
    RUNID_KEK: shared.kek,
    RUNID_BOOTSTRAP_ADMIN_KEY: shared.adminKey,
    RUNID_LOG_LEVEL: 'info',
    ...extraEnv,
  });
  await waitFor(() => ready(`${origin}/readyz`), child, 'the RunID issuer');
  return { origin, child };
}

async function createClient(origin, adminKey) {
  const response = await fetch(`${origin}/api/v1/admin/clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] }),
  });
  if (response.status !== 201) throw new Error(`creating the bench client: ${response.status}`);
  return (await response.json()).key;
}

function runidRequest(key) {
  return {
    status: 201,
    options: {
      path: '/api/v1/tokens',
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(RUNID_BODY),
    },
  };
}

/** RunID, `processes` processes; on PostgreSQL when `postgresUrl` is given, else embedded. */
async function runid({ processes = 1, postgresUrl }) {
  const shared = {
    kek: randomBytes(32).toString('base64'),
    adminKey: `rid_admin_${randomBytes(32).toString('base64url')}`,
  };
  let database;
  let dataDir;
  let storeEnv;
  if (postgresUrl) {
    database = `runid_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
    storeEnv = { DATABASE_URL: await createDatabase(postgresUrl, database) };
  } else {
    dataDir = tempDir(mkdtempSync(join(tmpdir(), 'runid-bench-')));
    storeEnv = { RUNID_DATA_DIR: dataDir };
  }
  const started = [];
  const stop = async () => {
    await Promise.all(started.map(({ child }) => stopServer(child)));
    if (database) await dropDatabase(database);
    if (dataDir) removeDir(dataDir);
  };
  try {
    // One after the other: the first creates the schema and the keys, the next finds them.
    for (let i = 0; i < processes; i++) started.push(await startRunid(storeEnv, shared));
    const key = await createClient(started[0].origin, shared.adminKey);
    return {
      origins: started.map((s) => s.origin),
      pids: started.map((s) => s.child.pid),
      database,
      request: runidRequest(key),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function oidcProvider() {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const secret = randomBytes(24).toString('base64url');
  const child = spawnServer([OIDC_PROVIDER, String(port)], {
    ...baseEnv(),
    NODE_ENV: 'production',
    BENCH_CLIENT_SECRET: secret,
  });
  await waitFor(() => ready(`${origin}/.well-known/openid-configuration`), child, 'oidc-provider');
  return {
    origins: [origin],
    pids: [child.pid],
    request: {
      status: 200,
      options: {
        path: '/token',
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`bench:${secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials&scope=deploy',
      },
    },
    stop: () => stopServer(child),
  };
}

/** Name, what it is, and how to start it; `postgres` marks the targets that need PostgreSQL. */
export const TARGETS = [
  {
    id: 'oidc-provider',
    label: 'oidc-provider 8.8.1 (client_credentials, JWT access tokens)',
    start: () => oidcProvider(),
  },
  { id: 'embedded', label: 'RunID, embedded store', start: () => runid({}) },
  {
    id: 'postgres',
    label: 'RunID, PostgreSQL',
    postgres: true,
    start: (env) => runid({ postgresUrl: env.postgresUrl }),
  },
  {
    id: 'postgres-2',
    label: 'RunID, PostgreSQL, 2 processes',
    postgres: true,
    start: (env) => runid({ processes: 2, postgresUrl: env.postgresUrl }),
  },
];
