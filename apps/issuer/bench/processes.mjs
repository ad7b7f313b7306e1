// The bench's processes and databases: spawned and created here, and always ended and dropped —
// on success, on a failure, on Ctrl-C (SIGINT/SIGTERM) and, for children, on any exit.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';

const children = new Set();
const databases = new Set();
const directories = new Set();
let adminUrl;

let ticksPerSecond = 100;
try {
  ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
} catch {}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Node options for every server spawned from now on (the profiler's `--cpu-prof`). */
export const serverNodeArgs = [];

/** Spawns a server process; its stdout is dropped, the tail of its stderr kept for errors. */
export function spawnServer(args, env) {
  const child = spawn(process.execPath, [...serverNodeArgs, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.output = '';
  const keep = (chunk) => {
    child.output = (child.output + chunk).slice(-16_384);
  };
  child.stderr.on('data', keep);
  child.stdout.on('data', (chunk) => {
    // Only the first lines matter (oidc-provider's `ready`); the request log is dropped.
    if (child.output.length < 4_096) keep(chunk);
  });
  child.once('exit', () => children.delete(child));
  return child;
}

export async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function waitFor(check, child, what) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}):\n${child.output}`);
    }
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} was not ready within 60 s:\n${child.output}`);
}

/**
 * User + system CPU seconds of a process so far, from /proc/<pid>/stat (utime, stime); with
 * `mainThread`, of its main thread only (/proc/<pid>/task/<pid>/stat: the event loop).
 */
export function cpuSeconds(pid, mainThread = false) {
  try {
    const stat = readFileSync(
      mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`,
      'utf8',
    );
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return 0;
  }
}

/** Resident set now (VmRSS) and its peak (VmHWM), in MB, from /proc/<pid>/status. */
export function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

export function tempDir(path) {
  directories.add(path);
  return path;
}

export function removeDir(path) {
  rmSync(path, { recursive: true, force: true });
  directories.delete(path);
}

async function admin(sql, params) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** A throwaway database on the bench's PostgreSQL; returns its URL. */
export async function createDatabase(baseUrl, name) {
  adminUrl = baseUrl;
  await admin(`create database "${name}"`);
  databases.add(name);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(name) {
  await admin(`drop database if exists "${name}" with (force)`);
  databases.delete(name);
}

/** The PostgreSQL backends serving a database, for their CPU time. */
export async function backendPids(name) {
  const { rows } = await admin('select pid from pg_stat_activity where datname = $1', [name]);
  return rows.map((r) => r.pid);
}

/** Ends every child, drops every database, removes every directory this bench made. */
export async function cleanup() {
  await Promise.all([...children].map(stopServer));
  for (const name of [...databases]) {
    await dropDatabase(name).catch((error) =>
      console.error(`could not drop database ${name}: ${error.message}`),
    );
  }
  for (const path of [...directories]) removeDir(path);
}

process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  for (const path of directories) rmSync(path, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers and dropping the bench databases`);
    cleanup().finally(() => process.exit(130));
  });
}
