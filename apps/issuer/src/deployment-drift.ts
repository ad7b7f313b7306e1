import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import { IssuerError } from './errors.js';
import type { DeploymentSettings, RecordedDeployment } from './store/records.js';
import type { Store } from './store/store.js';

export interface DriftCheckOptions {
  /** The settings of this process: its issuer URL (configured or derived) and signing algorithm. */
  settings: DeploymentSettings;
  /** Whether RUNID_ISSUER_URL was set (the message says what the derived value came from). */
  issuerUrlConfigured: boolean;
  clock: Clock;
  logger: Logger;
}

const LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/**
 * Records the deployment's issuer URL, signing algorithm and namespaces at first start, and
 * refuses a later start (replica or CLI) whose values differ: tokens would carry another `iss`,
 * be signed with an algorithm relying parties were not told about, or carry subjects and claim
 * names trust policies do not match. Runs before anything else is written.
 *
 * One allowance: when both URLs are plain-http loopback URLs (local development; nothing off this
 * machine can reach, let alone trust, such an issuer) the start goes ahead with a warning, so a
 * developer's issuer on port 0 restarts on its own data.
 */
export async function checkDeploymentDrift(
  store: Store,
  options: DriftCheckOptions,
): Promise<RecordedDeployment> {
  const { settings } = options;
  const recorded = await store.recordDeployment(settings, new Date(options.clock()));
  const problems: string[] = [];
  if (recorded.issuerUrl !== settings.issuerUrl) {
    const local = LOOPBACK.test(recorded.issuerUrl) && LOOPBACK.test(settings.issuerUrl);
    if (local) {
      options.logger.warn(
        { recorded: recorded.issuerUrl, configured: settings.issuerUrl },
        'the issuer URL differs from the one recorded in the store; both are loopback URLs (development), so the start goes ahead',
      );
    } else {
      const own = options.issuerUrlConfigured
        ? `RUNID_ISSUER_URL is ${settings.issuerUrl}`
        : `RUNID_ISSUER_URL is not set (so ${settings.issuerUrl})`;
      problems.push(
        `${own}, but this store was set up for ${recorded.issuerUrl}: set RUNID_ISSUER_URL=${recorded.issuerUrl}`,
      );
    }
  }
  for (const [variable, field] of [
    ['RUNID_SUBJECT_NAMESPACE', 'subjectNamespace'],
    ['RUNID_CLAIM_NAMESPACE', 'claimNamespace'],
  ] as const) {
    if (recorded[field] !== settings[field]) {
      problems.push(
        `${variable} is ${settings[field]}, but this store was set up for ${recorded[field]}: set ${variable}=${recorded[field]}`,
      );
    }
  }
  if (recorded.signingAlg !== settings.signingAlg) {
    problems.push(
      `RUNID_SIGNING_ALG is ${settings.signingAlg}, but this store was set up for ${recorded.signingAlg}: set RUNID_SIGNING_ALG=${recorded.signingAlg}`,
    );
  }
  if (problems.length > 0) {
    throw new IssuerError(
      'deployment_drift',
      [
        `This process does not match the deployment recorded in the store (at its first start, ${recorded.recordedAt.toISOString()}); it refuses to start rather than serve another issuer beside its peers:`,
        ...problems.map((problem) => `  - ${problem}`),
        'Every replica and CLI of one store must use the same values. To change them deliberately (relying parties must be reconfigured), stop every replica and run `runid-issuer deployment record --confirm` with the new values.',
      ].join('\n'),
    );
  }
  return recorded;
}
