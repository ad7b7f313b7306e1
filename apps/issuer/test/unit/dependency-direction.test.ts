import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Dependencies point down: claims and contract at the bottom, the issuer app on top, and inside
// the issuer nothing but the composition roots reaches up into src/http.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const issuerSrc = join(root, 'apps/issuer/src');

/** The workspace packages each package's source may import (its declared, lower layers). */
const LAYERS: Record<string, readonly string[]> = {
  claims: [],
  contract: [],
  trust: ['@runid/claims'],
  verifier: ['@runid/claims'],
  sdk: ['@runid/claims', '@runid/contract', '@runid/trust'],
};

/** Files of the issuer that assemble the HTTP layer and so may import it. */
const COMPOSITION_ROOTS = new Set(['app.ts', 'start-issuer.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every module specifier a TypeScript source names (static, re-export and dynamic imports). */
export function specifiers(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(pattern)) found.push(match[1] as string);
  return found;
}

interface Violation {
  file: string;
  imports: string;
  why: string;
}

/** What is wrong with one issuer file's imports (`file` relative to apps/issuer/src). */
export function issuerViolations(file: string, imports: readonly string[]): Violation[] {
  const out: Violation[] = [];
  const inHttp = file.startsWith('http/');
  for (const spec of imports) {
    if (spec.startsWith('.')) {
      const target = relative(issuerSrc, resolve(issuerSrc, dirname(file), spec));
      if (target.startsWith('..'))
        out.push({ file, imports: spec, why: 'reaches outside apps/issuer/src' });
      else if (target.startsWith('http/') && !inHttp && !COMPOSITION_ROOTS.has(file))
        out.push({ file, imports: spec, why: 'imports up into src/http' });
    } else if (/^@runid\/[^/]+\/src(\/|$)/.test(spec)) {
      out.push({ file, imports: spec, why: "reaches into another package's src/" });
    } else if (spec === '@runid/issuer' || spec.startsWith('@runid/issuer/')) {
      out.push({ file, imports: spec, why: 'imports itself by package name' });
    }
  }
  return out;
}

/** What is wrong with one package file's imports. */
export function packageViolations(
  pkg: string,
  file: string,
  imports: readonly string[],
): Violation[] {
  const allowed = new Set([`@runid/${pkg}`, ...(LAYERS[pkg] ?? [])]);
  const out: Violation[] = [];
  for (const spec of imports) {
    const workspace = /^(@runid\/[^/]+)(\/.*)?$/.exec(spec);
    if (workspace !== null) {
      if (!allowed.has(workspace[1] as string))
        out.push({ file, imports: spec, why: `${pkg} may import only ${[...allowed].join(', ')}` });
      else if (workspace[2]?.startsWith('/src')) out.push({ file, imports: spec, why: 'src/' });
    } else if (spec.startsWith('.')) {
      const target = relative(join(root, 'packages', pkg), resolve(dirname(file), spec));
      if (target.startsWith('..'))
        out.push({ file, imports: spec, why: 'reaches outside its package' });
    }
  }
  return out;
}

describe('dependency direction', () => {
  it('inside the issuer, only the composition roots import src/http', () => {
    const violations = sourceFiles(issuerSrc).flatMap((path) =>
      issuerViolations(relative(issuerSrc, path), specifiers(readFileSync(path, 'utf8'))),
    );
    expect(violations).toEqual([]);
  });

  it.each(Object.keys(LAYERS))('packages/%s imports only the packages below it', (pkg) => {
    const dir = join(root, 'packages', pkg);
    const violations = sourceFiles(join(dir, 'src')).flatMap((path) =>
      packageViolations(pkg, path, specifiers(readFileSync(path, 'utf8'))),
    );
    expect(violations).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    const runtime = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
    expect(runtime.filter((name) => name.startsWith('@runid/')).sort()).toEqual(
      [...(LAYERS[pkg] ?? [])].sort(),
    );
  });

  it('knows every package of the workspace', () => {
    const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(packages.sort()).toEqual(Object.keys(LAYERS).sort());
  });

  it('would notice an upward import', () => {
    expect(specifiers("import type { A } from '../http/x.js';\nexport * from './y.js';")).toEqual([
      '../http/x.js',
      './y.js',
    ]);
    expect(issuerViolations('tokens/mint.ts', ['../http/contract-validator.js'])).toHaveLength(1);
    expect(issuerViolations('cli/run-cli.ts', ['../http/handlers/admin/keys.js'])).toHaveLength(1);
    expect(issuerViolations('http/routes.ts', ['./handlers/tokens.js'])).toEqual([]);
    expect(issuerViolations('app.ts', ['./http/router.js'])).toEqual([]);
    expect(issuerViolations('keys/x.ts', ['@runid/contract/src/index.js'])).toHaveLength(1);
    expect(
      packageViolations('claims', join(root, 'packages/claims/src/a.ts'), ['@runid/sdk']),
    ).toHaveLength(1);
    expect(
      packageViolations('verifier', join(root, 'packages/verifier/src/a.ts'), ['@runid/claims']),
    ).toEqual([]);
  });
});
