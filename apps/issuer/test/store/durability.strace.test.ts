import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEPLOYMENT } from '../support/issuer.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const ADMIN = `rid_admin_${randomBytes(32).toString('base64url')}`;
const MINTS = 20;

/** strace exists and may trace here (ptrace can be denied in some containers). */
function canTrace(): boolean {
  try {
    execFileSync('strace', ['-f', '-e', 'trace=fsync', '-o', '/dev/null', 'true'], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}
const traceable = process.platform === 'linux' && canTrace();
if (!traceable && process.env.CI)
  throw new Error('CI needs strace (apt-get install strace) for the durability test');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * "No token leaves without its committed record" across a power loss: a real `serve` process
 * under `strace -f`, minting one token at a time. Every 201 response written to a socket must be
 * preceded by an fsync/fdatasync of the SQLite WAL since the previous response — the commit of
 * that token's audit batch reached the disk before the token was sent — and by the commit check
 * after that sync (an `ftruncate` of `runid.commit-check`, or `runid.commit-check-audit` for the audit thread's token commits: the filesystem still takes changes, so
 * it did not discard the commit).
 */
describe.skipIf(!traceable)('embedded store durability (strace)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runid-strace-'));
  const traceFile = join(dir, 'trace');
  let child: ChildProcess | undefined;
  afterAll(async () => {
    child?.kill('SIGKILL');
    await sleep(200);
    rmSync(dir, { recursive: true, force: true });
  });

  it('syncs the WAL before each token response: one sync per committed batch at least', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    child = spawn(
      'strace',
      [
        '-f',
        '-yy',
        '-s',
        '24',
        '-e',
        'trace=fsync,fdatasync,ftruncate,write,writev',
        '-o',
        traceFile,
        process.execPath,
        CLI,
        'serve',
      ],
      {
        env: {
          PATH: process.env.PATH,
          RUNID_DATA_DIR: join(dir, 'data'),
          RUNID_PORT: String(port),
          RUNID_HOST: '127.0.0.1',
          RUNID_LOG_LEVEL: 'silent',
          RUNID_BOOTSTRAP_ADMIN_KEY: ADMIN,
          // fetch keeps its connections open: do not wait long for them at SIGTERM.
          RUNID_SHUTDOWN_TIMEOUT: '1',
        },
        stdio: 'ignore',
      },
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ok = await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error('the traced issuer did not get ready');
      await sleep(200);
    }
    const created = await fetch(`${url}/api/v1/admin/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'strace', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] }),
    });
    const { key } = (await created.json()) as { key: string };
    for (let i = 0; i < MINTS; i++) {
      const minted = await fetch(`${url}/api/v1/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(DEPLOYMENT),
      });
      expect(minted.status).toBe(201);
      await minted.arrayBuffer();
    }
    // SIGTERM to the issuer itself (strace exits with it, its trace complete).
    const tracee = Number(
      execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' })
        .trim()
        .split('\n')[0],
    );
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    process.kill(tracee, 'SIGTERM');
    await exited;

    const lines = readFileSync(traceFile, 'utf8').split('\n');
    const walSync = /\b(fsync|fdatasync)\(\d+<[^>]*runid\.sqlite-wal>\) = 0/;
    // The main connection's commits (the client) check runid.commit-check; token audit batches
    // commit on the embedded store's audit thread, which checks its own runid.commit-check-audit.
    const commitCheck = /\bftruncate\(\d+<[^>]*runid\.commit-check(-audit)?>, [01]\) = 0/;
    const created201 = /\bwritev?\(\d+<TCP:[^>]*>.*HTTP\/1\.1 201/;
    let syncsSinceResponse = 0;
    let checkedSinceSync = false;
    const unsynced: string[] = [];
    const unchecked: string[] = [];
    let responses = 0;
    let syncs = 0;
    for (const line of lines) {
      if (walSync.test(line)) {
        syncs += 1;
        syncsSinceResponse += 1;
        checkedSinceSync = false;
      } else if (commitCheck.test(line)) {
        checkedSinceSync = true;
      } else if (created201.test(line)) {
        responses += 1;
        if (syncsSinceResponse === 0) unsynced.push(line);
        // The commit check (commit-check.ts) ran after the last WAL sync before the token left.
        else if (!checkedSinceSync) unchecked.push(line);
        syncsSinceResponse = 0;
      }
    }
    console.log('strace', JSON.stringify({ responses, walSyncs: syncs }));
    // The client's 201 and the MINTS token 201s.
    expect(responses).toBe(MINTS + 1);
    expect(unsynced).toEqual([]);
    expect(unchecked).toEqual([]);
    expect(syncs).toBeGreaterThanOrEqual(MINTS + 1);
  }, 60_000);
});
