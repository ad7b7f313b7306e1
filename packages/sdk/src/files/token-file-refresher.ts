import type { MintedToken } from '../types.js';
import { writeFileAtomic } from './atomic-write.js';

/** Injected timers, so tests move time instead of waiting. */
export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface TokenFileRefresherOptions {
  /** The file `AWS_WEB_IDENTITY_TOKEN_FILE` / `AZURE_FEDERATED_TOKEN_FILE` names. */
  path: string;
  /** Usually a {@link TokenSource}: it decides when a token is stale and mints the next. */
  tokens: { getToken(): Promise<MintedToken> };
  /** How often to ask `tokens` for a token. Default 30 s (well inside the 5-minute refresh margin). */
  intervalMs?: number;
  scheduler?: Scheduler;
  /** A failed refresh keeps the previous file and tries again at the next tick. */
  onError?: (error: unknown) => void;
  onWrite?: (token: MintedToken) => void;
}

export interface TokenFileRefresher {
  /** Writes the first token (throws if that fails) and starts the periodic refresh. */
  start(): Promise<MintedToken>;
  /** One check now; true when the file was rewritten. */
  refresh(): Promise<boolean>;
  /** Stops refreshing; waits for a write in progress. The file stays. */
  stop(): Promise<void>;
}

const realScheduler: Scheduler = {
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    // A background refresher must never be what keeps the process alive.
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createTokenFileRefresher(options: TokenFileRefresherOptions): TokenFileRefresher {
  const scheduler = options.scheduler ?? realScheduler;
  const intervalMs = options.intervalMs ?? 30_000;
  let written: MintedToken | undefined;
  let handle: unknown;
  let running = false;
  let current: Promise<boolean> | undefined;

  async function refreshOnce(): Promise<boolean> {
    const token = await options.tokens.getToken();
    if (token.token === written?.token) return false;
    await writeFileAtomic(options.path, token.token);
    written = token;
    options.onWrite?.(token);
    return true;
  }

  function refresh(): Promise<boolean> {
    current ??= refreshOnce().finally(() => {
      current = undefined;
    });
    return current;
  }

  function schedule(): void {
    if (!running) return;
    handle = scheduler.setTimeout(() => {
      refresh()
        .catch((error: unknown) => options.onError?.(error))
        .finally(schedule);
    }, intervalMs);
  }

  return {
    async start() {
      running = false;
      await refresh();
      running = true;
      schedule();
      return written as MintedToken;
    },
    refresh,
    async stop() {
      running = false;
      if (handle !== undefined) scheduler.clearTimeout(handle);
      handle = undefined;
      await current?.catch(() => undefined);
    },
  };
}
