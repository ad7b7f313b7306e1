import type { Verifier, VerifySuccess } from '../verifier.js';
import {
  authenticate,
  DEFAULT_PROPERTY,
  type MiddlewareOptions,
  prepareOptions,
} from './authenticate.js';

/**
 * The parts of Express's request/response this middleware touches, typed structurally (no
 * dependency on `express` or `@types/express`); Express's objects satisfy them.
 */
export interface ExpressRequestLike {
  headers: { authorization?: string | undefined };
}

export interface ExpressResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
  locals?: Record<string, unknown>;
}

declare global {
  // Express types its request through this global namespace (as @types/express documents):
  // importing `@runid/verifier/express` makes `req.runid` typed in every handler.
  namespace Express {
    interface Request {
      /** The verified token, set by `expressVerifier` (default `property`). */
      runid?: VerifySuccess;
    }
  }
}

export type ExpressNext = (error?: unknown) => void;

export type ExpressMiddleware = (
  req: ExpressRequestLike,
  res: ExpressResponseLike,
  next: ExpressNext,
) => void;

/**
 * Express middleware: verifies the bearer token, attaches the result as `req.runid` and
 * `res.locals.runid` (or `options.property`) and calls `next()`; otherwise ends the response with
 * 400/401/403/503, a problem document and a `WWW-Authenticate` challenge.
 */
export function expressVerifier(
  verifier: Verifier,
  options?: MiddlewareOptions,
): ExpressMiddleware {
  const prepared = prepareOptions(options);
  const property = prepared.property ?? DEFAULT_PROPERTY;
  return (req, res, next) => {
    authenticate(verifier, req.headers.authorization, prepared).then((outcome) => {
      if (!outcome.ok) {
        res.statusCode = outcome.status;
        for (const [name, value] of Object.entries(outcome.headers)) res.setHeader(name, value);
        res.end(JSON.stringify(outcome.body));
        return;
      }
      (req as unknown as Record<string, unknown>)[property] = outcome.result;
      if (res.locals) res.locals[property] = outcome.result;
      next();
    }, next);
  };
}

/** The verified result an `expressVerifier` attached to this request, if any. */
export function verifiedFrom(
  req: object,
  property: string = DEFAULT_PROPERTY,
): VerifySuccess | undefined {
  const value = (req as Record<string, unknown>)[property];
  return typeof value === 'object' && value !== null && (value as VerifySuccess).ok === true
    ? (value as VerifySuccess)
    : undefined;
}
