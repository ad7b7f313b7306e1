import { z } from 'zod';
import { DURATION_INPUT_TEXT, parseDurationMs } from './duration.js';
import { issuerUrlProblems } from './issuer-url.js';
import { parseTrustedProxies } from './trusted-proxies.js';

/**
 * Every setting of the issuer, documented where it is defined. `docs/configuration.md` is
 * generated from this table (`pnpm run docs`); a test fails when it drifts.
 */
export interface ConfigOption {
  /** The environment variable. */
  env: string;
  /** What it does, for operators. */
  description: string;
  /** The default, as written in the environment; absent when there is none. */
  default?: string;
  /** A secret: never logged, never echoed in error messages. Each has a `<env>_FILE` variant. */
  secret?: boolean;
  /** The secret this option reads from a file (`<secret>_FILE`), e.g. a mounted Kubernetes Secret. */
  fileOf?: string;
  schema: z.ZodType;
}

const base64Key32 = z
  .string()
  .refine((text) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(text.trim()) && decodedLength(text) === 32, {
    message: 'must be the base64 of exactly 32 random bytes (e.g. `openssl rand -base64 32`)',
  });

function decodedLength(text: string): number {
  return Buffer.from(text.trim(), /[-_]/.test(text) ? 'base64url' : 'base64').length;
}

const port = z.coerce
  .number({ message: 'must be a number' })
  .int('must be an integer')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const duration = z.string().transform((text, ctx) => {
  const ms = parseDurationMs(text);
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a duration: ${DURATION_INPUT_TEXT}`,
    });
    return z.NEVER;
  }
  return ms;
});

/** A duration (see `duration`) within [minMs, maxMs]. */
function boundedDuration(minMs: number, maxMs: number, range: string) {
  return duration.pipe(
    z.number().min(minMs, `must be between ${range}`).max(maxMs, `must be between ${range}`),
  );
}

const namespace = z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const CONFIG_OPTIONS = [
  {
    env: 'RUNID_PORT',
    description: 'TCP port the HTTP server listens on. `0` picks a free port.',
    default: '8080',
    schema: port,
  },
  {
    env: 'RUNID_HOST',
    description:
      'Address the HTTP server binds to. The default only accepts local connections; use `0.0.0.0` in a container.',
    default: '127.0.0.1',
    schema: z.string().min(1, 'must not be empty'),
  },
  {
    env: 'RUNID_METRICS_PORT',
    description:
      'When set, `/metrics` is served on this port only (a second listener on `RUNID_HOST`, answering nothing else) and the public port answers 404 for it: scrape it from inside the cluster, keep it off the load balancer. Unset: `/metrics` is on `RUNID_PORT`.',
    schema: port,
  },
  {
    env: 'RUNID_ISSUER_URL',
    description:
      'Public base URL of the issuer. The v1 issuer is `<url>/oidc`, the v2 issuer `<url>/oidc/v2`. https with no port, query, fragment or trailing slash; http only for localhost, 127.0.0.1 and [::1]. Default: `http://localhost:<RUNID_PORT>` (with port 0: `http://127.0.0.1:<chosen port>`).',
    schema: z.string().superRefine((text, ctx) => {
      for (const problem of issuerUrlProblems(text))
        ctx.addIssue({ code: 'custom', message: problem });
    }),
  },
  {
    env: 'RUNID_DATA_DIR',
    description:
      'Directory of the embedded store (SQLite, `runid.sqlite`) and of the generated key-encryption key. Unused for the database when `DATABASE_URL` is set.',
    default: './.runid',
    schema: z.string().min(1, 'must not be empty'),
  },
  {
    env: 'DATABASE_URL',
    description:
      'PostgreSQL connection string (`postgres://user:pass@host:5432/db`). When set, PostgreSQL replaces the embedded store and a KEK (`RUNID_KEK` or `RUNID_KEK_FILE`) is required.',
    secret: true,
    schema: z.string().refine((text) => /^postgres(ql)?:\/\//.test(text), {
      message: 'must be a postgres:// or postgresql:// URL',
    }),
  },
  {
    env: 'DATABASE_URL_FILE',
    description:
      'A file holding `DATABASE_URL` (e.g. a mounted secret; surrounding whitespace and the final newline are ignored), read once at start. Exclusive with `DATABASE_URL`.',
    fileOf: 'DATABASE_URL',
    schema: z.string().min(1, 'must not be empty'),
  },
  {
    env: 'RUNID_KEK',
    description:
      'Key-encryption key for the private signing keys at rest (AES-256-GCM): base64 of exactly 32 bytes. Every replica must share it. Generated into `RUNID_DATA_DIR/kek` (with a warning) on the embedded store when neither this nor `RUNID_KEK_FILE` is set.',
    secret: true,
    schema: base64Key32,
  },
  {
    env: 'RUNID_KEK_FILE',
    description:
      'A file holding the key-encryption key (base64 of 32 bytes), e.g. a mounted secret. Exclusive with `RUNID_KEK`.',
    schema: z.string().min(1, 'must not be empty'),
  },
  {
    env: 'RUNID_KEK_PREVIOUS',
    description:
      'The previous key-encryption key, during a KEK rotation only: stored keys sealed under it are still read, everything new is sealed under `RUNID_KEK`, and `runid-issuer keys rekey` re-encrypts the stored keys under `RUNID_KEK`. Base64 of 32 bytes, different from `RUNID_KEK`. Remove it once the rekey is done (docs/deploy.md).',
    secret: true,
    schema: base64Key32,
  },
  {
    env: 'RUNID_KEK_PREVIOUS_FILE',
    description:
      'A file holding `RUNID_KEK_PREVIOUS` (e.g. a mounted secret; surrounding whitespace and the final newline are ignored), read once at start. Exclusive with `RUNID_KEK_PREVIOUS`.',
    fileOf: 'RUNID_KEK_PREVIOUS',
    schema: z.string().min(1, 'must not be empty'),
  },
  {
    env: 'RUNID_BOOTSTRAP_ADMIN_KEY',
    description:
      "The first admin key: `rid_admin_` followed by 43 base64url characters (32 random bytes; e.g. `node -e \"console.log('rid_admin_' + require('crypto').randomBytes(32).toString('base64url'))\"`). It is the key of the admin credential `bootstrap` (role `admin`): a new value replaces that credential's key, and the key of a revoked credential stays revoked. When unset and no `admin` credential is active (the first start), one is generated and printed once.",
    secret: true,
    schema: z.string().regex(/^rid_admin_[A-Za-z0-9_-]{43}$/, {
      message: 'must be `rid_admin_` followed by 43 base64url characters (32 random bytes)',
    }),
  },
  {
    env: 'RUNID_BOOTSTRAP_ADMIN_KEY_FILE',
    description:
      'A file holding `RUNID_BOOTSTRAP_ADMIN_KEY` (e.g. a mounted secret; surrounding whitespace and the final newline are ignored), read once at start. Exclusive with `RUNID_BOOTSTRAP_ADMIN_KEY`.',
    fileOf: 'RUNID_BOOTSTRAP_ADMIN_KEY',
    schema: z.string().min(1, 'must not be empty'),
  },
  {
    env: 'RUNID_SIGNING_ALG',
    description:
      'Algorithm of newly created signing keys: `RS256` (RSA 2048, accepted by every cloud) or `ES256` (P-256). Existing keys keep their algorithm.',
    default: 'RS256',
    schema: z.enum(['RS256', 'ES256'], { message: 'must be RS256 or ES256' }),
  },
  {
    env: 'RUNID_JWKS_MAX_AGE',
    description:
      'Seconds relying parties may cache the discovery documents and JWKS (`Cache-Control: public, max-age`), never more than `RUNID_PUBLISH_LEAD`. 300–900.',
    default: '600',
    schema: z.coerce
      .number({ message: 'must be a number' })
      .int('must be an integer')
      .min(300, 'must be between 300 and 900')
      .max(900, 'must be between 300 and 900'),
  },
  {
    env: 'RUNID_ROTATION_PERIOD',
    description:
      'How long a signing key signs before the published next key takes over (e.g. `30d`). Must exceed `RUNID_PUBLISH_LEAD` and the longest token lifetime + `RUNID_CLOCK_SKEW` + `RUNID_JWKS_MAX_AGE` + 60 s.',
    default: '30d',
    schema: duration,
  },
  {
    env: 'RUNID_PUBLISH_LEAD',
    description:
      'How long a new key is published in the JWKS before it may sign (e.g. `24h`). Must exceed `RUNID_JWKS_MAX_AGE`, or relying parties may not hold a key when it starts signing; below 24 h a warning is logged.',
    default: '24h',
    schema: duration,
  },
  {
    env: 'RUNID_CLOCK_SKEW',
    description:
      'Clock skew relying parties allow (at most `1h`). A retired key stays published for the longest token lifetime + this skew + `RUNID_JWKS_MAX_AGE` + 60 s after its last signature.',
    default: '5m',
    schema: duration,
  },
  {
    env: 'RUNID_SUBJECT_NAMESPACE',
    description: 'Leading namespace of every subject (`<ns>:deploy:…`).',
    default: 'pulumi',
    schema: namespace,
  },
  {
    env: 'RUNID_CLAIM_NAMESPACE',
    description: 'URL prefix of the custom claims of `oidc` (v2) tokens.',
    default: 'https://pulumi.com/',
    schema: namespace,
  },
  {
    env: 'RUNID_LOG_LEVEL',
    description: 'Log level of the JSON logs: fatal, error, warn, info, debug, trace or silent.',
    default: 'info',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    }),
  },
  {
    env: 'RUNID_SHUTDOWN_TIMEOUT',
    description:
      'Seconds to let in-flight requests finish after SIGTERM/SIGINT before connections are cut.',
    default: '10',
    schema: z.coerce
      .number({ message: 'must be a number' })
      .int('must be an integer')
      .min(0, 'must be between 0 and 300')
      .max(300, 'must be between 0 and 300'),
  },
  {
    env: 'RUNID_HELPER_THREAD_NICE',
    description:
      "Linux: the nice value (0–19) `serve` gives every thread but the event loop (the signing threadpool, V8's helpers, the embedded store's audit thread), so under load the thread that answers requests never waits behind a signature. 0 leaves them at the event loop's priority.",
    default: '10',
    schema: z.coerce
      .number({ message: 'must be a number' })
      .int('must be an integer')
      .min(0, 'must be between 0 and 19')
      .max(19, 'must be between 0 and 19'),
  },
  {
    env: 'RUNID_STORE_ACQUIRE_TIMEOUT',
    description:
      'How long a request waits for a PostgreSQL connection from the pool (or for a new connection) before it fails with 503 `store_unavailable` (e.g. `2s`). 100ms–60s.',
    default: '2s',
    schema: boundedDuration(100, 60_000, '100ms and 60s'),
  },
  {
    env: 'RUNID_STORE_STATEMENT_TIMEOUT',
    description:
      'Longest a single store operation (a statement or a transaction, the audit commit of a mint included) may take before it is abandoned with 503 `store_unavailable` (e.g. `5s`). On PostgreSQL it is also the server-side `statement_timeout` and the client-side query timeout, so a stopped, paused or unreachable server never holds a request longer. Each store operation gives up after `RUNID_STORE_ACQUIRE_TIMEOUT` + this + 1 s; a mint runs at most four in sequence (the issuer README, Bounds). 100ms–60s.',
    default: '5s',
    schema: boundedDuration(100, 60_000, '100ms and 60s'),
  },
  {
    env: 'RUNID_STORE_POOL_SIZE',
    description: 'Connections in the PostgreSQL pool of each replica. 1–100.',
    default: '10',
    schema: z.coerce
      .number({ message: 'must be a number' })
      .int('must be an integer')
      .min(1, 'must be between 1 and 100')
      .max(100, 'must be between 1 and 100'),
  },
  {
    env: 'RUNID_HTTP_HEADERS_TIMEOUT',
    description:
      'Longest a client may take to send the request headers; slower connections are closed (slow-loris). 1s–120s.',
    default: '10s',
    schema: boundedDuration(1_000, 120_000, '1s and 120s'),
  },
  {
    env: 'RUNID_HTTP_REQUEST_TIMEOUT',
    description:
      'Longest a client may take to send a whole request (headers and body); slower requests are answered 408 and closed. 1s–300s, at least `RUNID_HTTP_HEADERS_TIMEOUT`.',
    default: '30s',
    schema: boundedDuration(1_000, 300_000, '1s and 300s'),
  },
  {
    env: 'RUNID_HTTP_MAX_CONNECTIONS',
    description:
      'Most concurrent client connections the HTTP server holds; connections beyond it are closed at once. 16–100000.',
    default: '1024',
    schema: z.coerce
      .number({ message: 'must be a number' })
      .int('must be an integer')
      .min(16, 'must be between 16 and 100000')
      .max(100_000, 'must be between 16 and 100000'),
  },
  {
    env: 'RUNID_SESSION_IDLE_TIMEOUT',
    description:
      'A console session ends after this long without a call (e.g. `30m`); activity is recorded at most once a minute, so it ends up to 1 min early. 1m–24h, at most `RUNID_SESSION_ABSOLUTE_TIMEOUT`.',
    default: '30m',
    schema: boundedDuration(60_000, 86_400_000, '1m and 24h'),
  },
  {
    env: 'RUNID_SESSION_ABSOLUTE_TIMEOUT',
    description:
      'A console session ends this long after sign-in, whatever the activity (e.g. `12h`). 5m–7d.',
    default: '12h',
    schema: boundedDuration(300_000, 604_800_000, '5m and 7d'),
  },
  {
    env: 'RUNID_CONSOLE_DIR',
    description:
      "Directory of the operator console's build output, served at `/console/`. Default: the build of the `@runid/console` workspace next to the issuer (`apps/console/dist`). When it holds no `index.html` the issuer still starts, logs that the console is not served, and `/console/` answers 404.",
    schema: z.string().min(1, 'must not be empty'),
  },
  {
    env: 'RUNID_AUDIT_RETENTION',
    description:
      "How long the audit trail is kept (e.g. `90d`; at least `1h`). Events older than this are deleted, and a minted token's record once its expiry plus this has passed; a purger deletes them in batches of 500 rows with a pause between batches, hourly, never holding the store long enough to slow a mint (any replica may run it; the deletes are idempotent). Unset: kept forever.",
    schema: boundedDuration(3_600_000, 36_500 * 86_400_000, '1h and 36500d'),
  },
  {
    env: 'RUNID_TRUSTED_PROXIES',
    description:
      "Comma-separated IP addresses and CIDR blocks of the reverse proxies in front of the issuer (e.g. `10.0.0.0/8, fd00::/8`). The audit trail records a request's source address from `X-Forwarded-For` only when the direct peer is one of them (walking the header from the right past every trusted hop); otherwise, and when unset, the socket's peer address. No other header is read, and nothing else (issuer URL, discovery) ever depends on it.",
    schema: z.string().transform((text, ctx) => {
      const parsed = parseTrustedProxies(text);
      for (const problem of parsed.problems) ctx.addIssue({ code: 'custom', message: problem });
      return parsed.problems.length > 0 ? z.NEVER : parsed.ranges;
    }),
  },
] as const satisfies readonly ConfigOption[];
