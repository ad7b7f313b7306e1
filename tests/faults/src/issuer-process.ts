import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort, waitUntil } from './cluster.js';

const require = createRequire(import.meta.url);
/** The built CLI of the issuer (the fault suite runs after `build`). */
export const ISSUER_CLI = join(
  dirname(require.resolve('@runid/issuer/package.json')),
  'dist/cli.js',
);

export const ADMIN_KEY = `rid_admin_${randomBytes(32).toString('base64url')}`;
export const KEK = randomBytes(32).toString('base64');

/** A real `runid-issuer serve` process configured by its environment. */
export class IssuerProcess {
  readonly port: number;
  readonly url: string;
  readonly env: Record<string, string>;
  child: ChildProcess | undefined;
  output = '';
  exits: Array<{ code: number | null; signal: string | null }> = [];

  private constructor(port: number, env: Record<string, string>) {
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.env = env;
  }

  static async start(env: Record<string, string>, command: string[] = []): Promise<IssuerProcess> {
    const port = await freePort();
    const issuer = new IssuerProcess(port, {
      RUNID_PORT: String(port),
      RUNID_HOST: '127.0.0.1',
      RUNID_ISSUER_URL: `http://127.0.0.1:${port}`,
      RUNID_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
      RUNID_KEK: KEK,
      RUNID_LOG_LEVEL: 'warn',
      RUNID_STORE_ACQUIRE_TIMEOUT: '1s',
      RUNID_STORE_STATEMENT_TIMEOUT: '2s',
      ...env,
    });
    await issuer.spawn(command);
    return issuer;
  }

  async spawn(command: string[] = []): Promise<void> {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...this.env };
    const [cmd, args] =
      command.length > 0
        ? [command[0] as string, [...command.slice(1), process.execPath, ISSUER_CLI, 'serve']]
        : [process.execPath, [ISSUER_CLI, 'serve']];
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code, signal) => this.exits.push({ code, signal }));
    await waitUntil(async () => {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`the issuer exited at start:\n${this.output}`);
      try {
        const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(1_000) });
        await res.arrayBuffer();
        return res.status === 200;
      } catch {
        return false;
      }
    }, 60_000);
  }

  get alive(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.alive) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Under `runuser` the issuer is a grandchild: signal it by its own pid first.
    for (const pid of childPids(child.pid)) {
      try {
        process.kill(pid, signal);
      } catch {}
    }
    child.kill(signal);
    await exited;
  }
}

function childPids(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}
