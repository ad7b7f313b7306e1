import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IssuerError } from '../errors.js';
import { RotationError } from '../keys/rotation/errors.js';
import { resolveRotationSettings } from '../keys/rotation/settings.js';
import type { RotationSettings } from '../keys/rotation/types.js';
import type { IssuerConfig, KekSource, LogLevel, SigningAlg } from './config.js';
import { CONFIG_OPTIONS } from './schema.js';
import type { ProxyRange } from './trusted-proxies.js';

export type Env = Record<string, string | undefined>;

/**
 * Reads and validates the configuration. The only reader of `process.env` in the issuer. Every
 * problem is reported at once, each by its variable name; the result is frozen.
 */
export function loadConfig(processEnv: Env = process.env): IssuerConfig {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  const fromFile = new Set<string>();
  const env = withSecretFiles(processEnv, problems, fromFile);
  for (const option of CONFIG_OPTIONS) {
    if ('fileOf' in option) continue;
    const raw = env[option.env];
    const text =
      raw === undefined || raw === '' ? ('default' in option ? option.default : undefined) : raw;
    if (text === undefined) continue;
    const parsed = option.schema.safeParse(text);
    if (parsed.success) {
      values[option.env] = parsed.data;
    } else {
      const name = fromFile.has(option.env)
        ? `${option.env} (read from ${option.env}_FILE)`
        : option.env;
      for (const issue of parsed.error.issues) problems.push(`${name} ${issue.message}`);
    }
  }
  if (env.RUNID_KEK && env.RUNID_KEK_FILE) {
    problems.push('RUNID_KEK and RUNID_KEK_FILE are both set: set only one');
  }
  if (env.DATABASE_URL && !env.RUNID_KEK && !env.RUNID_KEK_FILE) {
    problems.push(
      'RUNID_KEK (or RUNID_KEK_FILE) is required with DATABASE_URL: every replica must share the key that encrypts the signing keys (generate one with `openssl rand -base64 32`)',
    );
  }
  if (
    typeof values.RUNID_KEK === 'string' &&
    typeof values.RUNID_KEK_PREVIOUS === 'string' &&
    decodeKek(values.RUNID_KEK).equals(decodeKek(values.RUNID_KEK_PREVIOUS))
  ) {
    problems.push('RUNID_KEK_PREVIOUS is the same key as RUNID_KEK: it must be the previous one');
  }
  if (
    typeof values.RUNID_HTTP_HEADERS_TIMEOUT === 'number' &&
    typeof values.RUNID_HTTP_REQUEST_TIMEOUT === 'number' &&
    values.RUNID_HTTP_REQUEST_TIMEOUT < values.RUNID_HTTP_HEADERS_TIMEOUT
  ) {
    problems.push(
      'RUNID_HTTP_REQUEST_TIMEOUT must be at least RUNID_HTTP_HEADERS_TIMEOUT (the headers are part of the request)',
    );
  }
  if (
    typeof values.RUNID_SESSION_IDLE_TIMEOUT === 'number' &&
    typeof values.RUNID_SESSION_ABSOLUTE_TIMEOUT === 'number' &&
    values.RUNID_SESSION_ABSOLUTE_TIMEOUT < values.RUNID_SESSION_IDLE_TIMEOUT
  ) {
    problems.push(
      'RUNID_SESSION_ABSOLUTE_TIMEOUT must be at least RUNID_SESSION_IDLE_TIMEOUT (a session never outlives it)',
    );
  }
  const rotation = problems.length === 0 ? rotationSettings(values, problems) : undefined;
  if (problems.length > 0 || rotation === undefined) {
    throw new IssuerError(
      'invalid_config',
      `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
      {
        errors: problems.map((message) => ({
          path: message.split(' ')[0] ?? '',
          code: 'invalid',
          message,
        })),
      },
    );
  }

  const dataDir = resolve(values.RUNID_DATA_DIR as string);
  let kek: KekSource;
  if (typeof values.RUNID_KEK === 'string') {
    kek = { kind: 'env', key: decodeKek(values.RUNID_KEK) };
  } else if (typeof values.RUNID_KEK_FILE === 'string') {
    kek = { kind: 'file', path: resolve(values.RUNID_KEK_FILE) };
  } else {
    kek = { kind: 'generated', path: join(dataDir, 'kek') };
  }
  const config: IssuerConfig = {
    port: values.RUNID_PORT as number,
    host: values.RUNID_HOST as string,
    metricsPort: values.RUNID_METRICS_PORT as number | undefined,
    issuerUrl: values.RUNID_ISSUER_URL as string | undefined,
    dataDir,
    databaseUrl: values.DATABASE_URL as string | undefined,
    kek,
    previousKek:
      typeof values.RUNID_KEK_PREVIOUS === 'string'
        ? decodeKek(values.RUNID_KEK_PREVIOUS)
        : undefined,
    bootstrapAdminKey: values.RUNID_BOOTSTRAP_ADMIN_KEY as string | undefined,
    signingAlg: values.RUNID_SIGNING_ALG as SigningAlg,
    jwksMaxAgeSeconds: values.RUNID_JWKS_MAX_AGE as number,
    subjectNamespace: values.RUNID_SUBJECT_NAMESPACE as string,
    claimNamespace: values.RUNID_CLAIM_NAMESPACE as string,
    logLevel: values.RUNID_LOG_LEVEL as LogLevel,
    shutdownTimeoutSeconds: values.RUNID_SHUTDOWN_TIMEOUT as number,
    helperThreadNice: values.RUNID_HELPER_THREAD_NICE as number,
    store: Object.freeze({
      acquireTimeoutMs: values.RUNID_STORE_ACQUIRE_TIMEOUT as number,
      statementTimeoutMs: values.RUNID_STORE_STATEMENT_TIMEOUT as number,
      poolSize: values.RUNID_STORE_POOL_SIZE as number,
    }),
    http: Object.freeze({
      headersTimeoutMs: values.RUNID_HTTP_HEADERS_TIMEOUT as number,
      requestTimeoutMs: values.RUNID_HTTP_REQUEST_TIMEOUT as number,
      maxConnections: values.RUNID_HTTP_MAX_CONNECTIONS as number,
    }),
    session: Object.freeze({
      idleTimeoutMs: values.RUNID_SESSION_IDLE_TIMEOUT as number,
      absoluteTimeoutMs: values.RUNID_SESSION_ABSOLUTE_TIMEOUT as number,
    }),
    auditRetentionMs: values.RUNID_AUDIT_RETENTION as number | undefined,
    trustedProxies: Object.freeze((values.RUNID_TRUSTED_PROXIES as ProxyRange[] | undefined) ?? []),
    consoleDir:
      typeof values.RUNID_CONSOLE_DIR === 'string' ? resolve(values.RUNID_CONSOLE_DIR) : undefined,
    rotation: rotation.settings,
    rotationWarnings: rotation.warnings,
    testHooks: {
      crashAt: env.RUNID_TEST_HOOKS === '1' ? env.RUNID_TEST_CRASH_AT || undefined : undefined,
      clockOffsetFile:
        env.RUNID_TEST_HOOKS === '1' ? env.RUNID_TEST_CLOCK_FILE || undefined : undefined,
    },
  };
  return Object.freeze(config);
}

/**
 * Reads each `<SECRET>_FILE` into `<SECRET>` (a mounted secret keeps the value out of the process
 * environment). Both set is an error; an unreadable file is reported by variable and path, never
 * by content. RUNID_KEK_FILE is read later by the KEK loader, which reports its own problems.
 */
function withSecretFiles(env: Env, problems: string[], fromFile: Set<string>): Env {
  const resolved: Env = { ...env };
  for (const option of CONFIG_OPTIONS) {
    if (!('fileOf' in option)) continue;
    const path = env[option.env];
    if (path === undefined || path === '') continue;
    if (env[option.fileOf] !== undefined && env[option.fileOf] !== '') {
      problems.push(`${option.fileOf} and ${option.env} are both set: set only one`);
      continue;
    }
    try {
      resolved[option.fileOf] = readFileSync(path, 'utf8').trim();
      fromFile.add(option.fileOf);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push(`${option.env} names ${path}, which cannot be read (${code})`);
    }
  }
  return resolved;
}

export function decodeKek(text: string): Buffer {
  const trimmed = text.trim();
  return Buffer.from(trimmed, /[-_]/.test(trimmed) ? 'base64url' : 'base64');
}

/** The rotation model's setting names, as the operator knows them. */
const SETTING_ENV: Record<string, string> = {
  rotationPeriodMs: 'RUNID_ROTATION_PERIOD',
  publishLeadMs: 'RUNID_PUBLISH_LEAD',
  clockSkewMs: 'RUNID_CLOCK_SKEW',
  jwksMaxAgeMs: 'RUNID_JWKS_MAX_AGE',
};

function withEnvNames(text: string): string {
  return text.replace(
    /\b(rotationPeriodMs|publishLeadMs|clockSkewMs|jwksMaxAgeMs)\b/g,
    (name) => SETTING_ENV[name] as string,
  );
}

/** Both issuers' rotation settings; problems are reported by variable name, once each. */
function rotationSettings(
  values: Record<string, unknown>,
  problems: string[],
): { settings: Record<'v1' | 'v2', RotationSettings>; warnings: string[] } | undefined {
  const overrides = {
    rotationPeriodMs: values.RUNID_ROTATION_PERIOD,
    publishLeadMs: values.RUNID_PUBLISH_LEAD,
    clockSkewMs: values.RUNID_CLOCK_SKEW,
    jwksMaxAgeMs: (values.RUNID_JWKS_MAX_AGE as number) * 1000,
  };
  const settings: Partial<Record<'v1' | 'v2', RotationSettings>> = {};
  const found = new Set<string>();
  const warnings = new Set<string>();
  for (const issuer of ['v1', 'v2'] as const) {
    try {
      const resolved = resolveRotationSettings(issuer, overrides);
      settings[issuer] = resolved.settings;
      for (const w of resolved.warnings) {
        warnings.add(`${SETTING_ENV[w.setting] ?? w.setting}: ${withEnvNames(w.message)}`);
      }
    } catch (error) {
      if (!(error instanceof RotationError)) throw error;
      const list =
        error.problems.length > 0 ? error.problems : [{ setting: '', message: error.message }];
      for (const p of list) {
        found.add(`${SETTING_ENV[p.setting] ?? p.setting} ${withEnvNames(p.message)}`);
      }
    }
  }
  problems.push(...found);
  if (settings.v1 === undefined || settings.v2 === undefined) return undefined;
  return { settings: { v1: settings.v1, v2: settings.v2 }, warnings: [...warnings] };
}
