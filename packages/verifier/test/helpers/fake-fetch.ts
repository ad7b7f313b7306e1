import type { FetchLike } from '../../src/index.js';

/** An in-memory fetch serving JSON documents by URL, counting requests (real `Response`s). */
export function documentFetch(
  documents: Record<string, unknown>,
  headers: Record<string, string> = { 'cache-control': 'max-age=600' },
): FetchLike & { calls: string[] } {
  const calls: string[] = [];
  const fetch = async (url: string): Promise<Response> => {
    calls.push(url);
    if (!Object.hasOwn(documents, url)) return new Response('not found', { status: 404 });
    const document = documents[url];
    const body = typeof document === 'string' ? document : JSON.stringify(document);
    return new Response(body, {
      status: 200,
      headers: { 'content-type': 'application/json', ...headers },
    });
  };
  return Object.assign(fetch, { calls });
}
