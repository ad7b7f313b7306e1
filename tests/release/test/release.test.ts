import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { licenseProblems } from '../src/license.js';
import {
  dataEntryPoints,
  entryPoints,
  type PackageManifest,
  PUBLIC_PACKAGES,
  readManifest,
  WORKSPACE_ROOT,
} from '../src/packages.js';
import { run } from '../src/run.js';
import { danglingSourceMaps } from '../src/source-maps.js';

// Packs every public package as a release would, then checks the tarballs the way a consumer meets
// them: publint and arethetypeswrong on each, then a fresh project that installs all the tarballs
// and imports every entry point, from JavaScript and from TypeScript.

interface Packed {
  dir: string;
  manifest: PackageManifest;
  tarball: string;
}

let work: string;
const packed: Packed[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'runid-release-'));
  for (const dir of PUBLIC_PACKAGES) {
    const manifest = await readManifest(dir);
    const result = await run('pnpm', ['pack', '--pack-destination', work], {
      cwd: `${WORKSPACE_ROOT}/${dir}`,
    });
    expect(result.code, `pnpm pack failed in ${dir}: ${result.stderr}`).toBe(0);
    const tarball = result.stdout.trim().split('\n').pop() ?? '';
    expect(tarball).toMatch(/\.tgz$/);
    packed.push({ dir, manifest, tarball });
  }
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe.each(PUBLIC_PACKAGES.map((dir) => ({ dir })))('$dir', ({ dir }) => {
  const pkg = () => {
    const found = packed.find((p) => p.dir === dir);
    if (!found) throw new Error(`${dir} was not packed`);
    return found;
  };

  it('has the manifest fields a release needs', () => {
    const { manifest } = pkg();
    expect(manifest.name).toMatch(/^@runid\//);
    expect(manifest.private).not.toBe(true);
    expect(manifest.license).toBe('Apache-2.0');
    expect(manifest.repository?.url).toMatch(/^git\+https:\/\//);
    expect(manifest.repository?.directory).toBe(dir);
    expect(manifest.engines?.node).toMatch(/>=\s*20/);
    expect(manifest.files).toContain('dist');
    const root = manifest.exports?.['.'] as Record<string, string> | undefined;
    expect(Object.keys(root ?? {})[0], 'the types condition must come first').toBe('types');
  });

  it('passes publint (strict)', async () => {
    const { messages, pkg: json } = await publint({
      pkgDir: `${WORKSPACE_ROOT}/${dir}`,
      level: 'suggestion',
      strict: true,
      pack: 'pnpm',
    });
    expect(messages.map((m) => formatMessage(m, json, { color: false }))).toEqual([]);
  });

  it('passes arethetypeswrong (ESM-only profile)', async () => {
    const data = dataEntryPoints(pkg().manifest);
    const args = ['exec', 'attw', pkg().tarball, '--profile', 'esm-only', '--format', 'ascii'];
    if (data.length > 0) args.push('--exclude-entrypoints', ...data);
    const result = await run('pnpm', [...args, '--no-color'], {
      cwd: `${WORKSPACE_ROOT}/tests/release`,
    });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  });

  // Published maps must resolve inside the tarball: a map whose `sources` point at files that are
  // not shipped (src/ is not) only produces "could not load source" warnings in debuggers.
  // No package emits maps (tsconfig.base.json); this keeps a new package or an override honest.
  it('ships no dangling source maps', async () => {
    const unpacked = await mkdtemp(join(tmpdir(), 'runid-unpack-'));
    try {
      const result = await run('tar', ['-xzf', pkg().tarball, '-C', unpacked], { cwd: work });
      expect(result.code, result.stderr).toBe(0);
      expect(await danglingSourceMaps(join(unpacked, 'package'))).toEqual([]);
    } finally {
      await rm(unpacked, { recursive: true, force: true });
    }
  });

  it('ships its manifest and no test files', async () => {
    const result = await run('tar', ['-tzf', pkg().tarball], { cwd: work });
    const files = result.stdout.split('\n').filter(Boolean);
    expect(files.filter((f) => /\.test\.|\/test\/|\.test-d\./.test(f))).toEqual([]);
    expect(files).toContain('package/package.json');
  });

  it('has the repository LICENSE (Apache-2.0) in its folder and in its tarball', async () => {
    const repository = await readFile(join(WORKSPACE_ROOT, 'LICENSE'), 'utf8');
    const inFolder = await readFile(join(WORKSPACE_ROOT, dir, 'LICENSE'), 'utf8').catch(
      () => undefined,
    );
    const listed = await run('tar', ['-tzf', pkg().tarball], { cwd: work });
    const packedLicense = listed.stdout.split('\n').includes('package/LICENSE')
      ? (await run('tar', ['-xOzf', pkg().tarball, 'package/LICENSE'], { cwd: work })).stdout
      : undefined;
    expect([
      ...licenseProblems(dir, inFolder, repository),
      ...licenseProblems(`the tarball of ${dir}`, packedLicense, repository),
    ]).toEqual([]);
  });
});

describe('a fresh project installing the tarballs', () => {
  let project: string;

  beforeAll(async () => {
    project = join(work, 'consumer');
    await mkdir(project, { recursive: true });
    const deps = Object.fromEntries(packed.map((p) => [p.manifest.name, `file:${p.tarball}`]));
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify(
        { name: 'consumer', private: true, type: 'module', dependencies: deps, overrides: deps },
        null,
        2,
      ),
    );
    const install = await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
      { cwd: project, timeoutMs: 600_000 },
    );
    expect(install.code, install.stderr).toBe(0);
  }, 600_000);

  it('imports every entry point from JavaScript', async () => {
    const specifiers = packed.flatMap((p) => entryPoints(p.manifest));
    const script = [
      `const specifiers = ${JSON.stringify(specifiers)};`,
      'for (const s of specifiers) {',
      '  const mod = await import(s);',
      "  if (Object.keys(mod).length === 0) throw new Error(s + ' exports nothing');",
      "  console.log(s + ': ' + Object.keys(mod).length + ' exports');",
      '}',
    ].join('\n');
    await writeFile(join(project, 'imports.mjs'), script);
    const result = await run('node', ['imports.mjs'], { cwd: project });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(specifiers.length);
  });

  it('type-checks every entry point from TypeScript (NodeNext)', async () => {
    const specifiers = packed.flatMap((p) => entryPoints(p.manifest));
    const source = specifiers
      .map((s, i) => `import * as m${i} from '${s}';\nexport const k${i} = Object.keys(m${i});`)
      .join('\n');
    await writeFile(join(project, 'consumer.ts'), `${source}\n`);
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [`${WORKSPACE_ROOT}/node_modules/@types`],
        },
        files: ['consumer.ts'],
      }),
    );
    const tsc = `${WORKSPACE_ROOT}/node_modules/typescript/bin/tsc`;
    const result = await run('node', [tsc, '-p', 'tsconfig.json'], { cwd: project });
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it('runs every command-line tool the packages ship', async () => {
    const bins = packed.flatMap((p) => Object.keys(p.manifest.bin ?? {}));
    for (const bin of bins) {
      const result = await run(join(project, 'node_modules/.bin', bin), ['--help'], {
        cwd: project,
      });
      expect(result.code, `${bin} --help: ${result.stderr}`).toBe(0);
      expect(result.stdout).toMatch(/Usage/i);
    }
  });
});
