import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The published packages, by their folder under the workspace root. */
export const PUBLIC_PACKAGES = [
  'packages/claims',
  'packages/contract',
  'packages/verifier',
  'packages/sdk',
  'packages/trust',
  'apps/issuer',
] as const;

export const WORKSPACE_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  repository?: { type?: string; url?: string; directory?: string };
  engines?: { node?: string };
  files?: string[];
  bin?: Record<string, string>;
  exports?: Record<string, unknown>;
}

export async function readManifest(dir: string): Promise<PackageManifest> {
  return JSON.parse(await readFile(`${WORKSPACE_ROOT}/${dir}/package.json`, 'utf8'));
}

/** The JavaScript entry points a consumer can import: every `exports` key but data files. */
export function entryPoints(manifest: PackageManifest): string[] {
  return Object.keys(manifest.exports ?? { '.': null })
    .filter((key) => key !== './package.json' && !/\.(ya?ml|json)$/.test(key))
    .map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`));
}

/** The `exports` keys that are data files (YAML, JSON): no types to check there. */
export function dataEntryPoints(manifest: PackageManifest): string[] {
  return Object.keys(manifest.exports ?? {}).filter((key) => /\.(ya?ml|json)$/.test(key));
}
