import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_OPTIONS } from '../../src/config/schema.js';
import { IssuerError, loadConfig } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'runid-config-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEK = Buffer.alloc(32, 7).toString('base64');
const ADMIN = `rid_admin_${'A'.repeat(43)}`;

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

function failure(env: Record<string, string>): IssuerError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(IssuerError);
    return error as IssuerError;
  }
  throw new Error('loadConfig accepted the configuration');
}

describe('*_FILE variants of the secrets', () => {
  it('has a file variant for every secret', () => {
    const secrets = CONFIG_OPTIONS.filter((o) => 'secret' in o && o.secret).map((o) => o.env);
    const files = new Set(CONFIG_OPTIONS.map((o) => o.env));
    expect(secrets.sort()).toEqual([
      'DATABASE_URL',
      'RUNID_BOOTSTRAP_ADMIN_KEY',
      'RUNID_KEK',
      'RUNID_KEK_PREVIOUS',
    ]);
    for (const secret of secrets) expect(files, secret).toContain(`${secret}_FILE`);
  });

  it('reads DATABASE_URL_FILE and RUNID_BOOTSTRAP_ADMIN_KEY_FILE (a mounted secret with its newline)', () => {
    const config = loadConfig({
      DATABASE_URL_FILE: file('db', 'postgres://runid:pw@db:5432/runid\n'),
      RUNID_BOOTSTRAP_ADMIN_KEY_FILE: file('admin', `${ADMIN}\n`),
      RUNID_KEK_FILE: file('kek', `${KEK}\n`),
    });
    expect(config.databaseUrl).toBe('postgres://runid:pw@db:5432/runid');
    expect(config.bootstrapAdminKey).toBe(ADMIN);
    expect(config.kek).toEqual({ kind: 'file', path: join(dir, 'kek') });
  });

  it('refuses a variable and its file together, an unreadable file, and a bad value read from a file — never echoing it', () => {
    const both = failure({
      DATABASE_URL: 'postgres://a@b/c',
      DATABASE_URL_FILE: file('db2', 'postgres://a@b/c'),
      RUNID_KEK: KEK,
    });
    expect(both.message).toContain('DATABASE_URL and DATABASE_URL_FILE are both set');

    const missing = failure({ RUNID_BOOTSTRAP_ADMIN_KEY_FILE: join(dir, 'nope') });
    expect(missing.message).toContain(
      `RUNID_BOOTSTRAP_ADMIN_KEY_FILE names ${join(dir, 'nope')}, which cannot be read (ENOENT)`,
    );

    const bad = failure({
      RUNID_BOOTSTRAP_ADMIN_KEY_FILE: file('bad', 'rid_admin_short-secret\n'),
    });
    expect(bad.message).toContain(
      'RUNID_BOOTSTRAP_ADMIN_KEY (read from RUNID_BOOTSTRAP_ADMIN_KEY_FILE) must be',
    );
    expect(bad.message).not.toContain('short-secret');
  });

  it('counts DATABASE_URL_FILE as DATABASE_URL when it asks for a KEK', () => {
    const error = failure({ DATABASE_URL_FILE: file('db3', 'postgres://a@b/c') });
    expect(error.message).toContain('RUNID_KEK (or RUNID_KEK_FILE) is required with DATABASE_URL');
  });
});
