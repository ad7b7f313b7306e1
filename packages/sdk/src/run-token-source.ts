import { type ClientOptions, createClient, type RunIdClient } from './client.js';
import { RunIdArgumentError } from './errors.js';
import { createTokenSource, type TokenSource, type TokenSourceOptions } from './token-source.js';
import type { RunTokenRequest } from './types.js';

export type RunTokenSourceOptions = Omit<ClientOptions, 'apiKey'> &
  TokenSourceOptions & {
    /**
     * What every token of the source chooses within the run: `audience` / `platform` from the
     * run's lists, `duration` (default: the kind's, shrunk to end by the run's deadline),
     * `subjectAttributes`. Default `{}`.
     */
    request?: RunTokenRequest | undefined;
    /** A client bound to the run credential already (its `runToken`/`baseUrl` options are ignored). */
    client?: Pick<RunIdClient, 'mintToken'> | undefined;
  };

/**
 * The tokens of one run: a {@link TokenSource} that mints with the run credential (`runToken`,
 * default `RUNID_RUN_TOKEN`, which `runid run` gives its command; the issuer URL from `baseUrl` or
 * `RUNID_URL`). The run fixes the identity; a token never outlives the run's deadline, and once the
 * run has ended `getToken` rejects with `RunIdApiError` `run_ended`. Pass it as `tokens:` to
 * `fromRunId`, `RunIdAzureCredential` or `googleExternalAccountClientOptions`.
 */
export function runTokenSource(options: RunTokenSourceOptions = {}): TokenSource {
  const { request = {}, client, refreshWhen, ...clientOptions } = options;
  const tokenOptions: TokenSourceOptions = {
    ...(refreshWhen === undefined ? {} : { refreshWhen }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  };
  if (client !== undefined) return createTokenSource(client, request, tokenOptions);
  const env =
    options.env ?? (globalThis as { process?: NodeJS.Process }).process?.env ?? ({} as const);
  const runToken = options.runToken ?? (env.RUNID_RUN_TOKEN || undefined);
  if (runToken === undefined) {
    throw new RunIdArgumentError(
      'runToken',
      'is required: pass runToken or set RUNID_RUN_TOKEN (runid run sets it for its command)',
    );
  }
  return createTokenSource(createClient({ ...clientOptions, runToken }), request, tokenOptions);
}
