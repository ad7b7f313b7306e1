import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './packages.js';

export type Bump = 'major' | 'minor' | 'patch';

export interface Changeset {
  /** File name without `.md`. */
  id: string;
  releases: { name: string; type: Bump }[];
  summary: string;
}

export interface WorkspacePackage {
  name: string;
  dir: string;
  version: string;
  private: boolean;
}

/** The version every workspace package has until its first release. */
export const UNPUBLISHED_VERSION = '0.0.0';

/** Parses a changeset file strictly: `---`, one `"name": bump` line per package, `---`, a summary. */
export function parseChangeset(id: string, text: string): Changeset {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`.changeset/${id}.md: no front matter between two "---" lines`);
  const releases = (match[1] ?? '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const release = /^\s*["']?(@?[^"':\s]+)["']?\s*:\s*(major|minor|patch)\s*$/.exec(line);
      if (!release) {
        throw new Error(
          `.changeset/${id}.md: ${JSON.stringify(line)} is not "name": major|minor|patch`,
        );
      }
      return { name: release[1] as string, type: release[2] as Bump };
    });
  return { id, releases, summary: (match[2] ?? '').trim() };
}

export async function readChangesets(root = WORKSPACE_ROOT): Promise<Changeset[]> {
  const dir = join(root, '.changeset');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.md') && f !== 'README.md');
  return Promise.all(
    files
      .sort()
      .map(async (f) => parseChangeset(f.slice(0, -3), await readFile(join(dir, f), 'utf8'))),
  );
}

/** Every package of the workspace (the globs of pnpm-workspace.yaml are `dir/*`). */
export async function workspacePackages(root = WORKSPACE_ROOT): Promise<WorkspacePackage[]> {
  const yaml = await readFile(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const globs = [...yaml.matchAll(/^\s+-\s+["']?([\w./-]+)\/\*["']?\s*$/gm)].map(
    (m) => m[1] as string,
  );
  const found: WorkspacePackage[] = [];
  for (const glob of globs) {
    for (const entry of await readdir(join(root, glob), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = `${glob}/${entry.name}`;
      let manifest: { name?: string; version?: string; private?: boolean };
      try {
        manifest = JSON.parse(await readFile(join(root, dir, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      if (typeof manifest.name !== 'string') continue;
      found.push({
        name: manifest.name,
        dir,
        version: manifest.version ?? UNPUBLISHED_VERSION,
        private: manifest.private === true,
      });
    }
  }
  return found;
}

/**
 * What is wrong with the changesets, one sentence each (empty when nothing is): every named package
 * must exist and be published (public, not ignored); a changeset names exactly one package, so its
 * text lands only in that package's CHANGELOG; an unpublished package gets no `patch` (its first
 * release is a minor: there is no published version to patch).
 */
export function changesetProblems(
  changesets: readonly Changeset[],
  packages: readonly WorkspacePackage[],
  ignored: readonly string[],
): string[] {
  const problems: string[] = [];
  const byName = new Map(packages.map((p) => [p.name, p]));
  for (const changeset of changesets) {
    const at = `.changeset/${changeset.id}.md`;
    if (changeset.releases.length !== 1) {
      problems.push(
        `${at} names ${changeset.releases.length} packages: write one changeset per package, each with a text about that package (changesets copy the text into every named package's CHANGELOG)`,
      );
    }
    if (changeset.summary === '') problems.push(`${at} has no text`);
    for (const { name, type } of changeset.releases) {
      const pkg = byName.get(name);
      if (pkg === undefined) {
        problems.push(`${at} names ${name}, which is not a workspace package`);
      } else if (pkg.private || ignored.includes(name)) {
        problems.push(`${at} names ${name}, which is private or ignored: it is never published`);
      } else if (type === 'patch' && pkg.version === UNPUBLISHED_VERSION) {
        problems.push(
          `${at} gives ${name} a patch, but ${name} is unpublished (${UNPUBLISHED_VERSION}): its first release is a minor; write "minor"`,
        );
      }
    }
  }
  return problems;
}

/** The `## version` sections of a CHANGELOG: version → `### X Changes` heading → entry texts. */
export function changelogSections(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  for (const block of text.split(/^## /m).slice(1)) {
    const [version = '', ...rest] = block.split('\n');
    const headings = new Map<string, string[]>();
    for (const part of rest.join('\n').split(/^### /m).slice(1)) {
      const [heading = '', ...lines] = part.split('\n');
      const entries = lines
        .join('\n')
        .split(/^- /m)
        .slice(1)
        .map((entry) =>
          entry
            .replace(/^[0-9a-f]{7,40}: /, '')
            .replace(/\s+/g, ' ')
            .trim(),
        );
      headings.set(heading.trim(), entries);
    }
    sections.set(version.trim(), headings);
  }
  return sections;
}
