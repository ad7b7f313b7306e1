import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIssuer } from '@runid/issuer';
import { createClient } from '@runid/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudCli } from '../src/cloud-cli.js';
import {
  GUIDES,
  generatedPairs,
  isGenerated,
  isShell,
  messagePattern,
  replaceBodies,
  troubleshootingRows,
} from '../src/guide-blocks.js';
import { WORKSPACE_ROOT } from '../src/packages.js';
import { run } from '../src/run.js';
import { type ShellLine, shellLines } from '../src/shell-lines.js';

// The cloud guides (docs/guides/<cloud>.md) are run, not just read:
// 1. every configuration block is the byte-for-byte output of the `runid trust generate` line in
//    the block above it — the line is parsed from the guide and run by the real CLI, so the intent
//    shown and the configuration shown cannot disagree. UPDATE_GUIDES=1 rewrites the blocks
//    (`pnpm --filter @runid/release-check guides`);
// 2. the guide runs top to bottom in one directory: its `runid token` lines mint real tokens from a
//    real issuer (public URL https://id.example.com, as in the guides), the generated native block
//    is applied to a stand-in for the cloud's CLI (src/cloud-cli.ts), whose describe commands write
//    the files that the guide's `runid trust lint` (must be clean) and `runid trust simulate` (must
//    accept) lines read;
// 3. every troubleshooting row's `runid trust simulate` command, run in that directory, refuses
//    with exactly the error the row shows.

const SDK_CLI = join(WORKSPACE_ROOT, 'packages/sdk/dist/cli.js');
const UPDATE = process.env.UPDATE_GUIDES === '1';
const ISSUER_BASE = 'https://id.example.com';

let issuer: Awaited<ReturnType<typeof startIssuer>>;
let dataDir: string;
let scratch: string;
let env: Record<string, string>;

const guidePath = (cloud: string) => join(WORKSPACE_ROOT, 'docs/guides', `${cloud}.md`);

function tokenLines(): ShellLine[] {
  return GUIDES.flatMap((cloud) => {
    const text = readFileSync(guidePath(cloud), 'utf8');
    return generatedPairs(`docs/guides/${cloud}.md`, text)
      .blocks.filter(isShell)
      .flatMap((b) => shellLines(b.code))
      .filter((l) => l.words[0] === 'runid' && l.words[1] === 'token');
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'runid-guides-issuer-'));
  scratch = await mkdtemp(join(tmpdir(), 'runid-guides-'));
  issuer = await startIssuer({
    env: { RUNID_DATA_DIR: dataDir, RUNID_LOG_LEVEL: 'silent', RUNID_ISSUER_URL: ISSUER_BASE },
    port: 0,
    host: '127.0.0.1',
  });
  // One client whose grants cover every token the guides mint (oidc audiences are exact).
  const audiences = new Set<string>();
  for (const l of tokenLines()) {
    const i = l.words.indexOf('--audience');
    if (i > 0) audiences.add(l.words[i + 1] as string);
  }
  const admin = createClient({ baseUrl: issuer.url, apiKey: issuer.adminKey });
  const created = await admin.createApiClient({
    name: 'guides',
    grants: [
      { kinds: ['deployment', 'environment'], orgs: ['acme'] },
      ...(audiences.size > 0
        ? [{ kinds: ['oidc' as const], orgs: ['acme'], audiences: [...audiences] }]
        : []),
    ],
  });
  env = {
    RUNID_URL: issuer.url,
    RUNID_API_KEY: created.key,
    XDG_CACHE_HOME: scratch,
    DATABASE_URL: '',
  };
});

afterAll(async () => {
  await issuer?.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

const runid = (args: string[], cwd: string) =>
  run(process.execPath, [SDK_CLI, ...args], { cwd, env, timeoutMs: 60_000 });

/** The directory each guide ran in (test 2), reused by its troubleshooting rows (test 3). */
const ranIn = new Map<string, string>();

describe.each(GUIDES)('docs/guides/%s.md', (cloud) => {
  const file = `docs/guides/${cloud}.md`;

  it('shows exactly what its runid trust generate lines print', async () => {
    const text = await readFile(guidePath(cloud), 'utf8');
    const { pairs, problems } = generatedPairs(file, text);
    expect(problems).toEqual([]);
    expect(pairs.length, 'a guide shows the Terraform and the native form').toBeGreaterThanOrEqual(
      2,
    );
    const formats = new Set(
      pairs.map((p) =>
        p.line.words.join(' ').includes('--format native') ? 'native' : 'terraform',
      ),
    );
    expect([...formats].sort()).toEqual(['native', 'terraform']);
    const drift: string[] = [];
    const bodies = new Map<(typeof pairs)[number]['output'], string>();
    for (const p of pairs) {
      expect(
        p.line.stdoutTo,
        `${file}:${p.command.line}: show the output, do not redirect it`,
      ).toBe(undefined);
      const r = await runid(p.line.words.slice(1), scratch);
      expect(r.code, `${file}:${p.command.line}: ${p.line.text}\n${r.stderr}`).toBe(0);
      if (r.stdout !== p.output.code) {
        const shown = p.output.code.split('\n');
        const printed = r.stdout.split('\n');
        const at = printed.findIndex((l, i) => l !== shown[i]);
        drift.push(
          `${file}:${p.output.line}: this block is not what \`${p.line.text}\` prints; first difference at line ${p.output.line + 1 + at}:\n  guide:     ${shown[at] ?? '(end)'}\n  generator: ${printed[at] ?? '(end)'}\n(rewrite with: pnpm --filter @runid/release-check guides)`,
        );
        bodies.set(p.output, r.stdout);
      }
      // What the generator says about splitting or remapping is in the guide too, word for word.
      for (const note of r.stderr.split('\n').filter((l) => l.startsWith('note: '))) {
        expect(text, `${file}: the guide must quote the generator's ${note}`).toContain(
          note.slice('note: '.length),
        );
      }
    }
    if (UPDATE && bodies.size > 0) writeFileSync(guidePath(cloud), replaceBodies(text, bodies));
    else expect(drift).toEqual([]);
  });

  it('runs top to bottom: real tokens, the native block applied, lint clean, simulate accepted', async () => {
    const text = await readFile(guidePath(cloud), 'utf8');
    const { blocks } = generatedPairs(file, text);
    const dir = await mkdtemp(join(scratch, `${cloud}-`));
    const cloudCli = new CloudCli();
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    let minted = 0;
    let linted = 0;
    let simulated = 0;
    let applied = 0;
    for (const b of blocks.filter(isShell)) {
      const native = isGenerated(b, text);
      for (const l of shellLines(b.code)) {
        const at = `${file}:${b.line}: ${l.text}`;
        const [tool, sub, verb] = l.words;
        let stdout: string | undefined;
        if (tool === 'cat' && l.heredoc !== undefined && l.stdoutTo) {
          stdout = l.heredoc;
        } else if (tool === 'runid' && (sub === 'token' || sub === 'preview')) {
          const r = await runid(l.words.slice(1), dir);
          expect(r.code, `${at}\n${r.stderr}`).toBe(0);
          stdout = r.stdout;
          minted++;
        } else if (tool === 'runid' && sub === 'trust' && verb === 'lint') {
          const r = await runid(l.words.slice(1), dir);
          expect(r.code, `${at} must be clean:\n${r.stdout}${r.stderr}`).toBe(0);
          linted++;
        } else if (tool === 'runid' && sub === 'trust' && verb === 'simulate') {
          const r = await runid(l.words.slice(1), dir);
          expect(r.code, `${at} must accept:\n${r.stdout}${r.stderr}`).toBe(0);
          expect(r.stdout).toMatch(/^accepted by /);
          simulated++;
        } else if (tool !== 'runid') {
          stdout = cloudCli.run(l.words, read);
          if (native) {
            expect(
              stdout,
              `${at}: the stand-in cloud CLI does not know this command`,
            ).toBeDefined();
            applied++;
          }
        }
        if (stdout === undefined) continue;
        for (const piped of l.pipedTo) {
          expect(piped, `${at}: only | tr -d '\\n' is understood`).toEqual(['tr', '-d', '\\n']);
          stdout = stdout.replaceAll('\n', '');
        }
        if (l.stdoutTo) await writeFile(join(dir, l.stdoutTo), stdout);
      }
    }
    expect(applied, 'the native block is applied').toBeGreaterThan(0);
    expect(minted, 'the guide mints its tokens').toBeGreaterThan(0);
    expect(linted, 'the guide lints what it applied').toBeGreaterThan(0);
    expect(simulated, 'the guide simulates the exchange').toBeGreaterThan(0);
    ranIn.set(cloud, dir);
  });

  it('troubleshooting: each runid trust simulate command refuses with the error its row shows', async () => {
    const text = await readFile(guidePath(cloud), 'utf8');
    const rows = troubleshootingRows(text);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const dir = ranIn.get(cloud);
    expect(dir, 'runs after the top-to-bottom test').toBeDefined();
    const wrong: string[] = [];
    for (const row of rows) {
      if (row.command === undefined) {
        // Only what no offline tool can show (the cloud reaching the issuer, a token RunID never
        // mints) has no simulate command, and the row says so.
        expect(row.cells[2], `${file}:${row.line}: name the command that shows it`).toMatch(
          /^not simulated/,
        );
        continue;
      }
      const words = shellLines(row.command)[0]?.words ?? [];
      expect(words.slice(0, 3), `${file}:${row.line}`).toEqual(['runid', 'trust', 'simulate']);
      const r = await runid(words.slice(1), dir as string);
      const said = /^ {2}(\S+): (.*)$/m.exec(r.stdout);
      const ok =
        r.code === 1 &&
        said !== null &&
        (row.code === undefined || said[1] === row.code) &&
        (messagePattern(row.message).test(said[2] as string) ||
          (row.code === undefined && messagePattern(row.message).test(`${said[1]}: ${said[2]}`)));
      if (!ok)
        wrong.push(
          `${file}:${row.line}: \`${row.command}\` (exit ${r.code}) printed\n${r.stdout}${r.stderr}  but the row says ${row.code ?? ''} ${row.message}`,
        );
    }
    expect(wrong).toEqual([]);
    expect(rows.filter((r) => r.command).length).toBeGreaterThanOrEqual(5);
  });
});
