import type { OperationId } from '@runid/contract';
import type { Context, Next } from 'koa';
import { requireType, WWW_AUTHENTICATE } from '../auth/authenticator.js';
import { authorizationHeaders } from '../auth/bearer.js';
import type { Principal } from '../auth/principal.js';
import { requireRole } from '../auth/roles.js';
import { IssuerError } from '../errors.js';
import { type RequestBody, requestBodyCheck } from '../request-body.js';
import type { IssuerServices } from '../services.js';
import { parameterChecker } from './parameters.js';
import { readJsonBody } from './read-body.js';

/** Step: authenticate the caller and require one of the allowed key types. */
export function authenticate(services: IssuerServices, allowed: readonly Principal['type'][]) {
  return async function authenticateStep(ctx: Context, next: Next): Promise<void> {
    // Node keeps only the first of repeated Authorization headers: count them in the raw list.
    const headers = authorizationHeaders(ctx.req.rawHeaders);
    if (headers.length > 1) {
      throw new IssuerError(
        'unauthorized',
        'Send exactly one Authorization header: Authorization: Bearer <key>.',
        { headers: { 'WWW-Authenticate': WWW_AUTHENTICATE } },
      );
    }
    const principal = await services.authenticator.authenticate(headers[0] || undefined);
    admit(ctx, principal, allowed);
    await next();
  };
}

/**
 * The one place a principal is let in, by key or by console session: the key type the route
 * allows, then the role the operation needs (`OPERATION_ROLES`, by the router's operation id).
 */
export function admit(ctx: Context, principal: Principal, allowed: readonly Principal['type'][]) {
  ctx.state.clientId = principal.id;
  // Known before the checks: a refusal's audit event names who was refused.
  ctx.state.authenticated = principal;
  requireType(principal, allowed);
  requireRole(principal, ctx.state.operationId as OperationId | undefined);
  ctx.state.principal = principal;
}

/**
 * Step: decode and validate the operation's path and query parameters against the contract
 * (400 `invalid_request` naming each parameter) before any handler or the store sees them.
 * Sets `ctx.state.params` (path) and `ctx.state.query` (typed, with defaults).
 */
export function validParameters(services: IssuerServices, operationId: OperationId) {
  const check = parameterChecker(services.validator, operationId);
  return async function validParametersStep(ctx: Context, next: Next): Promise<void> {
    const checked = check(ctx.state.rawParams ?? {}, ctx.querystring);
    ctx.state.params = checked.path;
    ctx.state.query = checked.query;
    await next();
  };
}

/**
 * Step: check the parsed body against the operation's request schema in the contract (400
 * `invalid_request` naming each field) before the handler's service sees it.
 */
export function validBody(services: IssuerServices, operationId: OperationId) {
  const check = requestBodyCheck(services.validator, operationId);
  return async function validBodyStep(ctx: Context, next: Next): Promise<void> {
    ctx.state.body = check(ctx.state.body);
    await next();
  };
}

/**
 * The body `validBody(…, operationId)` checked, typed as the contract's request body of that
 * operation; asking for another operation's body than the route's is a programming error.
 */
export function checkedBody<Op extends OperationId>(
  ctx: Context,
  operationId: Op,
): RequestBody<Op> {
  if (ctx.state.operationId !== operationId) {
    throw new Error(`${ctx.state.operationId ?? 'no route'} read the body of ${operationId}`);
  }
  return ctx.state.body as RequestBody<Op>;
}

/** The caller the route's authenticate step let in, narrowed to the key types that route allows. */
export function principalOf<T extends Principal['type']>(
  ctx: Context,
  ...types: T[]
): Extract<Principal, { type: T }> {
  const { principal } = ctx.state;
  if (!(types as string[]).includes(principal.type)) {
    throw new Error(`a ${principal.type} was let in where only ${types.join(', ')} may call`);
  }
  return principal as Extract<Principal, { type: T }>;
}

/**
 * Step: the mint body's shape for the caller's credential (`MintTokenRequest`: a client key's
 * token request or a run credential's run token request); 400 `invalid_request`, counted as a
 * refused mint. Sets `ctx.state.mint`; `ctx.state.body` stays as sent (for the refusal's event).
 */
export function validMintRequest(services: IssuerServices) {
  return async function validMintRequestStep(ctx: Context, next: Next): Promise<void> {
    ctx.state.mint = services.mint.checkRequest(ctx.state.principal, ctx.state.body);
    await next();
  };
}

/** Step: the preview body's shape (a token request); sets `ctx.state.preview`. */
export function validPreviewRequest(services: IssuerServices) {
  return async function validPreviewRequestStep(ctx: Context, next: Next): Promise<void> {
    ctx.state.preview = services.mint.checkPreview(ctx.state.body);
    await next();
  };
}

/** Step: read and parse the JSON body (415 / 413 / 400 `invalid_json`). */
export async function jsonBody(ctx: Context, next: Next): Promise<void> {
  ctx.state.body = await readJsonBody(ctx.req);
  await next();
}

/** Answers JSON with an explicit status; secrets and tokens are never cached by intermediaries. */
export function sendJson(
  ctx: Context,
  status: number,
  value: unknown,
  options: { noStore?: boolean } = {},
): void {
  ctx.status = status;
  ctx.type = 'application/json';
  if (options.noStore) ctx.set('Cache-Control', 'no-store');
  ctx.body = JSON.stringify(value);
}
