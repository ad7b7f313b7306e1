import {
  RunIdApiError,
  RunIdArgumentError,
  RunIdCloudError,
  RunIdError,
  RunIdNetworkError,
  RunIdTimeoutError,
} from '../errors.js';
import { EXIT, exitCodeForApiError } from './exit-codes.js';

// What to do about each issuer refusal, in the words of someone at a terminal.
const API_HINTS: Partial<Record<string, string>> = {
  unauthorized:
    'check RUNID_API_KEY (inside a run, RUNID_RUN_TOKEN): an enabled client key or a live run credential',
  forbidden: 'this key cannot call this endpoint: minting needs a client key, not an admin key',
  grant_denied:
    "the request is outside this client's grants: change the flags or ask an admin to widen the grant",
  invalid_request: 'fix the flags named above',
  invalid_claims: 'fix the flags named above',
  lifetime_out_of_range: 'choose a --duration inside the range above',
  store_unavailable: 'the issuer is degraded: try again later',
  no_signing_key: 'the issuer has no signing key yet: try again later',
  issuer_starting:
    'the issuer is starting (opening its store, loading its keys): try again in a second',
  not_found: 'check the issuer URL (RUNID_URL) and the path prefix',
  run_not_found: 'check RUNID_RUN_ID (or --run-id): a run of this client or of this run credential',
  run_ended:
    'the run has ended (finished, past its deadline or revoked): its credential mints nothing; start a new run',
  run_credential_not_allowed:
    'a run credential (RUNID_RUN_TOKEN) cannot call this endpoint: use a client key (RUNID_API_KEY)',
  deadline_out_of_range: 'choose a --deadline between 1m and 24h',
};

/** Formats an error for stderr and picks the exit code. */
export function report(error: unknown): { code: number; message: string } {
  if (error instanceof RunIdArgumentError) {
    return { code: EXIT.usage, message: `runid: ${error.message}` };
  }
  if (error instanceof RunIdApiError) {
    const lines = [`runid: the issuer refused (${error.status} ${error.code}): ${error.detail}`];
    for (const field of error.errors) lines.push(`  ${field.path || '(body)'}: ${field.message}`);
    const hint = API_HINTS[error.code];
    if (hint) lines.push(`  hint: ${hint}`);
    if (error.requestId) lines.push(`  request id: ${error.requestId}`);
    return { code: exitCodeForApiError(error), message: lines.join('\n') };
  }
  if (error instanceof RunIdCloudError) {
    const lines = [
      `runid: ${error.provider} refused the exchange (${error.providerCode}, ${error.code}): ${error.providerMessage}`,
    ];
    if (error.hint) lines.push(`  hint: ${error.hint}`);
    if (error.requestId) lines.push(`  request id: ${error.requestId}`);
    return { code: EXIT.refused, message: lines.join('\n') };
  }
  if (error instanceof RunIdNetworkError || error instanceof RunIdTimeoutError) {
    return {
      code: EXIT.network,
      message: `runid: ${error.message}\n  hint: check the URL (RUNID_URL, AWS_ENDPOINT_URL_STS, …), the network and proxies`,
    };
  }
  if (error instanceof RunIdError) {
    return { code: EXIT.refused, message: `runid: ${error.message}` };
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { code: EXIT.refused, message: `runid: unexpected error: ${text}` };
}
