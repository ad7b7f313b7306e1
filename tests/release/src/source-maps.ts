import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}

/**
 * Every reference that does not resolve inside the unpacked package `root`: a
 * `sourceMappingURL` comment naming a missing map, or a map whose `sources` are not shipped.
 * Shipping maps is fine when their sources ship too; this only refuses the dangling kind.
 */
export async function danglingSourceMaps(root: string): Promise<string[]> {
  const files = await walk(root);
  const present = new Set(files.map((f) => resolve(f)));
  const problems: string[] = [];
  for (const file of files) {
    const rel = relative(root, file);
    if (/\.(c|m)?js$|\.d\.(c|m)?ts$/.test(file)) {
      const text = await readFile(file, 'utf8');
      for (const m of text.matchAll(/^\/\/# sourceMappingURL=(\S+)\s*$/gm)) {
        const url = m[1] as string;
        if (url.startsWith('data:')) continue;
        if (!present.has(resolve(dirname(file), url)))
          problems.push(`${rel}: map ${url} not shipped`);
      }
    }
    if (file.endsWith('.map')) {
      const map = JSON.parse(await readFile(file, 'utf8')) as {
        sources?: string[];
        sourcesContent?: (string | null)[];
        sourceRoot?: string;
      };
      for (const [i, source] of (map.sources ?? []).entries()) {
        if (typeof map.sourcesContent?.[i] === 'string') continue; // inlined: nothing to load
        const target = resolve(dirname(file), map.sourceRoot ?? '', source);
        if (!present.has(target)) problems.push(`${rel}: source ${source} not shipped`);
      }
    }
  }
  return problems.sort();
}
