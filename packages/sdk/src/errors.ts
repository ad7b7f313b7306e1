import type { ErrorCode, Problem } from '@runid/contract';

/** Codes of errors raised on this side of the wire (no answer from the issuer or a cloud). */
export type LocalErrorCode =
  | 'network_error'
  | 'timeout'
  | 'aborted'
  | 'invalid_argument'
  | 'http_error'
  | 'invalid_response';

/** Codes of a cloud's refusal, mapped from STS / Entra ID / Google answers. */
export type CloudErrorCode =
  | 'invalid_identity_token'
  | 'expired_token'
  | 'access_denied'
  | 'idp_communication_error'
  | 'throttled'
  | 'cloud_error';

/** Every `code` an error of this package can carry. */
export type RunIdErrorCode = ErrorCode | LocalErrorCode | CloudErrorCode;

export interface RunIdErrorOptions {
  cause?: unknown;
  status?: number;
}

/** The one error family of `@runid/sdk`: switch on `code`, never on the message. */
export class RunIdError extends Error {
  readonly code: RunIdErrorCode;
  readonly status: number | undefined;

  constructor(code: RunIdErrorCode, message: string, options: RunIdErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RunIdError';
    this.code = code;
    this.status = options.status;
  }
}

export type FieldError = NonNullable<Problem['errors']>[number];

export interface RunIdApiErrorInit {
  status: number;
  code: ErrorCode | 'http_error' | 'invalid_response';
  title?: string;
  detail: string;
  errors?: FieldError[];
  requestId?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

/** The issuer answered with an error (a problem document, or an answer that breaks the contract). */
export class RunIdApiError extends RunIdError {
  declare readonly code: ErrorCode | 'http_error' | 'invalid_response';
  declare readonly status: number;
  readonly title: string | undefined;
  readonly detail: string;
  readonly errors: FieldError[];
  readonly requestId: string | undefined;
  /** From `Retry-After`, when the issuer sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(init: RunIdApiErrorInit) {
    const fields = (init.errors ?? []).map((e) => `${e.path || '(body)'}: ${e.message}`);
    const message = [`${init.status} ${init.code}: ${init.detail}`, ...fields].join('\n  ');
    super(init.code, message, { status: init.status, cause: init.cause });
    this.name = 'RunIdApiError';
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The request failed below HTTP: DNS, connection refused, reset, TLS. */
export class RunIdNetworkError extends RunIdError {
  declare readonly code: 'network_error';
  /**
   * False only when the failure proves the request never left this process (DNS failure,
   * connection refused): then even a mint is safe to retry.
   */
  readonly mayHaveReachedServer: boolean;
  readonly url: string;

  constructor(url: string, mayHaveReachedServer: boolean, cause: unknown) {
    const reason = describeCause(cause);
    super('network_error', `could not reach ${url}: ${reason}`, { cause });
    this.name = 'RunIdNetworkError';
    this.url = url;
    this.mayHaveReachedServer = mayHaveReachedServer;
  }
}

/** No complete answer within `timeoutMs` (per attempt). */
export class RunIdTimeoutError extends RunIdError {
  declare readonly code: 'timeout';
  readonly timeoutMs: number;
  readonly url: string;

  constructor(url: string, timeoutMs: number) {
    super('timeout', `no answer from ${url} within ${timeoutMs} ms`);
    this.name = 'RunIdTimeoutError';
    this.url = url;
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's own AbortSignal fired. Never retried. */
export class RunIdAbortError extends RunIdError {
  declare readonly code: 'aborted';

  constructor(url: string, cause: unknown) {
    super('aborted', `request to ${url} was aborted by the caller`, { cause });
    this.name = 'RunIdAbortError';
  }
}

/** An argument is wrong before anything was sent (session name, duration, URL, …). */
export class RunIdArgumentError extends RunIdError {
  declare readonly code: 'invalid_argument';
  readonly argument: string;

  constructor(argument: string, message: string) {
    super('invalid_argument', `${argument}: ${message}`);
    this.name = 'RunIdArgumentError';
    this.argument = argument;
  }
}

export type CloudProvider = 'aws' | 'azure' | 'gcp';

export interface RunIdCloudErrorInit {
  provider: CloudProvider;
  code: CloudErrorCode | 'invalid_response';
  status: number;
  providerCode: string;
  providerMessage: string;
  hint?: string;
  requestId?: string;
}

/** A cloud refused the exchange; `providerCode` is the cloud's own code (`AccessDenied`, `AADSTS700213`, …). */
export class RunIdCloudError extends RunIdError {
  declare readonly code: CloudErrorCode | 'invalid_response';
  declare readonly status: number;
  readonly provider: CloudProvider;
  readonly providerCode: string;
  readonly providerMessage: string;
  readonly hint: string | undefined;
  readonly requestId: string | undefined;

  constructor(init: RunIdCloudErrorInit) {
    const head = `${init.provider} ${init.providerCode} (${init.status}): ${init.providerMessage}`;
    super(init.code, init.hint ? `${head}\n  hint: ${init.hint}` : head, { status: init.status });
    this.name = 'RunIdCloudError';
    this.provider = init.provider;
    this.providerCode = init.providerCode;
    this.providerMessage = init.providerMessage;
    this.hint = init.hint;
    this.requestId = init.requestId;
  }
}

export function isRunIdError(value: unknown): value is RunIdError {
  return value instanceof RunIdError;
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    if (inner instanceof Error) {
      const code = (inner as { code?: unknown }).code;
      return typeof code === 'string' ? `${code} (${inner.message})` : inner.message;
    }
    return cause.message;
  }
  return String(cause);
}
