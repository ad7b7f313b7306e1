import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYMENT } from '../support/issuer.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

interface Served {
  child: ChildProcess;
  url: string;
  stdout: string[];
  stderr: string[];
  exit: Promise<number | null>;
}

/** Starts `runid-issuer serve` as a real child process and waits for its "listening" log line. */
function serve(env: Record<string, string>): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { PATH: process.env.PATH ?? '', RUNID_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr?.on('data', (chunk) => stderr.push(String(chunk)));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      stdout.push(String(chunk));
      const match = /"url":"(http:\/\/[^"]+)".*"msg":"issuer listening"/.exec(stdout.join(''));
      if (match) resolve({ child, url: match[1] as string, stdout, stderr, exit });
    });
    void exit.then((code) => reject(new Error(`serve exited with ${code}: ${stderr.join('')}`)));
  });
}

describe('runid-issuer serve (child process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'runid-serve-'));
  const adminKey = `rid_admin_${randomBytes(32).toString('base64url')}`;
  const env = {
    RUNID_DATA_DIR: dataDir,
    RUNID_BOOTSTRAP_ADMIN_KEY: adminKey,
    RUNID_SHUTDOWN_TIMEOUT: '10',
  };
  let served: Served;
  let clientKey: string;

  beforeAll(async () => {
    served = await serve(env);
    const created = await fetch(`${served.url}/api/v1/admin/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ci', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] }),
    });
    clientKey = ((await created.json()) as { key: string }).key;
  }, 120_000);

  afterAll(() => {
    if (served?.child.exitCode === null) served.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints how to mint a first token, and never the configured admin key', () => {
    const banner = served.stderr.join('');
    expect(banner).toContain(`curl -s -X POST ${served.url}/api/v1/admin/clients`);
    expect(banner).toContain(`curl -s -X POST ${served.url}/api/v1/tokens`);
    expect(banner).not.toContain(adminKey);
    expect(served.stdout.join('')).not.toContain(adminKey);
  });

  it.runIf(process.platform === 'linux')(
    'puts the event loop first: every other thread (signing threadpool, V8 helpers, the audit thread) runs at nice 10',
    async () => {
      // A mint starts the embedded store's audit thread, which lowers its own priority.
      const minted = await fetch(`${served.url}/api/v1/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(DEPLOYMENT),
      });
      expect(minted.status).toBe(201);
      const pid = served.child.pid as number;
      const nice = (tid: string) => {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        // Fields after "(comm)": state is the 3rd field of the line, nice the 19th.
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      };
      const threads = readdirSync(`/proc/${pid}/task`);
      const helpers = threads.filter((tid) => Number(tid) !== pid);
      expect(nice(String(pid))).toBe(0);
      // At least the 4 threadpool threads, V8's platform workers and the audit thread.
      expect(helpers.length).toBeGreaterThanOrEqual(6);
      expect(helpers.map(nice)).toEqual(helpers.map(() => 10));
      const logged = served.stdout.join('');
      expect(logged).toMatch(/"helperThreads":\{"lowered":\d+,"nice":10\}/);
    },
  );

  it('on SIGTERM stops accepting, finishes the in-flight request, closes the store and exits 0', async () => {
    const body = JSON.stringify(DEPLOYMENT);
    const url = new URL(`${served.url}/api/v1/tokens`);
    // Send the headers and half the body, so the request is in flight when the signal arrives.
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            authorization: `Bearer ${clientKey}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => {
            text += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 20));
      setTimeout(() => {
        served.child.kill('SIGTERM');
        setTimeout(async () => {
          // New connections are refused while the in-flight request is still open.
          await expect(fetch(`${served.url}/healthz`)).rejects.toThrow();
          req.end(body.slice(20));
        }, 500);
      }, 300);
    });
    const answer = await inFlight;
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body).token).toMatch(/^eyJ/);
    expect(await served.exit).toBe(0);
    const logs = served.stdout.join('');
    expect(logs).toContain('shutting down');
    expect(logs).toContain('issuer stopped');
    expect(logs).not.toContain(clientKey);
  });

  it('restarts on the same data dir (the store was closed cleanly) with the same keys', async () => {
    const again = await serve(env);
    // Not a fresh store: the first-token walkthrough is for a first local try only.
    expect(again.stderr.join('')).not.toContain('Mint a first token');
    const jwks = (await (await fetch(`${again.url}/oidc/.well-known/jwks`)).json()) as {
      keys: unknown[];
    };
    expect(jwks.keys).toHaveLength(2);
    again.child.kill('SIGINT');
    expect(await again.exit).toBe(0);
  });
});
