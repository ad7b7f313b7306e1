/** The timer the rotator sleeps on; injected so tests drive it. */
export interface Timer {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimer: Timer = {
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    // A pending rotation never keeps the process alive on its own.
    handle.unref();
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

/** setTimeout fires at once for delays above 2^31 - 1 ms (~24.8 days). */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;
