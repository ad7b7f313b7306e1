import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import { exportLine } from './event-view.js';
import { readTrail, type TrailFilter, type TrailPage } from './trail.js';

/** Entries read from the store per page of the export: memory stays bounded by this. */
export const EXPORT_PAGE = 500;

/**
 * The NDJSON export, oldest first, one chunk per page read. Ends with the `end` line counting
 * the lines before it; when the store fails part-way the stream ends without it (the status
 * was sent long ago), which is how a reader tells a cut-short export from a complete one.
 */
export async function* exportNdjson(
  store: Store,
  filter: TrailFilter,
  first: TrailPage,
  logger?: Logger,
): AsyncGenerator<string> {
  let page = first;
  let count = 0;
  for (;;) {
    if (page.entries.length > 0) {
      yield page.entries.map((entry) => `${JSON.stringify(exportLine(entry))}\n`).join('');
      count += page.entries.length;
    }
    if (page.next === undefined) break;
    try {
      page = await readTrail(store, filter, { order: 'asc', after: page.next, limit: EXPORT_PAGE });
    } catch (error) {
      logger?.error({ err: error, lines: count }, 'audit export cut short: the store failed');
      return;
    }
  }
  yield `${JSON.stringify({ recordType: 'end', count })}\n`;
}
