import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { TokenCredential } from '@azure/core-auth';
import { IdentityPoolClient } from 'google-auth-library';
import {
  fromRunId,
  googleExternalAccountClientOptions,
  RunIdAzureCredential,
  type TokenRequest,
} from '../src/index.js';

// createClient({}) under the hood: RUNID_URL and RUNID_API_KEY, as the CLI reads them.
const request: TokenRequest = {
  kind: 'deployment',
  org: 'acme',
  project: 'web',
  stack: 'prod',
  operation: 'update',
  deployment: 42,
  duration: 900, // seconds, or '15m'
};

// AWS: any @aws-sdk/client-* takes it as `credentials`; minted, exchanged and refreshed 5 min
// before the session expires, one mint and one STS call for concurrent requests.
const sts = new STSClient({
  region: 'eu-west-1',
  credentials: fromRunId({ request, roleArn: 'arn:aws:iam::123456789012:role/deployer' }),
});
console.log((await sts.send(new GetCallerIdentityCommand({}))).Arn);

// Azure: a TokenCredential for any Azure SDK client (like ClientAssertionCredential).
const azure: TokenCredential = new RunIdAzureCredential({
  request: { ...request, duration: '1h' },
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '00000000-0000-0000-0000-000000000001',
});
console.log((await azure.getToken('https://management.azure.com/.default'))?.expiresOnTimestamp);

// Google Cloud: google-auth-library's external-account client, fed by RunID (no token file).
const google = new IdentityPoolClient(
  googleExternalAccountClientOptions({
    request,
    audience:
      '//iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/runid/providers/runid',
    serviceAccount: 'deployer@acme-prod.iam.gserviceaccount.com',
  }),
);
console.log((await google.getAccessToken()).token !== null);
