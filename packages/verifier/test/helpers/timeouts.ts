/**
 * Fetch timeout for tests that are not about timeouts. The timeout runs on real timers, and the
 * first request of a process also loads Node's fetch implementation (undici): ~0.1 s idle, more
 * than 1 s on a loaded 2-core machine. Generous, yet below vitest's 30 s test timeout so a stuck
 * request still fails with the verifier's own reason.
 */
export const TEST_FETCH_TIMEOUT_MS = 20_000;

/** For the tests whose endpoint stalls on purpose: the timeout must fire within the test. */
export const STALL_FETCH_TIMEOUT_MS = 2_000;
