import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type Serving, serveCli } from '../support/cli-process.js';
import { KEK } from '../support/issuer.js';
import { createTempDatabase, postgresUrlOrSkip, type TempDatabase } from '../support/postgres.js';

const pgUrl = postgresUrlOrSkip();
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'runid-drift-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('deployment that cannot drift: embedded store', () => {
  it('refuses a restart or a CLI with another issuer URL or algorithm, naming both values; `deployment record` changes them', async () => {
    const dataDir = tempDir();
    const env = { RUNID_DATA_DIR: dataDir, RUNID_KEK: KEK };
    const first = await serveCli({ ...env, RUNID_ISSUER_URL: 'https://id.example.test' });
    expect(await first.stop()).toBe(0);

    const moved = await runCli(['serve'], {
      ...env,
      RUNID_PORT: '0',
      RUNID_ISSUER_URL: 'https://other.example.test',
    });
    expect(moved.code).toBe(2);
    expect(moved.stderr).toContain(
      'RUNID_ISSUER_URL is https://other.example.test, but this store was set up for https://id.example.test',
    );

    const unset = await runCli(['keys', 'export', '--issuer', 'v1'], env);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain(
      'RUNID_ISSUER_URL is not set (so http://localhost:8080), but this store was set up for https://id.example.test',
    );

    const alg = await runCli(['keys', 'export', '--issuer', 'v1'], {
      ...env,
      RUNID_ISSUER_URL: 'https://id.example.test',
      RUNID_SIGNING_ALG: 'ES256',
    });
    expect(alg.code).toBe(2);
    expect(alg.stderr).toContain(
      'RUNID_SIGNING_ALG is ES256, but this store was set up for RS256: set RUNID_SIGNING_ALG=RS256',
    );
    expect(alg.stderr).not.toContain('RUNID_ISSUER_URL is');

    const namespaces = await runCli(['keys', 'export', '--issuer', 'v1'], {
      ...env,
      RUNID_ISSUER_URL: 'https://id.example.test',
      RUNID_SUBJECT_NAMESPACE: 'acme',
      RUNID_CLAIM_NAMESPACE: 'https://acme.example/',
    });
    expect(namespaces.code).toBe(2);
    expect(namespaces.stderr).toContain(
      'RUNID_SUBJECT_NAMESPACE is acme, but this store was set up for pulumi: set RUNID_SUBJECT_NAMESPACE=pulumi',
    );
    expect(namespaces.stderr).toContain(
      'RUNID_CLAIM_NAMESPACE is https://acme.example/, but this store was set up for https://pulumi.com/',
    );

    const same = await runCli(['keys', 'export', '--issuer', 'v1'], {
      ...env,
      RUNID_ISSUER_URL: 'https://id.example.test',
    });
    expect(same.code).toBe(0);

    const target = { ...env, RUNID_ISSUER_URL: 'https://other.example.test' };
    const unconfirmed = await runCli(['deployment', 'record'], target);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain('Would record issuer URL https://other.example.test');
    const recorded = await runCli(['deployment', 'record', '--confirm'], target);
    expect(recorded.code).toBe(0);
    expect(JSON.parse(recorded.stdout).after).toMatchObject({
      issuerUrl: 'https://other.example.test',
      signingAlg: 'RS256',
    });
    const shown = await runCli(['deployment', 'show'], env);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      issuerUrl: 'https://other.example.test',
      signingAlg: 'RS256',
      subjectNamespace: 'pulumi',
      claimNamespace: 'https://pulumi.com/',
    });
    expect((await runCli(['keys', 'export', '--issuer', 'v1'], target)).code).toBe(0);
  });

  it('lets two loopback development URLs share a store (a restart on port 0), with a warning', async () => {
    const dataDir = tempDir();
    const env = { RUNID_DATA_DIR: dataDir, RUNID_KEK: KEK };
    const first = await serveCli(env);
    expect(await first.stop()).toBe(0);
    const second = await serveCli(env);
    expect(second.stdout()).toContain('both are loopback URLs');
    expect(await second.stop()).toBe(0);
  });
});

describe('a taken port', () => {
  let blocker: Server;
  afterAll(() => blocker?.close());

  it('fails the start (exit 2, naming the address) before anything is written to a new data directory', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = join(tempDir(), 'new');
    const result = await runCli(['serve'], { RUNID_DATA_DIR: dataDir, RUNID_PORT: String(port) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `Cannot listen on 127.0.0.1:${port} (RUNID_PORT): the port is already in use`,
    );
    expect(result.stderr).toContain('EADDRINUSE');
    expect(existsSync(dataDir) ? readdirSync(dataDir) : []).toEqual([]);
  });
});

describe.skipIf(pgUrl === undefined)(
  'deployment that cannot drift: two processes on PostgreSQL',
  () => {
    const databases: TempDatabase[] = [];
    const running: Serving[] = [];
    afterAll(async () => {
      for (const serving of running) await serving.stop();
      for (const database of databases) await database.drop();
    });

    it('a second replica with another issuer URL refuses to start while the first serves on', async () => {
      const database = await createTempDatabase(pgUrl as string);
      databases.push(database);
      const env = { DATABASE_URL: database.url, RUNID_KEK: KEK, RUNID_DATA_DIR: tempDir() };
      const first = await serveCli({ ...env, RUNID_ISSUER_URL: 'https://id.example.test' });
      running.push(first);
      const peer = await serveCli({ ...env, RUNID_ISSUER_URL: 'https://id.example.test' });
      running.push(peer);

      const drifted = await runCli(['serve'], { ...env, RUNID_PORT: '0' });
      expect(drifted.code).toBe(2);
      expect(drifted.stderr).toMatch(
        /RUNID_ISSUER_URL is not set \(so http:\/\/127\.0\.0\.1:\d+\), but this store was set up for https:\/\/id\.example\.test: set RUNID_ISSUER_URL=https:\/\/id\.example\.test/,
      );
      const es = await runCli(['serve'], {
        ...env,
        RUNID_PORT: '0',
        RUNID_ISSUER_URL: 'https://id.example.test',
        RUNID_SIGNING_ALG: 'ES256',
      });
      expect(es.code).toBe(2);
      expect(es.stderr).toContain(
        'RUNID_SIGNING_ALG is ES256, but this store was set up for RS256',
      );

      const discovery = await fetch(`${first.url}/oidc/.well-known/openid-configuration`);
      expect(((await discovery.json()) as { issuer: string }).issuer).toBe(
        'https://id.example.test/oidc',
      );
    });
  },
);
