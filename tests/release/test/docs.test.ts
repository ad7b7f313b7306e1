import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeBlocks, commandLines, type DocBlock, docFiles, words } from '../src/doc-blocks.js';
import { WORKSPACE_ROOT } from '../src/packages.js';
import { run } from '../src/run.js';

// Every code block of every README (and docs/guides) is checked: TypeScript and JavaScript blocks
// are type-checked by tsc against the built packages, as a consumer imports them; `runid` and
// `runid-issuer` command lines are run by the real CLIs (a usage error — unknown option, missing
// value — fails); JSON blocks must parse. Anything else must say `no-check` in its info string,
// and those stay few. In docs/guides, a block marked `generated` is the output of the
// `runid trust generate` line above it and is checked by test/guides.test.ts (byte for byte), which
// also runs the guides' `runid trust lint|simulate` lines with the files the guide makes.

const CODE = new Set(['ts', 'typescript', 'js', 'mjs', 'javascript']);
const SHELL = new Set(['sh', 'bash', 'shell', 'ini']);
// 14 for the READMEs; the four cloud guides add 8, two each: how to check that the cloud can reach
// the issuer (`curl`, a network fact no test here can show) and how to read back what the cloud
// holds (`aws iam get-role`, `az … list`, `gcloud … describe`, `vault read`; test/guides.test.ts
// runs those lines against its stand-in cloud CLI, so they are exercised after all).
const MAX_UNCHECKED = 22;
const SDK_CLI = join(WORKSPACE_ROOT, 'packages/sdk/dist/cli.js');
const ISSUER_CLI = join(WORKSPACE_ROOT, 'apps/issuer/dist/cli.js');
const TSC = join(WORKSPACE_ROOT, 'node_modules/.bin/tsc');

let blocks: DocBlock[];

beforeAll(async () => {
  blocks = [];
  for (const file of await docFiles()) {
    blocks.push(...codeBlocks(file, await readFile(join(WORKSPACE_ROOT, file), 'utf8')));
  }
});

const where = (b: DocBlock) => `${b.file}:${b.line}`;

/** A README inside a package is checked from that package (its dependencies, its own name). */
function home(file: string): string {
  const match = /^((?:packages|apps|tests)\/[^/]+)\/README\.md$/.exec(file);
  return match ? (match[1] as string) : 'tests/release';
}

describe('doc code blocks', () => {
  it('are all checked, or marked no-check (and those are few)', () => {
    expect(blocks.length).toBeGreaterThan(10);
    const misplaced = blocks.filter((b) => b.generated && !b.file.startsWith('docs/guides/'));
    expect(misplaced.map(where), '`generated` blocks are checked in docs/guides only').toEqual([]);
    const unmarked = blocks
      .filter((b) => !b.noCheck && !b.generated)
      .filter((b) => !CODE.has(b.lang) && !SHELL.has(b.lang) && b.lang !== 'json')
      .map((b) => `${where(b)} (${b.lang || 'no language'})`);
    expect(unmarked, 'blocks of no checked language: mark them ```lang no-check').toEqual([]);
    const shellWithout = blocks
      .filter(
        (b) => SHELL.has(b.lang) && !b.noCheck && !b.generated && commandLines(b.code).length === 0,
      )
      .map(where);
    expect(shellWithout, 'shell blocks with no runid command: mark them ```sh no-check').toEqual(
      [],
    );
    const unchecked = blocks.filter((b) => b.noCheck).map(where);
    expect(unchecked.length, unchecked.join('\n')).toBeLessThanOrEqual(MAX_UNCHECKED);
  });

  it('JSON blocks parse', () => {
    for (const b of blocks.filter((b) => b.lang === 'json' && !b.noCheck)) {
      expect(() => JSON.parse(b.code), where(b)).not.toThrow();
    }
  });

  it('TypeScript and JavaScript blocks type-check against the built packages', async () => {
    const code = blocks.filter((b) => CODE.has(b.lang) && !b.noCheck);
    expect(code.length).toBeGreaterThanOrEqual(8);
    const homes = new Map<string, DocBlock[]>();
    for (const b of code) homes.set(home(b.file), [...(homes.get(home(b.file)) ?? []), b]);
    const failures: string[] = [];
    for (const [dir, list] of homes) {
      const check = join(WORKSPACE_ROOT, dir, `.docs-check-${process.pid}`);
      await mkdir(check, { recursive: true });
      try {
        const names = new Map<string, DocBlock>();
        for (const b of list) {
          const ts = b.lang === 'ts' || b.lang === 'typescript';
          const name = `${b.file.replace(/[^\w]+/g, '_')}_${b.line}.${ts ? 'ts' : 'mjs'}`;
          names.set(name, b);
          await writeFile(join(check, name), b.code);
        }
        // TypeScript strictly; JavaScript with checkJs (resolution, names, calls) but not strict
        // (JavaScript has no annotations to satisfy noImplicitAny with), with strictNullChecks so that
        // discriminated unions narrow as in TypeScript.
        for (const [config, include, strict] of [
          ['tsconfig.ts.json', '*.ts', true],
          ['tsconfig.js.json', '*.mjs', false],
        ] as const) {
          if (![...names.keys()].some((n) => n.endsWith(include.slice(1)))) continue;
          await writeFile(
            join(check, config),
            JSON.stringify({
              compilerOptions: {
                target: 'ES2022',
                module: 'NodeNext',
                moduleResolution: 'NodeNext',
                lib: ['ES2023'],
                types: ['node'],
                strict,
                strictNullChecks: true,
                noEmit: true,
                skipLibCheck: true,
                allowJs: true,
                checkJs: true,
                isolatedModules: true,
              },
              include: [include],
            }),
          );
          const result = await run(TSC, ['-p', config, '--pretty', 'false'], { cwd: check });
          if (result.code === 0) continue;
          const before = failures.length;
          for (const line of result.stdout.split('\n').filter((l) => l.includes('error TS'))) {
            const name = line.slice(0, line.indexOf('('));
            const b = names.get(name);
            const at = /\((\d+),/.exec(line)?.[1] ?? '0';
            failures.push(
              b ? `${b.file}:${b.line + Number(at)}: ${line.slice(line.indexOf('error'))}` : line,
            );
          }
          if (failures.length === before) failures.push(`${dir}: tsc failed: ${result.stdout}`);
        }
      } finally {
        await rm(check, { recursive: true, force: true });
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});

describe('doc command lines', () => {
  it('run through the real CLIs without a usage error', async () => {
    const lines = blocks
      .filter((b) => SHELL.has(b.lang) && !b.noCheck && !b.generated)
      .flatMap((b) => {
        // After `eval "$(runid run start …)"` the rest of the block runs inside that run.
        let inRun = false;
        return commandLines(b.code).map((line) => {
          const item = { b, line, inRun };
          if (/^runid run start /.test(line)) inRun = true;
          return item;
        });
      })
      // These read files the guide made earlier: test/guides.test.ts runs them where those exist.
      .filter(
        ({ b, line }) =>
          !(b.file.startsWith('docs/guides/') && /^runid trust (lint|simulate) /.test(line)),
      );
    expect(lines.length).toBeGreaterThanOrEqual(8);
    const scratch = await mkdtemp(join(tmpdir(), 'runid-docs-'));
    // No issuer or cloud answers here: the SDK's CLI gets as far as the network (exit 3), which
    // proves every option was understood (a usage error is exit 2, before anything is sent).
    // The CI's DATABASE_URL must not leak in: the docs' runid-issuer lines use the embedded store.
    const env = {
      DATABASE_URL: undefined,
      RUNID_URL: 'http://127.0.0.1:9',
      RUNID_API_KEY: 'rid_client_docs',
      RUNID_ADMIN_KEY: 'rid_admin_docs',
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
      XDG_CACHE_HOME: scratch,
    };
    const failures: string[] = [];
    try {
      for (const { b, line, inRun } of lines) {
        const [command = '', rest = ''] = line.split(' -- ');
        const args = words(command).slice(1);
        // exec's child is the reader's own command; here one that exists.
        if (line.includes(' -- ')) args.push('--', process.execPath, '-e', '0');
        void rest;
        const cli = line.startsWith('runid-issuer ') ? ISSUER_CLI : SDK_CLI;
        const cwd = await mkdtemp(join(scratch, 'cwd-'));
        // What eval of the start's export lines sets (the start itself reaches no issuer here).
        const lineEnv = inRun
          ? { ...env, RUNID_RUN_ID: 'run_docs', RUNID_RUN_TOKEN: 'rid_run_docs' }
          : env;
        const result = await run(process.execPath, [cli, ...args], {
          cwd,
          env: lineEnv,
          timeoutMs: 60_000,
        });
        if (
          result.code === 2 ||
          /unknown option|error: /i.test(result.stderr.split('\n')[0] ?? '')
        ) {
          failures.push(`${where(b)}: ${line}\n  → exit ${result.code}: ${result.stderr.trim()}`);
        }
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('the check catches an unknown option', async () => {
    const result = await run(
      process.execPath,
      [SDK_CLI, 'preview', '--kind', 'deployment', '--nope'],
      {
        cwd: dirname(SDK_CLI),
        env: { RUNID_URL: 'http://127.0.0.1:9', RUNID_API_KEY: 'rid_client_docs' },
      },
    );
    expect(result.code).toBe(2);
  });
});
