import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './packages.js';

export interface DocBlock {
  /** The Markdown file, relative to the workspace root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The first word of the info string (`ts`, `sh`, …). */
  lang: string;
  /** `no-check` in the info string: the block is shown, not checked (output, placeholders). */
  noCheck: boolean;
  /**
   * `generated` in the info string (docs/guides only): the output of the `runid trust generate`
   * line above it, compared byte for byte by test/guides.test.ts rather than here.
   */
  generated: boolean;
  code: string;
}

/** The Markdown files whose code blocks are checked: every README and docs/guides. */
export async function docFiles(root = WORKSPACE_ROOT): Promise<string[]> {
  const files = ['README.md'];
  for (const parent of ['packages', 'apps', 'tests']) {
    for (const entry of await readdir(join(root, parent), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const readme = `${parent}/${entry.name}/README.md`;
      if (await exists(join(root, readme))) files.push(readme);
    }
  }
  // The apps' operator guides (apps/issuer/docs/deploy.md), beside their READMEs.
  for (const entry of await readdir(join(root, 'apps'), { withFileTypes: true })) {
    const docs = join(root, 'apps', entry.name, 'docs');
    if (!entry.isDirectory() || !(await exists(docs))) continue;
    for (const name of (await readdir(docs)).sort()) {
      if (name.endsWith('.md')) files.push(`apps/${entry.name}/docs/${name}`);
    }
  }
  const guides = join(root, 'docs/guides');
  if (await exists(guides)) {
    for (const name of (await readdir(guides)).sort()) {
      if (name.endsWith('.md')) files.push(`docs/guides/${name}`);
    }
  }
  return files;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The fenced code blocks of a Markdown text (``` fences; an unclosed fence is an error). */
export function codeBlocks(file: string, text: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(.*)$/.exec(lines[i] as string);
    if (!open) continue;
    const indent = (open[1] as string).length;
    const info = (open[2] as string).trim().split(/\s+/);
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j] as string)) {
      body.push((lines[j] as string).slice(indent));
      j++;
    }
    if (j >= lines.length) throw new Error(`${file}:${i + 1}: unclosed code fence`);
    blocks.push({
      file,
      line: i + 1,
      lang: info[0] ?? '',
      noCheck: info.includes('no-check'),
      generated: info.includes('generated'),
      code: `${body.join('\n')}\n`,
    });
    i = j;
  }
  return blocks;
}

/**
 * The `runid …` / `runid-issuer …` command lines of a shell (or ini) block: continuations joined,
 * a `$ ` prompt, an ini `credential_process = `, trailing `# comments` and what follows a `|` or a
 * `>` outside quotes (`runid token … | tr -d '\n' > token.jwt` runs `runid token …`) removed, and
 * `eval "$(runid …)"` unwrapped to its `runid …`.
 */
export function commandLines(code: string): string[] {
  return code
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) =>
      line
        .replace(/^\s*\$\s+/, '')
        .replace(/^\s*credential_process\s*=\s*/, '')
        .replace(/\s+#.*$/, '')
        .replace(/^((?:[^'"|>]|'[^']*'|"[^"]*")*)[|>].*$/, '$1')
        .trim()
        .replace(/^eval\s+"\$\((runid .*)\)"$/, '$1'),
    )
    .filter((line) => /^runid(-issuer)? /.test(line));
}

/** Splits a command line into words (single and double quotes; no expansion). */
export function words(line: string): string[] {
  const out: string[] = [];
  for (const match of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) {
    out.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return out;
}
