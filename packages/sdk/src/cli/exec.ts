import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../aws/endpoint.js';
import { checkDurationSeconds, checkRoleArn, checkRoleSessionName } from '../aws/limits.js';
import type { RunIdClient } from '../client.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import {
  createTokenFileRefresher,
  type TokenFileRefresher,
} from '../files/token-file-refresher.js';
import { checkGoogleAudience } from '../gcp/constants.js';
import { googleExternalAccountConfig } from '../gcp/external-account.js';
import { createTokenSource } from '../token-source.js';
import type { RunTokenRequest, TokenRequest } from '../types.js';
import { runChild } from './child.js';
import {
  type AwsFlags,
  type AzureFlags,
  awsDurationSeconds,
  awsEnv,
  azureEnv,
  type GcpFlags,
  gcpEnv,
  wantsAzure,
} from './clouds.js';
import { commandProblem } from './resolve-command.js';
import { childEnvWithoutKeys } from './run-env.js';
import { usageError } from './usage-error.js';

export type ExecFlags = AwsFlags & AzureFlags & GcpFlags;

export interface ExecInput {
  client: RunIdClient;
  request: TokenRequest | RunTokenRequest;
  flags: ExecFlags;
  command: string;
  args: string[];
  env: Env;
  warn: (message: string) => void;
}

/** Mints, exchanges with each cloud named by flags, runs the command, returns its exit code. */
export async function runExec(input: ExecInput): Promise<number> {
  const { flags, env } = input;
  const useAws = flags.awsRoleArn !== undefined;
  const useAzure = wantsAzure(flags);
  const useGcp = flags.gcpAudience !== undefined;
  if (!useAws && !useAzure && !useGcp) {
    throw usageError(
      '--aws-role-arn',
      'exec needs a cloud: --aws-role-arn, --azure-client-id with --azure-tenant-id, or --gcp-audience',
    );
  }
  // Every cloud argument is checked before a token is minted for nothing.
  if (useAws) {
    checkRoleArn(flags.awsRoleArn as string);
    if (flags.awsSessionName !== undefined) checkRoleSessionName(flags.awsSessionName);
    const seconds = awsDurationSeconds(flags.awsDuration);
    if (seconds !== undefined) checkDurationSeconds(seconds);
  }
  if (useGcp) checkGoogleAudience(flags.gcpAudience as string);
  // A command that cannot start fails now (127/126), before a token is minted for nothing.
  const problem = await commandProblem(input.command, env.PATH);
  if (problem !== undefined) {
    input.warn(problem.message);
    return problem.code;
  }

  const source = createTokenSource(input.client, input.request);
  const token = await source.getToken();
  let dir: string | undefined;
  let refresher: TokenFileRefresher | undefined;
  try {
    // The child gets cloud credentials, not what mints RunID tokens: no key, no run credential.
    const childEnv = childEnvWithoutKeys(env);
    delete childEnv.RUNID_RUN_TOKEN;
    if (useAws) Object.assign(childEnv, await awsEnv(flags, token, env));
    if (useAzure || useGcp) {
      dir = await mkdtemp(join(tmpdir(), 'runid-'));
      const tokenFile = join(dir, 'token');
      refresher = createTokenFileRefresher({
        path: tokenFile,
        tokens: source,
        onError: (error) =>
          input.warn(
            `could not refresh ${tokenFile}: ${error instanceof Error ? error.message : String(error)}`,
          ),
      });
      await refresher.start();
      if (useAzure) Object.assign(childEnv, await azureEnv(flags, token, tokenFile, env));
      if (useGcp) {
        const configFile = join(dir, 'gcp-credentials.json');
        const config = googleExternalAccountConfig({
          audience: flags.gcpAudience as string,
          tokenFile,
          serviceAccount: flags.gcpServiceAccount,
          tokenUrl: flags.gcpStsUrl,
          iamCredentialsUrl: flags.gcpIamUrl,
        });
        await writeFileAtomic(configFile, `${JSON.stringify(config, null, 2)}\n`);
        Object.assign(childEnv, await gcpEnv(flags, token, configFile));
      }
    }
    return await runChild(input.command, input.args, childEnv, input.warn);
  } finally {
    await refresher?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
}
