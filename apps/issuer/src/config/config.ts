import type { RotationSettings } from '../keys/rotation/types.js';
import type { ProxyRange } from './trusted-proxies.js';

export type SigningAlg = 'RS256' | 'ES256';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Where the key-encryption key comes from. */
export type KekSource =
  | { kind: 'env'; key: Buffer }
  | { kind: 'file'; path: string }
  | { kind: 'generated'; path: string };

/** The validated, frozen configuration of one issuer. */
export interface IssuerConfig {
  readonly port: number;
  readonly host: string;
  /** RUNID_METRICS_PORT: a separate listener for /metrics (then not on the public port). */
  readonly metricsPort: number | undefined;
  /** The base URL, or undefined to derive it from the port the server gets. */
  readonly issuerUrl: string | undefined;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly kek: KekSource;
  /** RUNID_KEK_PREVIOUS: still read during a KEK rotation, never used to seal. */
  readonly previousKek: Buffer | undefined;
  readonly bootstrapAdminKey: string | undefined;
  readonly signingAlg: SigningAlg;
  readonly jwksMaxAgeSeconds: number;
  readonly subjectNamespace: string;
  readonly claimNamespace: string;
  readonly logLevel: LogLevel;
  readonly shutdownTimeoutSeconds: number;
  /** RUNID_HELPER_THREAD_NICE: the nice value of every thread but the event loop (Linux), 0 = unchanged. */
  readonly helperThreadNice: number;
  /** Bounded waits of the store (RUNID_STORE_*). */
  readonly store: StoreLimits;
  /** Slow-client limits of the HTTP server (RUNID_HTTP_*). */
  readonly http: HttpLimits;
  /** Validated rotation settings of each issuer (RUNID_ROTATION_PERIOD, RUNID_PUBLISH_LEAD, …). */
  readonly rotation: Readonly<Record<'v1' | 'v2', RotationSettings>>;
  /** Advice about the rotation settings (e.g. a publish lead under 24 h), logged at start. */
  readonly rotationWarnings: readonly string[];
  /** Console sessions (RUNID_SESSION_*). */
  readonly session: SessionLimits;
  /** RUNID_AUDIT_RETENTION in ms; undefined: the audit trail is kept forever. */
  readonly auditRetentionMs: number | undefined;
  /** RUNID_TRUSTED_PROXIES: peers whose `X-Forwarded-For` names the source address (audit). */
  readonly trustedProxies: readonly ProxyRange[];
  /** RUNID_CONSOLE_DIR, or undefined for the `@runid/console` build next to the issuer. */
  readonly consoleDir: string | undefined;
  /** Test-only hooks, honoured only with RUNID_TEST_HOOKS=1 (never set in production). */
  readonly testHooks: TestHooks;
}

export interface TestHooks {
  /** RUNID_TEST_CRASH_AT: SIGKILL the process at this point of a key transition. */
  readonly crashAt: string | undefined;
  /** RUNID_TEST_CLOCK_FILE: a file holding milliseconds added to the system clock. */
  readonly clockOffsetFile: string | undefined;
}

export interface StoreLimits {
  readonly acquireTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly poolSize: number;
}

export interface SessionLimits {
  readonly idleTimeoutMs: number;
  readonly absoluteTimeoutMs: number;
}

export interface HttpLimits {
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly maxConnections: number;
}
