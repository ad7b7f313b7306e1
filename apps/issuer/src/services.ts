import type { ContractValidator } from '@runid/contract/validator';
import type { Logger } from 'pino';
import type { AuditEvents } from './audit/events.js';
import type { AuditRetention } from './audit/retention.js';
import type { AdminCredentialService } from './auth/admin-credentials.js';
import type { Authenticator } from './auth/authenticator.js';
import type { ClientService } from './auth/client-service.js';
import type { SessionService } from './auth/session-service.js';
import type { Clock } from './clock.js';
import type { IssuerConfig } from './config/config.js';
import type { IssuerUrls } from './keys/issuer-urls.js';
import type { KeyRing } from './keys/key-ring.js';
import type { Rotator } from './keys/rotator.js';
import type { Health } from './observability/health.js';
import type { IssuerMetrics } from './observability/metrics.js';
import type { RunService } from './runs/run-service.js';
import type { Store } from './store/store.js';
import type { IntrospectionService } from './tokens/introspection-service.js';
import type { MintService } from './tokens/mint-service.js';
import type { TrustSimulationService } from './trust/simulation-service.js';

/** Everything the HTTP handlers and the CLI use, built once per issuer instance. */
export interface IssuerServices {
  readonly config: IssuerConfig;
  readonly urls: IssuerUrls;
  readonly store: Store;
  readonly keyRing: KeyRing;
  readonly rotator: Rotator;
  readonly authenticator: Authenticator;
  readonly clients: ClientService;
  /** Admin credentials with roles (the bootstrap key is one). */
  readonly credentials: AdminCredentialService;
  /** Console sessions (the admin API's cookie). */
  readonly sessions: SessionService;
  readonly mint: MintService;
  /** RFC 7662 introspection of both issuers' tokens. */
  readonly introspection: IntrospectionService;
  readonly trust: TrustSimulationService;
  readonly runs: RunService;
  /** The audit trail's events: every service records through it (`record` / `note`). */
  readonly events: AuditEvents;
  /** The retention purger, when RUNID_AUDIT_RETENTION is set (started by `serve`). */
  readonly retention: AuditRetention | undefined;
  readonly validator: ContractValidator;
  readonly metrics: IssuerMetrics;
  /** The probes: liveness, readiness to mint, readiness to serve discovery and JWKS. */
  readonly health: Health;
  readonly logger: Logger;
  readonly clock: Clock;
}
