import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IssuerError, loadConfig, renderConfigurationDoc } from '../../src/index.js';

const KEK = Buffer.alloc(32, 7).toString('base64');

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(IssuerError);
    expect((error as IssuerError).code).toBe('invalid_config');
    return (error as IssuerError).errors?.map((e) => e.message) ?? [];
  }
  return [];
}

describe('loadConfig', () => {
  it('has safe defaults and a frozen result', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      issuerUrl: undefined,
      signingAlg: 'RS256',
      jwksMaxAgeSeconds: 600,
      logLevel: 'info',
      subjectNamespace: 'pulumi',
      claimNamespace: 'https://pulumi.com/',
    });
    expect(config.dataDir).toMatch(/\.runid$/);
    expect(config.kek.kind).toBe('generated');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      RUNID_PORT: '9000',
      RUNID_HOST: '0.0.0.0',
      RUNID_ISSUER_URL: 'https://id.example.com',
      RUNID_DATA_DIR: '/var/lib/runid',
      DATABASE_URL: 'postgres://u@db:5432/runid',
      RUNID_KEK: KEK,
      RUNID_SIGNING_ALG: 'ES256',
      RUNID_JWKS_MAX_AGE: '300',
      RUNID_LOG_LEVEL: 'debug',
      RUNID_SHUTDOWN_TIMEOUT: '3',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      issuerUrl: 'https://id.example.com',
      dataDir: '/var/lib/runid',
      databaseUrl: 'postgres://u@db:5432/runid',
      signingAlg: 'ES256',
      jwksMaxAgeSeconds: 300,
      logLevel: 'debug',
      shutdownTimeoutSeconds: 3,
    });
    expect(config.kek).toEqual({ kind: 'env', key: Buffer.alloc(32, 7) });
  });

  it('reports every problem at once, each by variable name', () => {
    const found = problems({
      RUNID_PORT: 'eighty',
      RUNID_ISSUER_URL: 'http://id.example.com',
      RUNID_KEK: 'c2hvcnQ=',
      RUNID_SIGNING_ALG: 'HS256',
      RUNID_JWKS_MAX_AGE: '60',
      RUNID_LOG_LEVEL: 'loud',
      RUNID_BOOTSTRAP_ADMIN_KEY: 'hunter2',
    });
    for (const name of [
      'RUNID_PORT',
      'RUNID_ISSUER_URL',
      'RUNID_KEK',
      'RUNID_SIGNING_ALG',
      'RUNID_JWKS_MAX_AGE',
      'RUNID_LOG_LEVEL',
      'RUNID_BOOTSTRAP_ADMIN_KEY',
    ]) {
      expect(
        found.some((p) => p.startsWith(`${name} `)),
        name,
      ).toBe(true);
    }
  });

  it('never echoes a secret value in its messages', () => {
    const secret = 'rid_admin_tooshort-but-secret';
    const error = (() => {
      try {
        loadConfig({ RUNID_BOOTSTRAP_ADMIN_KEY: secret, RUNID_KEK: 'c2VjcmV0LWtleQ==' });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a failure');
    })();
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain('c2VjcmV0LWtleQ==');
  });

  it('refuses DATABASE_URL without a KEK, and both KEK sources at once', () => {
    expect(problems({ DATABASE_URL: 'postgres://db/runid' }).join('\n')).toMatch(
      /RUNID_KEK .*required with DATABASE_URL/,
    );
    expect(problems({ RUNID_KEK: KEK, RUNID_KEK_FILE: '/run/secrets/kek' }).join('\n')).toMatch(
      /both set/,
    );
  });

  it.each([
    ['https://id.example.com', true],
    ['http://localhost:8080', true],
    ['http://127.0.0.1:3000', true],
    ['http://[::1]:3000', true],
    ['https://id.example.com/runid', true],
    ['http://id.example.com', false],
    ['https://id.example.com:8443', false],
    ['https://id.example.com/', false],
    ['https://id.example.com?x=1', false],
    ['https://id.example.com#frag', false],
    ['https://ID.example.com', false],
    ['https://user:pw@id.example.com', false],
    ['ftp://id.example.com', false],
    ['id.example.com', false],
    [`https://id.example.com/${'a'.repeat(240)}`, false],
  ])('RUNID_ISSUER_URL %s valid=%s', (url, valid) => {
    expect(problems({ RUNID_ISSUER_URL: url }).length === 0).toBe(valid);
  });

  it.each([
    ['RUNID_JWKS_MAX_AGE', '299'],
    ['RUNID_JWKS_MAX_AGE', '901'],
    ['RUNID_PORT', '70000'],
    ['RUNID_PORT', '-1'],
    ['RUNID_KEK', Buffer.alloc(31).toString('base64')],
    ['RUNID_KEK', Buffer.alloc(33).toString('base64')],
    ['RUNID_KEK', 'not base64!'],
  ])('refuses %s=%s', (name, value) => {
    expect(problems({ [name]: value }).some((p) => p.startsWith(`${name} `))).toBe(true);
  });

  it('reads the rotation settings as durations, per issuer', () => {
    const config = loadConfig({
      RUNID_ROTATION_PERIOD: '14d',
      RUNID_PUBLISH_LEAD: '36h',
      RUNID_CLOCK_SKEW: '2m',
      RUNID_JWKS_MAX_AGE: '900',
    });
    expect(config.rotation.v1).toMatchObject({
      rotationPeriodMs: 14 * 86_400_000,
      publishLeadMs: 36 * 3_600_000,
      clockSkewMs: 120_000,
      jwksMaxAgeMs: 900_000,
      maxTokenLifetimeMs: 7_200_000,
    });
    expect(config.rotation.v2.maxTokenLifetimeMs).toBe(3_600_000);
    expect(loadConfig({}).rotation.v1).toMatchObject({
      rotationPeriodMs: 30 * 86_400_000,
      publishLeadMs: 86_400_000,
      clockSkewMs: 300_000,
    });
    expect(loadConfig({ RUNID_PUBLISH_LEAD: '2h' }).rotationWarnings).toEqual([
      expect.stringMatching(/^RUNID_PUBLISH_LEAD: .*recommended 24 h/),
    ]);
  });

  it('refuses a publish lead not longer than the JWKS max-age, naming both variables', () => {
    let error: unknown;
    try {
      loadConfig({ RUNID_PUBLISH_LEAD: '10m', RUNID_JWKS_MAX_AGE: '600' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'invalid_config' });
    const message = (error as Error).message;
    expect(message).toMatch(/RUNID_PUBLISH_LEAD must exceed RUNID_JWKS_MAX_AGE \(600000 ms\)/);
    // Reported once although both issuers share the setting.
    expect(message.match(/RUNID_PUBLISH_LEAD must exceed/g)).toHaveLength(1);
  });

  it('refuses malformed or inconsistent rotation durations', () => {
    expect(() => loadConfig({ RUNID_ROTATION_PERIOD: '30x' })).toThrow(
      /RUNID_ROTATION_PERIOD must be a duration/,
    );
    // A bare number is seconds (the one grammar of @runid/claims): far too short here.
    expect(() => loadConfig({ RUNID_ROTATION_PERIOD: '30' })).toThrow(
      /RUNID_ROTATION_PERIOD must exceed RUNID_PUBLISH_LEAD .*got 30000 ms/,
    );
    expect(() => loadConfig({ RUNID_CLOCK_SKEW: '1h1h' })).toThrow(
      /RUNID_CLOCK_SKEW must be a duration/,
    );
    expect(() => loadConfig({ RUNID_CLOCK_SKEW: '2h' })).toThrow(/RUNID_CLOCK_SKEW got 7200000/);
    expect(() => loadConfig({ RUNID_ROTATION_PERIOD: '12h' })).toThrow(
      /RUNID_ROTATION_PERIOD must exceed RUNID_PUBLISH_LEAD/,
    );
  });

  it('ignores the test-only hooks unless RUNID_TEST_HOOKS=1', () => {
    const hooks = { RUNID_TEST_CRASH_AT: 'after-generate', RUNID_TEST_CLOCK_FILE: '/tmp/x' };
    expect(loadConfig(hooks).testHooks).toEqual({ crashAt: undefined, clockOffsetFile: undefined });
    expect(loadConfig({ ...hooks, RUNID_TEST_HOOKS: '1' }).testHooks).toEqual({
      crashAt: 'after-generate',
      clockOffsetFile: '/tmp/x',
    });
  });

  it('keeps docs/configuration.md in step with the schema', () => {
    const onDisk = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    expect(onDisk, 'run `pnpm run build && pnpm run docs`').toBe(renderConfigurationDoc());
  });
});
