import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli-process.js';
import { KEK } from '../support/issuer.js';

const dataDir = mkdtempSync(join(tmpdir(), 'runid-signals-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a signal while `serve` starts', () => {
  it('SIGTERM during start (port bound, keys being created) stops gracefully once started: exit 0', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        RUNID_PORT: String(port),
        RUNID_DATA_DIR: dataDir,
        RUNID_KEK: KEK,
        // ES256 keys would be made too fast to catch the start; RSA keys take a while.
        RUNID_SIGNING_ALG: 'RS256',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const exit = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    // The bound port answers 503 (starting) until the store and keys are ready.
    let starting = false;
    let answered: unknown;
    for (let i = 0; i < 2_000 && !starting; i++) {
      try {
        const answer = await fetch(`http://127.0.0.1:${port}/livez`);
        starting = answer.status === 503;
        if (starting) {
          answered = {
            retryAfter: answer.headers.get('retry-after'),
            type: answer.headers.get('content-type'),
            body: await answer.json(),
          };
        } else await answer.arrayBuffer();
        if (answer.status === 200) break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
    expect(starting, 'caught the issuer while it starts').toBe(true);
    // Told apart from a store outage: its own code, retry in a second.
    expect(answered).toEqual({
      retryAfter: '1',
      type: 'application/problem+json',
      body: expect.objectContaining({
        status: 503,
        code: 'issuer_starting',
        title: 'Issuer starting',
      }),
    });
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(child.signalCode).toBeNull();
    expect(stdout).toContain('issuer listening');
    expect(stdout).toContain('issuer stopped');
  });
});
