import { type ClientOptions, createClient, type RunIdClient } from '../client.js';
import { createTokenSource, type TokenSource } from '../token-source.js';
import type { RunTokenRequest, TokenRequest } from '../types.js';

/** Where a credential provider gets its RunID tokens. */
export type RunIdTokenInput =
  | { tokens: TokenSource; client?: undefined; request?: undefined }
  | {
      /**
       * A client, or the options of one (`createClient({})` reads RUNID_URL, and RUNID_RUN_TOKEN
       * or RUNID_API_KEY).
       */
      client?: RunIdClient | Partial<ClientOptions> | undefined;
      /** A full token request with a client key; inside a run, only what the run leaves open (`{}`). */
      request: TokenRequest | RunTokenRequest;
      tokens?: undefined;
    };

export function tokenSourceOf(input: RunIdTokenInput): TokenSource {
  if (input.tokens !== undefined) return input.tokens;
  const client =
    input.client !== undefined && 'mintToken' in input.client
      ? input.client
      : createClient(input.client ?? {});
  return createTokenSource(client, input.request);
}
