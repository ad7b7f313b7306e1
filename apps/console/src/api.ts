import { createClient, RunIdApiError, type RunIdClient } from '@runid/sdk';

/** The header the issuer requires on every cookie call that changes state (CSRF defence). */
export const CSRF_HEADER = 'X-RunID-CSRF';

/**
 * The SDK's client as the console uses it: same origin as the page, the session cookie sent by
 * the browser (`credentials: 'same-origin'`, HttpOnly: no script ever reads it), the CSRF header
 * on every call, no retries (a person is waiting and sees the error).
 */
export function consoleClient(origin: string, fetchFn: typeof fetch = fetch): RunIdClient {
  return createClient({
    baseUrl: origin,
    env: {},
    retry: false,
    timeoutMs: 15_000,
    fetch: (request) => {
      const sent = new Request(request, { credentials: 'same-origin' });
      sent.headers.set(CSRF_HEADER, '1');
      return fetchFn(sent);
    },
  });
}

/**
 * Sign-in: the pasted admin key is used for this one request and then dropped — it is never
 * put in storage, a cookie, the URL or the state of the app.
 */
export async function signIn(origin: string, adminKey: string, fetchFn: typeof fetch = fetch) {
  const once = createClient({
    baseUrl: origin,
    apiKey: adminKey,
    env: {},
    retry: false,
    timeoutMs: 15_000,
    fetch: (request) => fetchFn(new Request(request, { credentials: 'same-origin' })),
  });
  return once.createSession();
}

/** What the console shows of any failure: the API's stable code and its message. */
export interface ShownError {
  code: string;
  message: string;
  status?: number;
  /** The fields the API named as wrong (`errors[]` of the problem document). */
  fields: string[];
}

export function describeError(error: unknown): ShownError {
  if (error instanceof RunIdApiError) {
    return {
      code: error.code,
      message: error.detail,
      status: error.status,
      fields: error.errors.map((e) => `${e.path || '(body)'}: ${e.message}`),
    };
  }
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    return { code: error.code, message: error.message, fields: [] };
  }
  return {
    code: 'error',
    message: error instanceof Error ? error.message : String(error),
    fields: [],
  };
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof RunIdApiError && error.status === 401;
}
