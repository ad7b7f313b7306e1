import type { OperationId } from '@runid/contract';
import type { Principal } from '../auth/principal.js';
import type { SessionRecord } from '../store/records.js';
import type { MintRequest, TokenRequest } from '../tokens/mint-service.js';

/**
 * What one request's middleware and steps leave for the next, in `ctx.state`, typed for all of
 * them (Koa's `DefaultState`). Each field names who sets it; a handler reads only what a step
 * before it in its route set.
 */
export interface RequestState {
  /** `observe`: the request's id (a plain `X-Request-Id`, else a new UUID), echoed and logged. */
  requestId: string;
  /** `sourceAddress`: the client's address for the audit trail (trusted proxies walked). */
  source: string | null;
  /** `router`: the matched route template (metrics and logs) and its contract operation. */
  route?: string;
  operationId?: OperationId;
  /** `router`: `:param` captures, still percent-encoded, for the parameter step. */
  rawParams?: Record<string, string>;
  /** `validParameters`: the decoded, validated path and query parameters. */
  params?: unknown;
  query?: unknown;
  /** `jsonBody`: the parsed body; `validBody`: the same, checked against the contract. */
  body?: unknown;
  /** `validMintRequest`: the mint body, checked for the caller's credential (`body` stays raw). */
  mint?: MintRequest;
  /** `validPreviewRequest`: the preview body, checked as a token request. */
  preview?: TokenRequest;
  /** `admit`: who called, known before the type and role checks (for a refusal's audit event)… */
  authenticated?: Principal;
  /** …and the caller let in: set by the authenticate step, read only by handlers behind it. */
  principal: Principal;
  /** `admit`: the caller's id, for the request log. */
  clientId?: string;
  /** `adminAccess` with a console session: the session and its id. */
  session?: SessionRecord;
  sessionId?: string;
  /** `problemMiddleware`: what was thrown, for `observe`'s error log line. */
  error?: unknown;
}

declare module 'koa' {
  interface DefaultState extends RequestState {}
}
