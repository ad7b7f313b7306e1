import { buildClaims, type NamespaceOptions } from '@runid/claims';
import { ContractValidator } from '@runid/contract/validator';
import type { Logger } from 'pino';
import { AuditEvents } from './audit/events.js';
import { AuditRetention } from './audit/retention.js';
import { AdminCredentialService } from './auth/admin-credentials.js';
import { Authenticator } from './auth/authenticator.js';
import { bootstrapAdmin } from './auth/bootstrap-admin.js';
import { ClientService } from './auth/client-service.js';
import { SessionService } from './auth/session-service.js';
import { type Clock, systemClock } from './clock.js';
import type { IssuerConfig } from './config/config.js';
import { checkDeploymentDrift } from './deployment-drift.js';
import { IssuerError } from './errors.js';
import { checkKek, ISSUERS } from './keys/ensure-keys.js';
import { issuerUrls } from './keys/issuer-urls.js';
import { loadKek } from './keys/kek.js';
import { KeyRing } from './keys/key-ring.js';
import { Rotator } from './keys/rotator.js';
import { offsetClock } from './keys/test-clock.js';
import { Health } from './observability/health.js';
import { createLogger } from './observability/logger.js';
import { IssuerMetrics } from './observability/metrics.js';
import { timedStore } from './observability/timed-store.js';
import { RunService } from './runs/run-service.js';
import type { IssuerServices } from './services.js';
import { openStore } from './store/open-store.js';
import { AuditWriter } from './tokens/audit-writer.js';
import { IntrospectionService } from './tokens/introspection-service.js';
import { MintService } from './tokens/mint-service.js';
import { TrustSimulationService } from './trust/simulation-service.js';

export interface OpenIssuerOptions {
  config: IssuerConfig;
  /** The base URL of the issuers (config.issuerUrl, or derived from the bound port). */
  baseUrl: string;
  logger?: Logger;
  clock?: Clock;
  /** Create the bootstrap admin key (serve); the CLI's read-only commands skip it. */
  bootstrap?: boolean;
  /** The nice value of the store's own threads (the embedded store's audit thread); 0: unchanged. */
  helperThreadNice?: number;
}

export interface OpenedIssuer {
  services: IssuerServices;
  adminKey: string;
  adminKeyGenerated: boolean;
  /** True when this start created the store's first keys (a fresh store). */
  fresh: boolean;
}

/**
 * Builds every service of one issuer: store (migrated), KEK, key set (created on first start),
 * key ring, bootstrap admin. Fails with a clear `IssuerError` instead of starting half-ready.
 */
export async function openIssuer(options: OpenIssuerOptions): Promise<OpenedIssuer> {
  const { config } = options;
  const testClockFile = config.testHooks.clockOffsetFile;
  const clock =
    options.clock ??
    (testClockFile === undefined ? systemClock : offsetClock(testClockFile, systemClock));
  const logger = options.logger ?? createLogger(config.logLevel);
  for (const warning of config.rotationWarnings) logger.warn({ warning }, 'rotation settings');
  const namespaces: NamespaceOptions = {
    subjectNamespace: config.subjectNamespace,
    claimNamespace: config.claimNamespace,
  };
  checkNamespaces(namespaces);

  const kek = loadKek(config.kek);
  if (kek.generated) {
    logger.warn(
      { path: config.kek.kind === 'generated' ? config.kek.path : undefined },
      '!!! GENERATED A KEY-ENCRYPTION KEY in the data directory: the signing keys are encrypted with a key stored next to them. Fine for local use; in production set RUNID_KEK or RUNID_KEK_FILE from a secret store and keep a backup — without it the signing keys cannot be read. !!!',
    );
  }

  // Built before the store so every store operation is timed; the gauges read what is built later.
  let keyRing: KeyRing | undefined;
  let audit: AuditWriter | undefined;
  const metrics = new IssuerMetrics({
    keyAges() {
      const ages: Record<string, number | undefined> = {};
      for (const issuer of ISSUERS) {
        const activated = keyRing?.get(issuer).activatedAt;
        ages[issuer] =
          activated === undefined ? undefined : Math.max(0, (clock() - activated) / 1000);
      }
      return ages;
    },
    keyViewAge() {
      const asOf = keyRing?.viewAsOf;
      return asOf === undefined || !Number.isFinite(asOf)
        ? undefined
        : Math.max(0, (clock() - asOf) / 1000);
    },
    auditQueueDepth: () => audit?.depth ?? 0,
  });
  const store = timedStore(
    await openStore({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      limits: config.store,
      onError: () => metrics.storeErrors.inc(),
      helperThreadNice: options.helperThreadNice ?? 0,
    }),
    metrics,
  );
  try {
    const readKeks = config.previousKek === undefined ? kek.key : [kek.key, config.previousKek];
    await checkKek(store, readKeks);
    // Before anything is written: a replica or CLI that disagrees with the deployment stops here.
    await checkDeploymentDrift(store, {
      settings: {
        issuerUrl: options.baseUrl,
        signingAlg: config.signingAlg,
        subjectNamespace: config.subjectNamespace,
        claimNamespace: config.claimNamespace,
      },
      issuerUrlConfigured: config.issuerUrl !== undefined,
      clock,
      logger,
    });
    const events = new AuditEvents({
      store,
      clock,
      logger,
      onDropped: (count) => metrics.auditEventsDropped.inc(count),
    });
    const fresh = (await store.listKeys()).length === 0;
    const crashAt = config.testHooks.crashAt;
    const rotator = new Rotator({
      store,
      kek: kek.key,
      alg: config.signingAlg,
      settings: config.rotation,
      clock,
      logger,
      events,
      // TEST-ONLY: a moved clock takes effect within a second rather than after a long sleep.
      ...(testClockFile !== undefined && { maxSleepMs: 1_000, retryMs: 500 }),
      ...(crashAt !== undefined && {
        hook: (point: string) => {
          // TEST-ONLY (RUNID_TEST_HOOKS=1): die inside the transaction, before its commit.
          if (point === crashAt) process.kill(process.pid, 'SIGKILL');
        },
      }),
    });
    // Completes whatever a crash or a fresh store left (bootstrap keys included) before serving.
    await rotator.runOnce({ wait: true });
    const urls = issuerUrls(options.baseUrl);
    keyRing = new KeyRing({
      store,
      kek: readKeks,
      urls,
      claimNamespace: config.claimNamespace,
      clock,
      settings: config.rotation,
    });
    await keyRing.refresh();
    const validator = new ContractValidator();
    // PostgreSQL: two batches in flight (two pooled connections; its group commit shares the WAL
    // flush). The embedded store has one writer, its audit thread: one batch at a time.
    audit = new AuditWriter(store, { concurrency: store.backend === 'postgres' ? 2 : 1 });
    const credentials = new AdminCredentialService(store, clock, {
      events,
      onUseFailed: (error) =>
        logger.warn({ err: error }, 'recording an admin credential use failed'),
    });
    const authenticator = new Authenticator(store, credentials, {
      cache: store.backend === 'sqlite',
      clock,
    });
    const mint = new MintService({
      keyRing,
      audit,
      validator,
      urls,
      namespaces,
      clock,
      metrics,
      store,
      runCreator: (clientId) => authenticator.clientById(clientId),
    });
    const services: IssuerServices = {
      config,
      urls,
      store,
      keyRing,
      rotator,
      authenticator,
      clients: new ClientService(store, clock, (id) => authenticator.evict(id), events),
      credentials,
      sessions: new SessionService(store, clock, config.session, events, credentials),
      mint,
      introspection: new IntrospectionService({ keyRing, store, urls, namespaces, clock }),
      trust: new TrustSimulationService({
        preview: (principal, body) => mint.preview(principal, mint.checkPreview(body)),
        check: (schema, value) => validator.component(schema)(value),
        clock,
      }),
      runs: new RunService({
        store,
        clock,
        namespaces,
        events,
      }),
      events,
      retention:
        config.auditRetentionMs === undefined
          ? undefined
          : new AuditRetention({
              store,
              retentionMs: config.auditRetentionMs,
              clock,
              events,
              logger,
            }),
      validator,
      metrics,
      health: new Health({ store, keyRing, clock }),
      logger,
      clock,
    };
    const admin =
      options.bootstrap === false
        ? { adminKey: '', generated: false }
        : await bootstrapAdmin(store, config.bootstrapAdminKey, clock);
    if (admin.revoked === true) {
      logger.warn(
        'RUNID_BOOTSTRAP_ADMIN_KEY is the key of a revoked admin credential: it stays revoked (unset it, or set a new key to create a new bootstrap credential)',
      );
    }
    return { services, adminKey: admin.adminKey, adminKeyGenerated: admin.generated, fresh };
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

/** A bad namespace is a configuration error at start, not a 400 on every request. */
function checkNamespaces(namespaces: NamespaceOptions): void {
  try {
    buildClaims(
      {
        kind: 'deployment',
        org: 'acme',
        project: 'p',
        stack: 's',
        operation: 'update',
        deployment: 1,
      },
      namespaces,
    );
  } catch (error) {
    throw new IssuerError(
      'invalid_config',
      'RUNID_SUBJECT_NAMESPACE or RUNID_CLAIM_NAMESPACE is invalid (the claim namespace must be an https URL ending in /).',
      { cause: error },
    );
  }
}
