import { type CacheBounds, cacheSeconds } from './cache-control.js';
import { JsonError, parseJsonStrict } from './json.js';

/** The parts of a fetch `Response` the verifier reads; the global `Response` satisfies it. */
export interface ResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body?: ReadableStream<Uint8Array> | null;
  arrayBuffer?(): Promise<ArrayBuffer>;
}

export interface FetchInit {
  method: 'GET';
  redirect: 'manual';
  signal: AbortSignal;
  headers: Record<string, string>;
}

/** A WHATWG-style fetch; `globalThis.fetch` satisfies it. Injected for tests and custom agents. */
export type FetchLike = (url: string, init: FetchInit) => Promise<ResponseLike>;

export interface FetchLimits {
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly cacheBounds: CacheBounds;
}

export type FetchJsonResult =
  | { ok: true; value: unknown; ttlSeconds: number }
  | { ok: false; reason: string };

class FetchFailure extends Error {
  override readonly name = 'FetchFailure';
}

async function readLimited(response: ResponseLike, maxBytes: number): Promise<Uint8Array> {
  const declared = response.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new FetchFailure(`the response is larger than ${maxBytes} bytes`);
  }
  const body = response.body;
  if (body && typeof body.getReader === 'function') {
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new FetchFailure(`the response is larger than ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes;
  }
  if (typeof response.arrayBuffer === 'function') {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > maxBytes) {
      throw new FetchFailure(`the response is larger than ${maxBytes} bytes`);
    }
    return bytes;
  }
  throw new FetchFailure('the response has no body');
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

async function fetchAndRead(
  url: string,
  limits: FetchLimits,
  signal: AbortSignal,
): Promise<FetchJsonResult> {
  const response = await limits.fetch(url, {
    method: 'GET',
    // A redirect is a failure: the configured URL is the only trusted source.
    redirect: 'manual',
    signal,
    headers: { accept: 'application/json, application/jwk-set+json' },
  });
  return readJsonAnswer(response, limits);
}

/** A 200 answer's JSON under the byte cap; anything else is a failure (never followed). */
async function readJsonAnswer(
  response: ResponseLike,
  limits: Pick<FetchLimits, 'maxBytes' | 'cacheBounds'>,
): Promise<FetchJsonResult> {
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    const what =
      response.status >= 300 && response.status < 400 ? 'redirect (not followed)' : 'status';
    throw new FetchFailure(`unexpected ${what} ${response.status}`);
  }
  const bytes = await readLimited(response, limits.maxBytes);
  let value: unknown;
  try {
    value = parseJsonStrict(utf8.decode(bytes));
  } catch (error) {
    throw new FetchFailure(
      `the response is not valid JSON${error instanceof JsonError ? `: ${error.message}` : ''}`,
    );
  }
  const ttlSeconds = cacheSeconds(
    response.headers.get('cache-control'),
    response.headers.get('age'),
    limits.cacheBounds,
  );
  return { ok: true, value, ttlSeconds };
}

/**
 * GETs a JSON document with a timeout covering the whole exchange (headers and body), a byte cap
 * enforced while streaming, and no redirects. Never throws.
 */
export function fetchJson(url: string, limits: FetchLimits): Promise<FetchJsonResult> {
  return bounded(limits.timeoutMs, (signal) => fetchAndRead(url, limits, signal));
}

/** The init of a form POST (RFC 7662 introspection); `globalThis.fetch` accepts it. */
export interface PostInit {
  method: 'POST';
  redirect: 'manual';
  signal: AbortSignal;
  headers: Record<string, string>;
  body: string;
}

/** A fetch that can POST a form; `globalThis.fetch` satisfies it. */
export type PostFetchLike = (url: string, init: PostInit) => Promise<ResponseLike>;

export interface PostLimits extends Omit<FetchLimits, 'fetch'> {
  readonly fetch: PostFetchLike;
}

/**
 * POSTs an `application/x-www-form-urlencoded` form and reads a 200 JSON answer, under the same
 * timeout, byte cap and no-redirect rules as {@link fetchJson}. Never throws.
 */
export function postFormJson(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string>,
  limits: PostLimits,
): Promise<FetchJsonResult> {
  return bounded(limits.timeoutMs, async (signal) => {
    const response = await limits.fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal,
      headers: {
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      body: new URLSearchParams(form).toString(),
    });
    return readJsonAnswer(response, limits);
  });
}

async function bounded(
  timeoutMs: number,
  run: (signal: AbortSignal) => Promise<FetchJsonResult>,
): Promise<FetchJsonResult> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Raced as well as wired to the signal: an injected fetch might ignore the signal.
  const timeout = new Promise<FetchJsonResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, reason: `timed out after ${timeoutMs} ms` });
    }, timeoutMs);
    (timer as { unref?: () => void }).unref?.();
  });
  const work = run(controller.signal).catch(
    (error: unknown): FetchJsonResult => ({
      ok: false,
      reason:
        error instanceof FetchFailure
          ? error.message
          : `request failed (${error instanceof Error ? error.name : 'error'})`,
    }),
  );
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
