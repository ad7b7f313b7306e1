import type { Command } from 'commander';
import type { Env } from '../config/load.js';
import { IssuerError } from '../errors.js';
import { openStore } from '../store/open-store.js';
import type { RecordedDeployment } from '../store/records.js';
import { storeConfig } from './store-commands.js';

function shown(recorded: RecordedDeployment | undefined) {
  return recorded === undefined
    ? { recorded: false }
    : {
        recorded: true,
        issuerUrl: recorded.issuerUrl,
        signingAlg: recorded.signingAlg,
        subjectNamespace: recorded.subjectNamespace,
        claimNamespace: recorded.claimNamespace,
        recordedAt: recorded.recordedAt.toISOString(),
      };
}

/**
 * `runid-issuer deployment show|record`: the settings every replica must share (issuer URL,
 * signing algorithm), recorded in the store at first start. These open the store directly
 * (DATABASE_URL or RUNID_DATA_DIR), not the API: they are what a refused start points to.
 */
export function registerDeploymentCommands(
  program: Command,
  env: Env,
  print: (value: unknown) => void,
  stderr: (text: string) => void,
): void {
  const deployment = program
    .command('deployment')
    .description(
      'The issuer URL, signing algorithm and namespaces recorded in the store at first start (opens the store directly).',
    );
  deployment
    .command('show')
    .description('Print the recorded deployment settings.')
    .action(async () => {
      const config = storeConfig(env);
      const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        print(shown(await store.readDeployment()));
      } finally {
        await store.close();
      }
    });
  deployment
    .command('record')
    .description(
      'Replace the recorded settings with RUNID_ISSUER_URL, RUNID_SIGNING_ALG, RUNID_SUBJECT_NAMESPACE and RUNID_CLAIM_NAMESPACE. Stop every replica first; relying parties must be reconfigured. Without --confirm, changes nothing.',
    )
    .option('--confirm', 'really replace them')
    .action(async (options: { confirm?: boolean }) => {
      const config = storeConfig(env);
      if (config.issuerUrl === undefined) {
        throw new IssuerError(
          'cli_usage',
          'Set RUNID_ISSUER_URL to the issuer URL to record (it is never derived for this command).',
        );
      }
      const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const before = await store.readDeployment();
        const next = {
          issuerUrl: config.issuerUrl,
          signingAlg: config.signingAlg,
          subjectNamespace: config.subjectNamespace,
          claimNamespace: config.claimNamespace,
        };
        if (options.confirm !== true) {
          throw new IssuerError(
            'confirmation_required',
            `Would record issuer URL ${next.issuerUrl}, ${next.signingAlg}, namespaces ${next.subjectNamespace} and ${next.claimNamespace} (now: ${before === undefined ? 'nothing recorded' : `${before.issuerUrl}, ${before.signingAlg}, ${before.subjectNamespace}, ${before.claimNamespace}`}). Tokens then carry iss ${next.issuerUrl}/oidc: relying parties trusting the old issuer refuse them. Run again with --confirm.`,
          );
        }
        const after = await store.replaceDeployment(next, new Date());
        stderr(
          `Recorded ${after.issuerUrl} and ${after.signingAlg}; start every replica with these values.\n`,
        );
        print({ before: shown(before), after: shown(after) });
      } finally {
        await store.close();
      }
    });
}
