import { RunIdApiError, type RunIdClient } from '@runid/sdk';
import { cleanup } from '@testing-library/react';

/** After each page test: unmount, and back to the console's root URL. */
export function resetConsole(): void {
  cleanup();
  window.history.replaceState(null, '', '/console/');
}

/** A console session of this role, as `getSession` answers it. */
export function sessionAs(
  role: 'admin' | 'auditor',
  admin = role === 'admin' ? 'bootstrap' : 'reader',
) {
  return {
    admin,
    role,
    createdAt: '2026-01-15T12:00:00.000Z',
    idleExpiresAt: '2026-01-15T12:30:00.000Z',
    expiresAt: '2026-01-16T00:00:00.000Z',
    idleTimeoutSeconds: 1800,
    absoluteTimeoutSeconds: 43200,
  };
}

/**
 * The SDK's client interface answering from `answers` (a method without one answers 404
 * `not_found`); every call is passed to `record` first.
 */
export function fakeApi(
  answers: Record<string, (...args: unknown[]) => unknown>,
  record: (name: string, args: unknown[]) => void,
): RunIdClient {
  return new Proxy(
    {},
    {
      get(_target, name: string) {
        return async (...args: unknown[]) => {
          record(name, args);
          const answer = answers[name];
          if (answer === undefined)
            throw new RunIdApiError({ status: 404, code: 'not_found', detail: `${name}?` });
          return answer(...args);
        };
      },
    },
  ) as RunIdClient;
}
