import { durationSeconds } from '@runid/claims';
import type { Command } from 'commander';
import { awsCredentialEnv } from '../aws/credential-process.js';
import type { Env } from '../aws/endpoint.js';
import { defaultRoleSessionName } from '../aws/limits.js';
import { type AwsCredentials, assumeRoleWithWebIdentity } from '../aws/sts.js';
import { exchangeAzureClientAssertion } from '../azure/client-assertion.js';
import { getGoogleAccessToken } from '../gcp/access-token.js';
import type { MintedToken } from '../types.js';
import { usageError } from './usage-error.js';

export interface AwsFlags {
  awsRoleArn?: string;
  awsSessionName?: string;
  awsRegion?: string;
  awsDuration?: string;
}

export interface AzureFlags {
  azureClientId?: string;
  azureTenantId?: string;
  azureScope?: string;
  azureAuthorityHost?: string;
}

export interface GcpFlags {
  gcpAudience?: string;
  gcpServiceAccount?: string;
  gcpScope?: string;
  gcpStsUrl?: string;
  gcpIamUrl?: string;
}

export function addAwsOptions(command: Command): Command {
  return command
    .option('--aws-role-arn <arn>', 'AWS: role to assume with the token')
    .option(
      '--aws-session-name <name>',
      'AWS: RoleSessionName, 2–64 of [\\w+=,.@-] (default runid-<jti>)',
    )
    .option(
      '--aws-region <region>',
      'AWS: STS region (default $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1)',
    )
    .option('--aws-duration <duration>', 'AWS: session length, seconds or 15m..12h (default 1h)');
}

export function addAzureOptions(command: Command): Command {
  return command
    .option('--azure-client-id <id>', 'Azure: application (client) id')
    .option('--azure-tenant-id <id>', 'Azure: tenant id')
    .option('--azure-scope <scope>', 'Azure: scope (default https://management.azure.com/.default)')
    .option(
      '--azure-authority-host <url>',
      'Azure: authority (default $AZURE_AUTHORITY_HOST or login.microsoftonline.com)',
    );
}

export function addGcpOptions(command: Command): Command {
  return command
    .option(
      '--gcp-audience <audience>',
      'Google: //iam.googleapis.com/projects/N/locations/global/workloadIdentityPools/P/providers/Q',
    )
    .option('--gcp-service-account <email>', 'Google: service account to impersonate (optional)')
    .option('--gcp-scope <scope>', 'Google: OAuth scope (default cloud-platform)')
    .option(
      '--gcp-sts-url <url>',
      'Google: STS token URL (default https://sts.googleapis.com/v1/token)',
    )
    .option(
      '--gcp-iam-url <url>',
      'Google: IAM Credentials base URL (default https://iamcredentials.googleapis.com)',
    );
}

export function awsDurationSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    return durationSeconds(text, '--aws-duration');
  } catch (error) {
    throw usageError('--aws-duration', (error as Error).message.replace(/^--aws-duration /, ''));
  }
}

export function wantsAzure(flags: AzureFlags): boolean {
  if (flags.azureClientId === undefined && flags.azureTenantId === undefined) return false;
  if (!flags.azureClientId || !flags.azureTenantId) {
    throw usageError(
      flags.azureClientId ? '--azure-tenant-id' : '--azure-client-id',
      'Azure needs both --azure-client-id and --azure-tenant-id',
    );
  }
  return true;
}

export async function awsCredentials(
  flags: AwsFlags,
  token: MintedToken,
  env: Env,
): Promise<AwsCredentials> {
  if (!flags.awsRoleArn) throw usageError('--aws-role-arn', 'is required for AWS credentials');
  return assumeRoleWithWebIdentity({
    roleArn: flags.awsRoleArn,
    webIdentityToken: token.token,
    roleSessionName: flags.awsSessionName ?? defaultRoleSessionName(token.claims.jti, Date.now()),
    durationSeconds: awsDurationSeconds(flags.awsDuration),
    region: flags.awsRegion,
    env,
  });
}

/** The variables a child needs for AWS. */
export async function awsEnv(
  flags: AwsFlags,
  token: MintedToken,
  env: Env,
): Promise<Record<string, string>> {
  const credentials = await awsCredentials(flags, token, env);
  return {
    ...awsCredentialEnv(credentials),
    ...(flags.awsRegion === undefined ? {} : { AWS_REGION: flags.awsRegion }),
  };
}

/** Azure: fail fast with a real exchange, then hand the child what Azure SDKs read. */
export async function azureEnv(
  flags: AzureFlags,
  token: MintedToken,
  tokenFile: string,
  env: Env,
): Promise<Record<string, string>> {
  const access = await exchangeAzureClientAssertion({
    tenantId: flags.azureTenantId as string,
    clientId: flags.azureClientId as string,
    assertion: token.token,
    scope: flags.azureScope,
    authorityHost: flags.azureAuthorityHost,
    env,
  });
  const authority = flags.azureAuthorityHost ?? env.AZURE_AUTHORITY_HOST;
  return {
    AZURE_CLIENT_ID: flags.azureClientId as string,
    AZURE_TENANT_ID: flags.azureTenantId as string,
    AZURE_FEDERATED_TOKEN_FILE: tokenFile,
    AZURE_ACCESS_TOKEN: access.accessToken,
    ...(authority ? { AZURE_AUTHORITY_HOST: authority } : {}),
  };
}

/** Google: exchange (and impersonate) now; the access token plus an external_account config. */
export async function gcpEnv(
  flags: GcpFlags,
  token: MintedToken,
  configFile: string,
): Promise<Record<string, string>> {
  const access = await getGoogleAccessToken({
    audience: flags.gcpAudience as string,
    subjectToken: token.token,
    scope: flags.gcpScope,
    stsUrl: flags.gcpStsUrl,
    serviceAccount: flags.gcpServiceAccount,
    iamCredentialsUrl: flags.gcpIamUrl,
  });
  return {
    GOOGLE_OAUTH_ACCESS_TOKEN: access.accessToken,
    GOOGLE_APPLICATION_CREDENTIALS: configFile,
    CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE: configFile,
  };
}
