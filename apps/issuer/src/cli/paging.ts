import type { Command } from 'commander';
import { IssuerError } from '../errors.js';
import { positiveInteger } from './api-command.js';

export interface PagingFlags {
  limit?: string;
  after?: string;
  all?: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function addPagingOptions(command: Command): Command {
  return command
    .option('--limit <n>', 'records per page, 1–500 (the API default: 50)')
    .option(
      '--after <cursor>',
      'the page after this one (the cursor printed with the previous page)',
    )
    .option('--all', 'follow the cursor to the last page and print every record');
}

/**
 * One page (`--limit`, `--after`) or, with `--all`, every page followed to the end: then the
 * answer is one page holding every record, with `nextCursor` null.
 */
export async function fetchPages<T>(
  flags: PagingFlags,
  page: (query: { limit?: number; cursor?: string }) => Promise<Page<T>>,
): Promise<Page<T>> {
  const limit = positiveInteger(flags.limit, '--limit');
  if (flags.all === true && flags.after !== undefined) {
    throw new IssuerError('cli_usage', '--all starts at the first page: leave out --after.');
  }
  const query = (cursor: string | undefined) => ({
    ...(limit === undefined ? {} : { limit }),
    ...(cursor === undefined ? {} : { cursor }),
  });
  const first = await page(query(flags.after));
  if (flags.all !== true) return first;
  const items = [...first.items];
  let cursor = first.nextCursor;
  while (cursor !== null) {
    const next = await page(query(cursor));
    items.push(...next.items);
    cursor = next.nextCursor;
  }
  return { items, nextCursor: null };
}

/** The readable form's last line when more pages follow. */
export function nextPageHint(page: Page<unknown>): string {
  return page.nextCursor === null
    ? ''
    : `More: run again with --after ${page.nextCursor} (or --all for every page).\n`;
}
