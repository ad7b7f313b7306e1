/** One HTTP exchange as the SDK saw it. */
export interface Exchange {
  method: string;
  url: URL;
  requestContentType: string | null;
  status: number;
  headers: Headers;
  body: string;
}

/**
 * A `fetch` for the SDK that records every exchange (the answer's bytes are read from a clone, so
 * the SDK still reads its own copy).
 */
export function createRecorder() {
  const exchanges: Exchange[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const response = await globalThis.fetch(request);
    const body = await response.clone().text();
    exchanges.push({
      method: request.method,
      url: new URL(request.url),
      requestContentType: request.headers.get('content-type'),
      status: response.status,
      headers: response.headers,
      body,
    });
    return response;
  };
  return { exchanges, fetch };
}
