import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, serveCli } from '../support/cli-process.js';
import { KEK } from '../support/issuer.js';
import { createTempDatabase, postgresUrlOrSkip, type TempDatabase } from '../support/postgres.js';

const pgUrl = postgresUrlOrSkip();
const dataDir = mkdtempSync(join(tmpdir(), 'runid-startup-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The base URL with another role, password, host:port or database. */
function variant(change: (url: URL) => void): string {
  const url = new URL(pgUrl as string);
  change(url);
  return url.toString();
}

describe.skipIf(pgUrl === undefined)(
  'start-up failures print their cause (real PostgreSQL), credentials masked',
  () => {
    const env = { RUNID_KEK: KEK, RUNID_DATA_DIR: dataDir, RUNID_PORT: '0' };
    const cases = [
      {
        name: 'an unreachable server',
        url: () =>
          variant((u) => {
            u.hostname = '127.0.0.1';
            u.port = '1';
            u.password = 'hunter2-secret';
          }),
        says: [
          'Cannot reach PostgreSQL at 127.0.0.1:1 (DATABASE_URL): connect ECONNREFUSED 127.0.0.1:1',
        ],
      },
      {
        name: 'a missing database',
        url: () =>
          variant((u) => {
            u.pathname = '/runid_no_such_database';
            u.password = 'hunter2-secret';
          }),
        says: [
          'has no database "runid_no_such_database" (DATABASE_URL): database "runid_no_such_database" does not exist (SQLSTATE 3D000)',
        ],
      },
      {
        name: 'a bad role',
        url: () =>
          variant((u) => {
            u.username = 'runid_no_such_role';
            u.password = 'hunter2-secret';
          }),
        says: [
          'refused role "runid_no_such_role" (DATABASE_URL)',
          '"runid_no_such_role"',
          'SQLSTATE 28',
        ],
      },
    ];
    it.each(cases)('$name: exit 3 with the server’s own words', async ({ url, says }) => {
      const result = await runCli(['serve'], { ...env, DATABASE_URL: url() });
      expect(result.code).toBe(3);
      for (const text of says) expect(result.stderr).toContain(text);
      expect(result.stderr).not.toContain('hunter2-secret');
      expect(result.stderr).not.toContain('see the cause');
    });

    it('`migrate` tells the same', async () => {
      const result = await runCli(['migrate'], {
        ...env,
        DATABASE_URL: variant((u) => {
          u.pathname = '/runid_no_such_database';
        }),
      });
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('database "runid_no_such_database" does not exist');
    });

    it('shows no first-token walkthrough on PostgreSQL, even on a fresh database', async () => {
      let database: TempDatabase | undefined;
      try {
        database = await createTempDatabase(pgUrl as string);
        const serving = await serveCli({ ...env, DATABASE_URL: database.url });
        const code = await serving.stop();
        expect(
          code,
          `${serving.stdout()}\n${serving.stderr()}\nsignal ${serving.child.signalCode}`,
        ).toBe(0);
        expect(serving.stderr()).toContain('A bootstrap admin key was generated');
        expect(serving.stderr()).not.toContain('Mint a first token');
      } finally {
        await database?.drop();
      }
    });
  },
);
