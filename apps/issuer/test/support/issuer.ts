import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { type RunningIssuer, startIssuer } from '../../src/index.js';
import { createTempDatabase, type TempDatabase } from './postgres.js';

/** A clock tests move by hand. Starts at a fixed, realistic time. */
export function manualClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)) {
  let now = start;
  const clock = () => now;
  return Object.assign(clock, {
    advance(ms: number) {
      now += ms;
    },
    set(ms: number) {
      now = ms;
    },
  });
}

/** Every log line the issuer wrote, raw, so tests can search for leaked secrets. */
export function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines, text: () => lines.join('') };
}

export type Backend = 'sqlite' | 'postgres';

export interface TestIssuer extends RunningIssuer {
  dataDir: string;
  env: Record<string, string>;
  clock: ReturnType<typeof manualClock>;
  logs: ReturnType<typeof captureLogs>;
  /** A fetch against the issuer with JSON helpers. */
  call(
    method: string,
    path: string,
    options?: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  ): Promise<{ status: number; headers: Headers; json: any; text: string }>;
}

export const KEK = randomBytes(32).toString('base64');

export interface StartTestIssuerOptions {
  backend?: Backend;
  databaseUrl?: string;
  dataDir?: string;
  env?: Record<string, string>;
  clock?: ReturnType<typeof manualClock>;
}

export async function startTestIssuer(options: StartTestIssuerOptions = {}): Promise<TestIssuer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'runid-test-'));
  const env: Record<string, string> = {
    RUNID_DATA_DIR: dataDir,
    RUNID_KEK: KEK,
    ...(options.databaseUrl !== undefined && { DATABASE_URL: options.databaseUrl }),
    ...options.env,
  };
  const clock = options.clock ?? manualClock();
  const logs = captureLogs();
  const issuer = await startIssuer({ env, port: 0, clock, logger: logs.logger });
  return Object.assign(issuer, {
    dataDir,
    env,
    clock,
    logs,
    async call(
      method: string,
      path: string,
      opts: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
    ) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.key !== undefined) headers.authorization = `Bearer ${opts.key}`;
      let body: string | undefined;
      if (opts.raw !== undefined) body = opts.raw;
      else if (opts.body !== undefined) body = JSON.stringify(opts.body);
      if (
        body !== undefined &&
        !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
      ) {
        headers['content-type'] = 'application/json';
      }
      const response = await fetch(`${issuer.url}${path}`, {
        method,
        headers,
        ...(body !== undefined && { body }),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, json, text };
    },
  });
}

/** Starts an issuer on the chosen backend; returns it with a cleanup for afterAll. */
export async function issuerOn(
  backend: Backend,
  postgresBaseUrl: string | undefined,
  options: StartTestIssuerOptions = {},
) {
  let database: TempDatabase | undefined;
  if (backend === 'postgres') {
    if (postgresBaseUrl === undefined) throw new Error('no DATABASE_URL');
    database = await createTempDatabase(postgresBaseUrl);
  }
  const issuer = await startTestIssuer({
    ...options,
    ...(database && { databaseUrl: database.url }),
  });
  return {
    issuer,
    async cleanup() {
      await issuer.close();
      await database?.drop();
      rmSync(issuer.dataDir, { recursive: true, force: true });
    },
  };
}

export const DEPLOYMENT = {
  kind: 'deployment',
  org: 'acme',
  project: 'web',
  stack: 'dev',
  operation: 'update',
  deployment: 7,
} as const;

export const ENVIRONMENT = {
  kind: 'environment',
  org: 'acme',
  platform: 'aws',
  currentEnvironment: 'web/dev',
  user: 'alice',
} as const;

export const OIDC = {
  kind: 'oidc',
  org: 'acme',
  orgId: 'org-123',
  currentEnvironment: { name: 'web/dev', id: 'env-1' },
  rootEnvironment: { name: 'web/dev', id: 'env-1' },
  actor: { login: 'alice', id: 'user-1' },
  audience: 'sts.amazonaws.com',
} as const;

/** A client created through the admin API with the issuer's admin key: its key and id. */
export async function createTestClient(
  issuer: TestIssuer,
  name: string,
  grants: unknown[],
): Promise<{ key: string; id: string }> {
  const created = await issuer.call('POST', '/api/v1/admin/clients', {
    key: issuer.adminKey,
    body: { name, grants },
  });
  if (created.status !== 201) throw new Error(`creating client ${name}: ${created.text}`);
  return { key: created.json.key as string, id: created.json.id as string };
}
