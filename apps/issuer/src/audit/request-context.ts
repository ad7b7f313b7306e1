/**
 * What the HTTP layer knows about a request that the services record: built in http/ and passed
 * down (modules never reach up into http/). Both are null outside a request (CLI, timers).
 */
export interface RequestContext {
  /** The request's id, echoed as `X-Request-Id`. */
  readonly requestId: string | null;
  /** The client's address: the socket peer, or `X-Forwarded-For` behind a trusted proxy. */
  readonly source: string | null;
}

export const NO_REQUEST: RequestContext = Object.freeze({ requestId: null, source: null });
