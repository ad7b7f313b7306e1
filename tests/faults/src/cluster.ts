import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const PG_BIN = process.env.RUNID_FAULTS_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * Whether the fault suite can run here: it needs PostgreSQL's initdb/pg_ctl. Missing binaries skip
 * locally and fail under CI (`CI` set), as the PostgreSQL suites treat DATABASE_URL.
 */
export function faultSuiteAvailable(): boolean {
  const ok = existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'));
  if (!ok && process.env.CI)
    throw new Error(`the fault suite needs PostgreSQL binaries in ${PG_BIN} under CI`);
  return ok;
}

const isRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary as `postgres` when we are root (PostgreSQL refuses to run as root). */
function pgCommand(bin: string, args: string[]): [string, string[]] {
  return isRoot
    ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args]]
    : [join(PG_BIN, bin), args];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway PostgreSQL cluster owned by the test: its own directory, port and postmaster. */
export class PgCluster {
  readonly dir: string;
  readonly port: number;
  readonly url: string;
  /** The fault scenarios run without fsync (speed); a soak keeps PostgreSQL's default, on. */
  readonly fsync: boolean;

  private constructor(dir: string, port: number, fsync: boolean) {
    this.dir = dir;
    this.port = port;
    this.fsync = fsync;
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  static async create(options: { fsync?: boolean } = {}): Promise<PgCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'runid-faults-pg-'));
    chmodSync(dir, 0o777);
    const cluster = new PgCluster(dir, await freePort(), options.fsync ?? false);
    if (isRoot) await run('chown', ['postgres:postgres', dir]);
    const [cmd, args] = pgCommand('initdb', [
      '-D',
      cluster.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    await run(cmd, args);
    await cluster.start();
    return cluster;
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c fsync=${this.fsync ? 'on' : 'off'} -c max_connections=100`;
    const [cmd, args] = pgCommand('pg_ctl', [
      '-D',
      this.dataDir,
      '-o',
      options,
      '-l',
      join(this.dir, 'log'),
      '-w',
      '-t',
      '30',
      'start',
    ]);
    await run(cmd, args);
  }

  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    const [cmd, args] = pgCommand('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', 'stop']);
    await run(cmd, args);
  }

  postmasterPid(): number {
    const text = readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8');
    return Number(text.split('\n')[0]);
  }

  /** SIGKILL the postmaster and every backend (a machine crash, as far as the clients can tell). */
  async kill(): Promise<void> {
    const pids = await this.processIds();
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
    await waitUntil(() => pids.every((pid) => !alive(pid)), 10_000);
    rmSync(join(this.dataDir, 'postmaster.pid'), { force: true });
  }

  /** SIGSTOP (or SIGCONT) the postmaster and every backend. */
  async signalAll(signal: 'SIGSTOP' | 'SIGCONT'): Promise<void> {
    for (const pid of await this.processIds()) {
      try {
        process.kill(pid, signal);
      } catch {}
    }
  }

  async processIds(): Promise<number[]> {
    const root = this.postmasterPid();
    const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(root)]);
    return [
      root,
      ...stdout
        .split('\n')
        .map((l) => Number(l.trim()))
        .filter((n) => n > 0),
    ];
  }

  async destroy(): Promise<void> {
    try {
      await this.signalAll('SIGCONT');
      await this.stop('immediate');
    } catch {}
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
