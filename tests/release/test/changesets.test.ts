import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Changeset,
  changelogSections,
  changesetProblems,
  parseChangeset,
  readChangesets,
  UNPUBLISHED_VERSION,
  type WorkspacePackage,
  workspacePackages,
} from '../src/changesets.js';
import { WORKSPACE_ROOT } from '../src/packages.js';
import { run } from '../src/run.js';

// The changesets name the right packages, and `pnpm version-packages` (its `changeset version`
// step, run in a throwaway copy) writes each entry under the package it describes and no
// "Patch Changes" for a first release.

const CHANGESET = join(WORKSPACE_ROOT, 'node_modules/.bin/changeset');
let changesets: Changeset[];
let packages: WorkspacePackage[];
let ignored: string[];

beforeAll(async () => {
  changesets = await readChangesets();
  packages = await workspacePackages();
  const config = JSON.parse(await readFile(join(WORKSPACE_ROOT, '.changeset/config.json'), 'utf8'));
  ignored = config.ignore ?? [];
});

describe('changeset files', () => {
  it('name only existing, published packages, one per file, no patch of an unpublished one', () => {
    expect(changesets.length).toBeGreaterThan(0);
    expect(changesetProblems(changesets, packages, ignored)).toEqual([]);
  });

  it('the check refuses what it should (each rule on its own)', () => {
    const pkgs: WorkspacePackage[] = [
      { name: '@runid/a', dir: 'packages/a', version: UNPUBLISHED_VERSION, private: false },
      { name: '@runid/b', dir: 'packages/b', version: '1.2.0', private: false },
      { name: '@runid/t', dir: 'tests/t', version: '0.0.0', private: true },
    ];
    const cs = (id: string, body: string) => parseChangeset(id, `---\n${body}\n---\n\nText.\n`);
    expect(
      changesetProblems([cs('ok', '"@runid/a": minor'), cs('p', '"@runid/b": patch')], pkgs, []),
    ).toEqual([]);
    expect(changesetProblems([cs('x', '"@runid/nope": minor')], pkgs, [])[0]).toMatch(
      /not a workspace package/,
    );
    expect(changesetProblems([cs('x', '"@runid/t": minor')], pkgs, [])[0]).toMatch(
      /private or ignored/,
    );
    expect(changesetProblems([cs('x', '"@runid/b": minor')], pkgs, ['@runid/b'])[0]).toMatch(
      /ignored/,
    );
    expect(changesetProblems([cs('x', '"@runid/a": patch')], pkgs, [])[0]).toMatch(
      /unpublished.*write "minor"/,
    );
    expect(
      changesetProblems([cs('x', '"@runid/a": minor\n"@runid/b": minor')], pkgs, [])[0],
    ).toMatch(/names 2 packages/);
    expect(() => cs('x', '"@runid/a": huge')).toThrow(/is not "name": major\|minor\|patch/);
    expect(() => parseChangeset('x', 'no front matter')).toThrow(/no front matter/);
  });

  it('changeset status agrees with the files', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'runid-cs-status-')), 'status.json');
    const status = await run(CHANGESET, ['status', `--output=${out}`], { cwd: WORKSPACE_ROOT });
    expect(status.code, status.stderr + status.stdout).toBe(0);
    const plan = JSON.parse(await readFile(out, 'utf8')) as {
      changesets: { id: string; releases: { name: string; type: string }[] }[];
      releases: { name: string; type: string }[];
    };
    const rank = { patch: 1, minor: 2, major: 3 } as const;
    const expected = new Map<string, string>();
    for (const { releases } of changesets) {
      for (const { name, type } of releases) {
        const seen = expected.get(name) as keyof typeof rank | undefined;
        if (seen === undefined || rank[type] > rank[seen]) expected.set(name, type);
      }
    }
    expect(plan.changesets.map((c) => c.id).sort()).toEqual(changesets.map((c) => c.id).sort());
    for (const [name, type] of expected) {
      expect(plan.releases.find((r) => r.name === name)?.type, name).toBe(type);
    }
  });
});

describe('pnpm version-packages in a copy', () => {
  let copy: string;

  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), 'runid-version-'));
    for (const file of ['package.json', 'pnpm-workspace.yaml']) {
      await cp(join(WORKSPACE_ROOT, file), join(copy, file));
    }
    await cp(join(WORKSPACE_ROOT, '.changeset'), join(copy, '.changeset'), { recursive: true });
    for (const pkg of packages) {
      await mkdir(join(copy, pkg.dir), { recursive: true });
      await cp(join(WORKSPACE_ROOT, pkg.dir, 'package.json'), join(copy, pkg.dir, 'package.json'));
    }
    // `changeset version` (the first step of `pnpm version-packages`; the second only refreshes
    // the lockfile). The default changelog reads commits from git: give it a repository.
    await writeFile(join(copy, '.gitignore'), 'node_modules\n');
    for (const args of [
      ['init', '-q'],
      ['add', '-A'],
      ['-c', 'user.name=r', '-c', 'user.email=r@r', 'commit', '-qm', 'copy'],
    ]) {
      expect((await run('git', args, { cwd: copy })).code).toBe(0);
    }
    const result = await run(CHANGESET, ['version'], { cwd: copy });
    expect(result.code, result.stderr + result.stdout).toBe(0);
  }, 120_000);

  afterAll(async () => {
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it('puts each changeset under exactly the packages it names, with no Patch Changes for a first release', async () => {
    const released = packages.filter((p) =>
      changesets.some((c) => c.releases.some((r) => r.name === p.name)),
    );
    expect(released.length).toBeGreaterThan(0);
    for (const pkg of released) {
      const text = await readFile(join(copy, pkg.dir, 'CHANGELOG.md'), 'utf8');
      const manifest = JSON.parse(await readFile(join(copy, pkg.dir, 'package.json'), 'utf8'));
      const section = changelogSections(text).get(manifest.version);
      expect(section, `${pkg.name}: no section for ${manifest.version}`).toBeDefined();
      if (pkg.version === UNPUBLISHED_VERSION) {
        expect([...(section?.keys() ?? [])], `${pkg.name}'s first release`).not.toContain(
          'Patch Changes',
        );
      }
      const entries = [...(section?.values() ?? [])].flat().sort();
      const own = changesets
        .filter((c) => c.releases.some((r) => r.name === pkg.name))
        .map((c) => c.summary.replace(/\s+/g, ' ').trim())
        .sort();
      expect(entries, pkg.name).toEqual(own);
    }
  });
});
