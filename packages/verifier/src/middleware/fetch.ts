import type { Verifier, VerifySuccess } from '../verifier.js';
import { authenticate, type MiddlewareOptions, prepareOptions } from './authenticate.js';

/** The part of a fetch `Request` used here; the global `Request` satisfies it. */
export interface RequestLike {
  readonly headers: { get(name: string): string | null };
}

export type RequestVerification =
  | { readonly ok: true; readonly result: VerifySuccess }
  | { readonly ok: false; readonly response: Response };

/**
 * For fetch-style handlers (Workers, Deno, Bun, Next.js route handlers, undici servers): verifies
 * the request's bearer token and returns either the verified result or the `Response` to send.
 */
export async function verifyRequest(
  verifier: Verifier,
  request: RequestLike,
  options?: MiddlewareOptions,
): Promise<RequestVerification> {
  const outcome = await authenticate(verifier, request.headers.get('authorization'), options);
  if (outcome.ok) return outcome;
  return {
    ok: false,
    response: new Response(JSON.stringify(outcome.body), {
      status: outcome.status,
      headers: outcome.headers,
    }),
  };
}

/** Wraps a fetch-style handler so it only runs for requests carrying a verified (and trusted) token. */
export function withVerifiedToken<R extends RequestLike>(
  verifier: Verifier,
  handler: (request: R, verified: VerifySuccess) => Response | Promise<Response>,
  options?: MiddlewareOptions,
): (request: R) => Promise<Response> {
  const prepared = prepareOptions(options);
  return async (request) => {
    const verification = await verifyRequest(verifier, request, prepared);
    return verification.ok ? handler(request, verification.result) : verification.response;
  };
}
