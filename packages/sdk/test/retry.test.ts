import { afterEach, describe, expect, it } from 'vitest';
import {
  backoffDelay,
  createClient,
  parseRetryAfter,
  RunIdAbortError,
  RunIdNetworkError,
  RunIdTimeoutError,
} from '../src/index.js';
import { resolveRetryPolicy } from '../src/retry.js';
import {
  closedPortUrl,
  problem,
  send,
  startServer,
  type TestServer,
} from './helpers/http-server.js';
import { deploymentRequest, mintedToken } from './helpers/tokens.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Records the delays instead of waiting them. */
function recordingRetry(extra: Record<string, unknown> = {}) {
  const delays: number[] = [];
  return {
    delays,
    retry: {
      retries: 2,
      random: () => 0.5,
      sleep: async (ms: number) => {
        delays.push(ms);
      },
      ...extra,
    },
  };
}

describe('backoff and Retry-After', () => {
  it('doubles the jitter ceiling per retry, capped by maxDelayMs', () => {
    const policy = resolveRetryPolicy({ baseDelayMs: 100, maxDelayMs: 300, random: () => 0.999 });
    expect([0, 1, 2, 3].map((i) => backoffDelay(i, policy))).toEqual([99, 199, 299, 299]);
    const zero = resolveRetryPolicy({ baseDelayMs: 100, random: () => 0 });
    expect(backoffDelay(5, zero)).toBe(0);
  });

  it('reads delay-seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Wed, 01 May 2024 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('-3', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('refuses a negative retry count', () => {
    expect(() => resolveRetryPolicy({ retries: -1 })).toThrow(RangeError);
  });
});

describe('what is retried', () => {
  it('retries 503 honouring Retry-After (capped), then succeeds', async () => {
    const minted = mintedToken({ iat: 1_700_000_000, lifetimeSeconds: 3600 });
    server = await startServer((_req, res, i) => {
      if (i === 0) problem(res, 503, 'store_unavailable', 'store down', {}, { 'retry-after': '2' });
      else if (i === 1)
        problem(res, 503, 'store_unavailable', 'store down', {}, { 'retry-after': '120' });
      else send(res, 201, minted);
    });
    const { delays, retry } = recordingRetry({ maxRetryAfterMs: 10_000 });
    const client = createClient({ baseUrl: server.url, apiKey: 'k', retry });
    expect(await client.mintToken(deploymentRequest)).toEqual(minted);
    expect(delays).toEqual([2000, 10_000]);
    expect(server.requests).toHaveLength(3);
  });

  it('retries 429 with backoff when there is no Retry-After, and gives up after `retries`', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'text/plain' });
      res.end('slow down');
    });
    const { delays, retry } = recordingRetry({ baseDelayMs: 100 });
    const error = await createClient({ baseUrl: server.url, retry })
      .health()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'http_error', status: 429 });
    expect(server.requests).toHaveLength(3);
    expect(delays).toEqual([50, 100]);
  });

  it('never retries other 4xx or 5xx answers', async () => {
    for (const [status, code] of [
      [400, 'invalid_request'],
      [401, 'unauthorized'],
      [403, 'grant_denied'],
      [404, 'not_found'],
      [500, 'internal_error'],
    ] as const) {
      server = await startServer((_req, res) => problem(res, status, code, 'no'));
      const { delays, retry } = recordingRetry();
      await expect(
        createClient({ baseUrl: server.url, apiKey: 'k', retry }).mintToken(deploymentRequest),
      ).rejects.toMatchObject({ status, code });
      expect(server.requests).toHaveLength(1);
      expect(delays).toEqual([]);
      await server.close();
      server = undefined;
    }
  });

  it('retries a mint after connection refused: the request never left', async () => {
    const url = await closedPortUrl();
    const { delays, retry } = recordingRetry();
    const error = await createClient({ baseUrl: url, apiKey: 'k', retry })
      .mintToken(deploymentRequest)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunIdNetworkError);
    expect(error).toMatchObject({ code: 'network_error', mayHaveReachedServer: false });
    expect(delays).toHaveLength(2);
  });

  it('does not retry a mint whose connection died after the request was sent', async () => {
    server = await startServer((_req, res) => {
      res.socket?.destroy();
    });
    const { retry } = recordingRetry();
    const error = await createClient({ baseUrl: server.url, apiKey: 'k', retry })
      .mintToken(deploymentRequest)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'network_error', mayHaveReachedServer: true });
    expect(server.requests).toHaveLength(1);
  });

  it("retries it anyway with nonIdempotent: 'always' (and may mint twice)", async () => {
    server = await startServer((_req, res) => {
      res.socket?.destroy();
    });
    const { retry } = recordingRetry({ nonIdempotent: 'always' });
    await expect(
      createClient({ baseUrl: server.url, apiKey: 'k', retry }).mintToken(deploymentRequest),
    ).rejects.toMatchObject({ code: 'network_error' });
    expect(server.requests).toHaveLength(3);
  });

  it('retries an idempotent read after a reset', async () => {
    server = await startServer((_req, res, i) => {
      if (i < 2) res.socket?.destroy();
      else send(res, 200, { status: 'ok' });
    });
    const { retry } = recordingRetry();
    expect(await createClient({ baseUrl: server.url, retry }).health()).toEqual({ status: 'ok' });
    expect(server.requests).toHaveLength(3);
  });
});

describe('timeouts and abort', () => {
  const hang = () => startServer(() => undefined);

  it('times out one attempt; a mint is not repeated, a read is', async () => {
    server = await hang();
    const { retry } = recordingRetry();
    // 400 ms, not less: the count below is what the server saw, and on a loaded machine a shorter
    // attempt can time out before the server has even read the request.
    const client = createClient({ baseUrl: server.url, apiKey: 'k', timeoutMs: 400, retry });
    const error = await client.mintToken(deploymentRequest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunIdTimeoutError);
    expect(error).toMatchObject({ code: 'timeout', timeoutMs: 400 });
    expect(server.requests).toHaveLength(1);
    await expect(client.listKeys()).rejects.toMatchObject({ code: 'timeout' });
    expect(server.requests).toHaveLength(4);
  });

  it('covers reading the body, not only the headers', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":');
    });
    await expect(
      createClient({ baseUrl: server.url, timeoutMs: 50, retry: false }).health(),
    ).rejects.toMatchObject({ code: 'timeout' });
  });

  it("stops at once on the caller's signal and does not retry", async () => {
    server = await hang();
    const controller = new AbortController();
    const { delays, retry } = recordingRetry();
    const pending = createClient({ baseUrl: server.url, retry }).health({
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunIdAbortError);
    expect(error).toMatchObject({ code: 'aborted' });
    expect(delays).toEqual([]);
    await expect(
      createClient({ baseUrl: server.url }).health({ signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: 'aborted' });
  });
});
