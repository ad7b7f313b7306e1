import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createClient, type RunIdClient } from '@runid/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIssuer } from './helpers/start.js';

// `runid run` against the real issuer: the CLI is a real process, the issuer answers over HTTP,
// and every run's state is read back through the admin API. No timing is asserted: a signal is
// sent once the command has said it is ready.

const cli = join(
  dirname(createRequire(import.meta.url).resolve('@runid/sdk/package.json')),
  'dist',
  'cli.js',
);
const node = process.execPath;

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runid(
  args: string[],
  env: Record<string, string | undefined>,
  onStdout?: (stdout: string, child: ChildProcess) => void,
): Promise<Result> {
  const child = spawn(node, [cli, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    onStdout?.(stdout, child);
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

let issuer: Awaited<ReturnType<typeof startTestIssuer>>;
let admin: RunIdClient;
let key: string;
let env: Record<string, string>;

beforeAll(async () => {
  issuer = await startTestIssuer();
  admin = createClient({ baseUrl: issuer.url, apiKey: issuer.adminKey });
  const created = await admin.createApiClient({
    name: 'run-cli',
    grants: [
      { kinds: ['deployment'], orgs: ['acme'] },
      { kinds: ['environment'], orgs: ['acme'], platforms: ['aws'] },
    ],
  });
  key = created.key;
  env = { RUNID_URL: issuer.url, RUNID_API_KEY: key };
});

afterAll(async () => {
  await issuer?.close();
});

const identity = (stack: string) => [
  '--kind',
  'deployment',
  '--org',
  'acme',
  '--project',
  'web',
  '--stack',
  stack,
  '--operation',
  'update',
];

async function runsOf(stack: string) {
  return (await admin.listRuns({ stack, limit: 100 })).items;
}

/** The `export NAME=value` lines `runid run start` prints, as variables. */
function exportsOf(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => /^export (RUNID_RUN_ID|RUNID_RUN_TOKEN)=(\S+)$/.exec(line)?.slice(1) ?? []),
  );
}

/** A node child that prints what it sees of runid's variables, then exits with `code`. */
function childPrinting(code: number): string[] {
  return [
    node,
    '-e',
    `const e = process.env; console.log(JSON.stringify({ runId: e.RUNID_RUN_ID, url: e.RUNID_URL, runToken: e.RUNID_RUN_TOKEN, apiKey: e.RUNID_API_KEY ?? null, keyFile: e.RUNID_API_KEY_FILE ?? null })); process.exit(${code})`,
  ];
}

describe('runid run start / finish', () => {
  it('prints shell exports; finish with them ends the run with its outcome', async () => {
    const started = await runid(['run', 'start', ...identity('rt'), '--deadline', '2h'], env);
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    const exports = exportsOf(started.stdout);
    expect(Object.keys(exports)).toEqual(['RUNID_RUN_ID', 'RUNID_RUN_TOKEN']);
    expect(exports.RUNID_RUN_TOKEN).toMatch(/^rid_run_/);
    const { run } = await admin.getRun(exports.RUNID_RUN_ID as string);
    expect(run).toMatchObject({ state: 'running', identity: { stack: 'rt', deployment: 1 } });
    const hours = (Date.parse(run.deadline) - Date.parse(run.createdAt)) / 3_600_000;
    expect(Math.round(hours)).toBe(2);

    // Finished by the run's own credential: the client key is not in the environment.
    const finished = await runid(['run', 'finish', '--outcome', 'succeeded'], {
      RUNID_URL: issuer.url,
      ...exports,
    });
    expect(finished.stderr).toBe('');
    expect(finished).toMatchObject({ code: 0, stdout: `${run.id} succeeded\n` });
    expect((await admin.getRun(run.id)).run.state).toBe('succeeded');

    const again = await runid(['run', 'finish', '--outcome', 'failed'], {
      RUNID_URL: issuer.url,
      ...exports,
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('run_ended');
  });

  it('runid token inside a run mints a token naming the run; after the finish it is refused', async () => {
    const started = await runid(
      ['run', 'start', ...identity('rt-token'), '--deadline', '10m'],
      env,
    );
    expect(started.code).toBe(0);
    const exports = exportsOf(started.stdout);
    const inside = { RUNID_URL: issuer.url, ...exports };
    const minted = await runid(['token'], inside);
    expect(minted.stderr).toBe('');
    expect(minted.code).toBe(0);
    const claims = JSON.parse(
      Buffer.from(minted.stdout.trim().split('.')[1] ?? '', 'base64url').toString('utf8'),
    );
    expect(claims).toMatchObject({
      run_id: exports.RUNID_RUN_ID,
      stack: 'rt-token',
      deployment: 1,
    });
    const { run, tokens } = await admin.getRun(exports.RUNID_RUN_ID as string);
    expect(claims.exp).toBeLessThanOrEqual(Date.parse(run.deadline) / 1000);
    expect(tokens.map((t) => t.jti)).toEqual([claims.jti]);
    const tooLong = await runid(['token', '--duration', '1h'], inside);
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toContain('duration_exceeds_deadline');
    expect((await runid(['run', 'finish', '--outcome', 'succeeded'], inside)).code).toBe(0);
    const after = await runid(['token'], inside);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('run_ended');
    expect(after.stdout).toBe('');
  });

  it('--json prints the created run; finish --run-id with the client key', async () => {
    const started = await runid(
      ['run', 'start', ...identity('rt-json'), '--deployment', '40', '--json'],
      env,
    );
    expect(started.code).toBe(0);
    const created = JSON.parse(started.stdout);
    expect(created).toMatchObject({
      state: 'running',
      identity: { deployment: 40 },
      credential: expect.stringMatching(/^rid_run_/),
    });
    const finished = await runid(
      ['run', 'finish', '--run-id', created.id, '--outcome', 'cancelled', '--json'],
      env,
    );
    expect(finished.code).toBe(0);
    expect(JSON.parse(finished.stdout)).toMatchObject({ id: created.id, state: 'cancelled' });
  });

  it('an environment run takes its platforms from repeated --platform, inside the grants', async () => {
    const environment = [
      ...['run', 'start', '--kind', 'environment', '--org', 'acme'],
      ...['--current-environment', 'web/dev', '--user', 'alice', '--json'],
    ];
    const started = await runid([...environment, '--platform', 'aws'], env);
    expect(started.stderr).toBe('');
    expect(JSON.parse(started.stdout)).toMatchObject({
      identity: { kind: 'environment', currentEnvironment: 'web/dev', user: 'alice' },
      platforms: ['aws'],
    });
    const denied = await runid([...environment, '--platform', 'aws', '--platform', 'gcp'], env);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('grant_denied');
  });

  it('usage errors exit 2 and create or finish nothing', async () => {
    const started = await runid(['run', 'start', ...identity('rt-usage')], env);
    const runId = /RUNID_RUN_ID=(\S+)/.exec(started.stdout)?.[1] as string;
    for (const [args, extra, message] of [
      [['run', 'finish', '--outcome', 'done'], { RUNID_RUN_ID: runId }, 'Allowed choices'],
      [['run', 'finish'], { RUNID_RUN_ID: runId }, '--outcome'],
      [['run', 'finish', '--outcome', 'failed'], {}, 'RUNID_RUN_ID'],
      [['run', 'start', ...identity('rt-usage'), '--deadline', '25h'], {}, '1m and 24h'],
      [['run', 'start', ...identity('rt-usage'), '--deadline', 'soon'], {}, 'a duration'],
      [['run', ...identity('rt-usage'), '--deadline', '0', '--', node, '-e', '0'], {}, 'duration'],
      [['run', 'start', '--kind', 'deployment', '--org', 'acme'], {}, '--project'],
      [['run', ...identity('rt-usage'), '--', 'start'], {}, 'give its path'],
      [['run', ...identity('rt-usage')], {}, 'after --'],
    ] as const) {
      const r = await runid([...args], { ...env, ...extra });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
    expect((await runsOf('rt-usage')).map((r) => r.state)).toEqual(['running']);
  });
});

describe('runid run -- <command>', () => {
  it('gives the command the run credential and not the key; exit 0 → succeeded', async () => {
    const r = await runid(['run', ...identity('cmd-ok'), '--', ...childPrinting(0)], {
      ...env,
      RUNID_API_KEY_FILE: '/run/secrets/runid',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const seen = JSON.parse(r.stdout);
    expect(seen).toMatchObject({
      url: issuer.url,
      runToken: expect.stringMatching(/^rid_run_/),
      apiKey: null,
      keyFile: null,
    });
    expect((await admin.getRun(seen.runId)).run).toMatchObject({
      state: 'succeeded',
      identity: { stack: 'cmd-ok' },
    });
  });

  it('a command exiting 3 → run failed, runid exits 3', async () => {
    const r = await runid(['run', ...identity('cmd-fail'), '--', ...childPrinting(3)], env);
    expect(r.code).toBe(3);
    const { runId } = JSON.parse(r.stdout);
    expect((await admin.getRun(runId)).run.state).toBe('failed');
  });

  it('SIGTERM to runid reaches the command, the run is cancelled, runid exits 128 + 15', async () => {
    const script = [
      "process.on('SIGTERM', () => { console.log('child got SIGTERM'); process.exit(143); });",
      "console.log('ready ' + process.env.RUNID_RUN_ID);",
      'setInterval(() => {}, 1000);',
    ].join(' ');
    let sent = false;
    const r = await runid(
      ['run', ...identity('cmd-signal'), '--', node, '-e', script],
      env,
      (out, child) => {
        if (!sent && out.includes('ready ')) {
          sent = true;
          child.kill('SIGTERM');
        }
      },
    );
    expect(r.stdout).toContain('child got SIGTERM');
    expect(r.code).toBe(143);
    const runId = /ready (\S+)/.exec(r.stdout)?.[1] as string;
    expect((await admin.getRun(runId)).run.state).toBe('cancelled');
  });

  it('a command that does not exist exits 127 before a run is created', async () => {
    const r = await runid(['run', ...identity('cmd-missing'), '--', 'runid-no-such-command'], env);
    expect(r.code).toBe(127);
    expect(r.stderr).toContain('command not found: runid-no-such-command');
    expect(await runsOf('cmd-missing')).toEqual([]);
  });

  it('inside a run, identity flags are a usage error (the run fixes the identity)', async () => {
    const inner = [node, cli, 'token', ...identity('cmd-inner')];
    const r = await runid(['run', ...identity('cmd-inner'), '--', ...inner], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('RUNID_RUN_TOKEN is set');
    const [run] = await runsOf('cmd-inner');
    expect(run?.state).toBe('failed');
    expect((await admin.getRun(run?.id as string)).tokens).toEqual([]);
  });

  it('inside a run, starting another run needs a client key (the command has none)', async () => {
    const inner = [node, cli, 'run', 'start', ...identity('cmd-nested-inner')];
    const r = await runid(['run', ...identity('cmd-nested'), '--', ...inner], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a client key is required');
    expect(await runsOf('cmd-nested-inner')).toEqual([]);
    expect((await runsOf('cmd-nested')).map((run) => run.state)).toEqual(['failed']);
  });

  it('a finish that cannot reach the issuer is a warning: runid still exits with the command', async () => {
    const other = await startTestIssuer();
    try {
      const otherAdmin = createClient({ baseUrl: other.url, apiKey: other.adminKey });
      const { key: otherKey } = await otherAdmin.createApiClient({
        name: 'gone',
        grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
      });
      const dir = await mkdtemp(join(tmpdir(), 'runid-run-'));
      const go = join(dir, 'go');
      // The command waits for the test to stop the issuer, then exits 0.
      const script = `const fs = require('node:fs'); console.log('ready'); const t = setInterval(() => { if (fs.existsSync(${JSON.stringify(go)})) { clearInterval(t); process.exit(0); } }, 20);`;
      let stopped = false;
      const r = await runid(
        ['run', ...identity('gone'), '--', node, '-e', script],
        { RUNID_URL: other.url, RUNID_API_KEY: otherKey },
        (out) => {
          if (!stopped && out.includes('ready')) {
            stopped = true;
            void other.close().then(() => writeFile(go, ''));
          }
        },
      );
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/could not finish run \S+ as succeeded; it ends by itself at /);
      await rm(dir, { recursive: true, force: true });
    } finally {
      await other.close().catch(() => undefined);
    }
  });
});
