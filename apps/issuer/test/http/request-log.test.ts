import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningIssuer, startIssuer } from '../../src/index.js';
import { createLogger, REQUEST_LINE_KEYS } from '../../src/observability/logger.js';
import { DEPLOYMENT, KEK } from '../support/issuer.js';

// The production logger (createLogger, with its redaction), writing into memory.
const lines: string[] = [];
const logger = createLogger('info', { write: (line: string) => lines.push(line) });
const dataDir = mkdtempSync(join(tmpdir(), 'runid-log-'));
let issuer: RunningIssuer;
let clientKey: string;

beforeAll(async () => {
  issuer = await startIssuer({
    env: { RUNID_DATA_DIR: dataDir, RUNID_KEK: KEK },
    port: 0,
    logger,
  });
  const created = await fetch(`${issuer.url}/api/v1/admin/clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${issuer.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'log', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] }),
  });
  clientKey = ((await created.json()) as { key: string }).key;
}, 30_000);

afterAll(async () => {
  await issuer.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const requestLines = () =>
  lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request');

describe('the request log line', () => {
  it('has exactly its fields, and no secret sent in a header or the body reaches the log', async () => {
    const cookie = `session=${randomBytes(16).toString('hex')}`;
    const bodySecret = randomBytes(16).toString('hex');
    const minted = await fetch(`${issuer.url}/api/v1/tokens`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${clientKey}`,
        'content-type': 'application/json',
        cookie,
        // A key sent by mistake as the request id is replaced, not echoed into the log.
        'x-request-id': clientKey,
      },
      body: JSON.stringify(DEPLOYMENT),
    });
    expect(minted.status).toBe(201);
    const { token } = (await minted.json()) as { token: string };
    expect(minted.headers.get('x-request-id')).not.toBe(clientKey);
    const refused = await fetch(`${issuer.url}/api/v1/tokens?key=${bodySecret}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...DEPLOYMENT, password: bodySecret, token: bodySecret }),
    });
    expect(refused.status).toBe(400);
    const unauthenticated = await fetch(`${issuer.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'trace-1' },
    });
    expect(unauthenticated.status).toBe(401);

    const entries = requestLines().filter((e) => e.route === '/api/v1/tokens');
    expect(entries).toHaveLength(3);
    const base = ['level', 'time', 'service', 'msg'];
    for (const [entry, keys] of [
      [entries[0], [...base, ...REQUEST_LINE_KEYS]],
      [entries[1], [...base, ...REQUEST_LINE_KEYS]],
      [entries[2], [...base, ...REQUEST_LINE_KEYS.filter((k) => k !== 'clientId')]],
    ] as const) {
      expect(Object.keys(entry).sort()).toEqual([...keys].sort());
    }
    expect(entries.map((e) => [e.method, e.status])).toEqual([
      ['POST', 201],
      ['POST', 400],
      ['POST', 401],
    ]);
    expect(entries[0].service).toBe('runid-issuer');
    expect(entries[0].clientId).toMatch(/^cl/);
    expect(typeof entries[0].ms).toBe('number');
    expect(typeof entries[0].time).toBe('string');
    expect(entries[2].requestId).toBe('trace-1');

    const text = lines.join('');
    for (const secret of [
      clientKey,
      issuer.adminKey,
      token,
      token.split('.')[2],
      cookie,
      bodySecret,
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain(clientKey.slice(11, 30));
  });

  it('keeps the redaction of every other line', () => {
    const secrets = {
      token: `t-${randomBytes(8).toString('hex')}`,
      kek: `k-${randomBytes(8).toString('hex')}`,
      d: `d-${randomBytes(8).toString('hex')}`,
      authorization: `a-${randomBytes(8).toString('hex')}`,
      nested: {
        privateKey: `p-${randomBytes(8).toString('hex')}`,
        databaseUrl: `u-${randomBytes(8).toString('hex')}`,
      },
    };
    logger.warn(secrets, 'with secrets');
    const line = lines.find((l) => l.includes('with secrets'));
    expect(line).toBeDefined();
    const entry = JSON.parse(line as string);
    expect(entry.token).toBe('[redacted]');
    expect(entry.kek).toBe('[redacted]');
    expect(entry.d).toBe('[redacted]');
    expect(entry.authorization).toBe('[redacted]');
    expect(entry.nested).toEqual({ privateKey: '[redacted]', databaseUrl: '[redacted]' });
    for (const value of [
      secrets.token,
      secrets.kek,
      secrets.d,
      secrets.authorization,
      secrets.nested.privateKey,
      secrets.nested.databaseUrl,
    ]) {
      expect(line).not.toContain(value);
    }
  });
});
