import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'runid-open-store-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('opening the embedded store', () => {
  it('refuses a data directory left by the PGlite store, saying what to do, and creates nothing', async () => {
    const dataDir = tempDir();
    mkdirSync(join(dataDir, 'pgdata'));
    writeFileSync(join(dataDir, 'pgdata', 'PG_VERSION'), '17\n');
    const opened = openStore({ dataDir });
    await expect(opened).rejects.toMatchObject({ code: 'store_failed' });
    await expect(opened).rejects.toThrow(
      /earlier RunID version \(PGlite.*move pgdata\/ out of RUNID_DATA_DIR/,
    );
    expect(readdirSync(dataDir)).toEqual(['pgdata']);
  });

  it('opens SQLite in WAL mode with synchronous=FULL and one process at a time', async () => {
    const dataDir = tempDir();
    const store = await openStore({ dataDir });
    try {
      expect(store.backend).toBe('sqlite');
      expect(existsSync(join(dataDir, 'runid.sqlite'))).toBe(true);
      const db = (store as import('../../src/store/sqlite-store.js').SqliteStore).database;
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      // 2 = FULL: the WAL is synced at every commit.
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      await expect(openStore({ dataDir })).rejects.toMatchObject({ code: 'store_failed' });
    } finally {
      await store.close();
    }
    const again = await openStore({ dataDir });
    expect(await again.migrate()).toEqual([]);
    await again.close();
  });
});
