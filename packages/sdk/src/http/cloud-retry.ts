import { RunIdCloudError, RunIdError } from '../errors.js';
import type { RetryDecision } from '../retry.js';

/**
 * Retry decision shared by the cloud exchanges, which are all safe to repeat (each one only
 * issues another short-lived credential): network errors, timeouts, 429, 5xx and the codes the
 * caller names as transient.
 */
export function cloudRetryDecision(error: unknown, transient: ReadonlySet<string>): RetryDecision {
  if (error instanceof RunIdCloudError) {
    return error.status === 429 || error.status >= 500 || transient.has(error.providerCode)
      ? {}
      : false;
  }
  return error instanceof RunIdError && (error.code === 'network_error' || error.code === 'timeout')
    ? {}
    : false;
}

/** Parses a JSON body, or undefined. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
