import { codeBlocks, type DocBlock } from './doc-blocks.js';
import { type ShellLine, shellLines } from './shell-lines.js';

/** The cloud guides, in docs/guides: each one is run by test/guides.test.ts. */
export const GUIDES = ['aws', 'azure', 'gcp', 'vault'] as const;

/** Info-string marker of a block that is the output of the `runid trust generate` line above it. */
export const GENERATED = 'generated';

const SHELL = new Set(['sh', 'bash', 'shell']);

export interface GeneratedPair {
  /** The block holding the `runid trust generate …` line. */
  command: DocBlock;
  line: ShellLine;
  /** The block right after it, marked `generated`. */
  output: DocBlock;
}

export const isGenerated = (b: DocBlock, text: string): boolean =>
  infoWords(b, text).includes(GENERATED);

/** The info-string words of a block's opening fence. */
export function infoWords(b: DocBlock, text: string): string[] {
  const fence = text.split('\n')[b.line - 1] ?? '';
  return fence
    .replace(/^\s*```/, '')
    .trim()
    .split(/\s+/);
}

export function isShell(b: DocBlock): boolean {
  return SHELL.has(b.lang);
}

/**
 * Pairs every `runid trust generate` line with the block after it. Problems (a generate line not
 * followed by a `generated` block, two in one block, a `generated` block after anything else) are
 * returned as messages.
 */
export function generatedPairs(
  file: string,
  text: string,
): { blocks: DocBlock[]; pairs: GeneratedPair[]; problems: string[] } {
  const blocks = codeBlocks(file, text);
  const pairs: GeneratedPair[] = [];
  const problems: string[] = [];
  const claimed = new Set<DocBlock>();
  blocks.forEach((b, i) => {
    if (!isShell(b) || isGenerated(b, text)) return;
    const lines = shellLines(b.code).filter((l) =>
      l.words.join(' ').startsWith('runid trust generate '),
    );
    if (lines.length === 0) return;
    const next = blocks[i + 1];
    if (lines.length > 1)
      problems.push(`${file}:${b.line}: one runid trust generate line per block`);
    else if (!next || !isGenerated(next, text))
      problems.push(
        `${file}:${b.line}: the block after a runid trust generate line must be its output, marked \`${GENERATED}\``,
      );
    else {
      pairs.push({ command: b, line: lines[0] as ShellLine, output: next });
      claimed.add(next);
    }
  });
  for (const b of blocks) {
    if (isGenerated(b, text) && !claimed.has(b))
      problems.push(
        `${file}:${b.line}: a \`${GENERATED}\` block must follow the runid trust generate line that prints it`,
      );
  }
  return { blocks, pairs, problems };
}

/** Replaces the bodies of the given blocks (rewrite mode), keeping everything else byte for byte. */
export function replaceBodies(text: string, bodies: Map<DocBlock, string>): string {
  const lines = text.split('\n');
  const sorted = [...bodies.entries()].sort(([a], [b]) => b.line - a.line);
  for (const [b, body] of sorted) {
    const start = b.line; // index of the first body line (fence is at b.line - 1)
    let end = start;
    while (!/^\s*```\s*$/.test(lines[end] as string)) end++;
    lines.splice(start, end - start, ...body.replace(/\n$/, '').split('\n'));
  }
  return lines.join('\n');
}

export interface TroubleshootingRow {
  /** 1-based line in the guide. */
  line: number;
  /** The cloud's error code, when the first cell names one before the message. */
  code?: string;
  /** The literal message; `…` stands for the parts that vary (times, names). */
  message: string;
  /** The reproducing command, when there is one. */
  command?: string;
  cells: string[];
}

/** The rows of the table under the `## Troubleshooting` heading. */
export function troubleshootingRows(text: string): TroubleshootingRow[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^##+ Troubleshooting/.test(l));
  if (start < 0) return [];
  const rows: TroubleshootingRow[] = [];
  for (let i = start + 1; i < lines.length && !/^#/.test(lines[i] as string); i++) {
    const l = lines[i] as string;
    if (!l.startsWith('|') || /^\|\s*-/.test(l)) continue;
    const cells = l
      .slice(1, l.endsWith('|') ? -1 : undefined)
      .split(' | ')
      .map((c) => c.trim());
    const spans = [...(cells[0] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
    if (spans.length === 0) continue; // the header
    const command = [...(cells[2] ?? '').matchAll(/`([^`]+)`/g)]
      .map((m) => m[1] as string)
      .find((c) => c.startsWith('runid trust simulate '));
    rows.push({
      line: i + 1,
      ...(spans.length > 1 ? { code: spans[0] as string } : {}),
      message: spans.at(-1) as string,
      ...(command === undefined ? {} : { command }),
      cells,
    });
  }
  return rows;
}

/** `…` in a documented message matches any text there. */
export function messagePattern(message: string): RegExp {
  return new RegExp(
    `^${message
      .split('…')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*?')}$`,
  );
}
