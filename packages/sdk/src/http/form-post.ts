import { runAttempt } from './attempt.js';

export type FetchFn = (input: Request) => Promise<Response>;

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export interface PostOptions {
  fetch?: FetchFn | undefined;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  headers?: Record<string, string>;
}

export const DEFAULT_CLOUD_TIMEOUT_MS = 10_000;

/** POSTs `application/x-www-form-urlencoded` and reads the whole answer under one deadline. */
export function postForm(
  url: string,
  fields: Record<string, string>,
  options: PostOptions = {},
): Promise<HttpAnswer> {
  return send(url, new URLSearchParams(fields).toString(), {
    ...options,
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      ...options.headers,
    },
  });
}

/** POSTs a JSON body and reads the whole answer under one deadline. */
export function postJson(
  url: string,
  body: unknown,
  options: PostOptions = {},
): Promise<HttpAnswer> {
  return send(url, JSON.stringify(body), {
    ...options,
    headers: { 'content-type': 'application/json; charset=utf-8', ...options.headers },
  });
}

function send(url: string, body: string, options: PostOptions): Promise<HttpAnswer> {
  const fetchFn: FetchFn = options.fetch ?? ((request) => globalThis.fetch(request));
  return runAttempt(
    async (signal) => {
      const request = new Request(url, {
        method: 'POST',
        headers: options.headers,
        body,
        signal,
        redirect: 'error',
      });
      const response = await fetchFn(request);
      const text = await response.text();
      return { status: response.status, headers: response.headers, text };
    },
    { url, timeoutMs: options.timeoutMs ?? DEFAULT_CLOUD_TIMEOUT_MS, signal: options.signal },
  );
}
