const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Where the verifier may fetch from: https anywhere, plain http only on loopback (local issuers and
 * tests). No credentials in the URL, no fragment. Returns a reason when refused.
 */
export function fetchableUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.username !== '' || url.password !== '') return 'must not contain credentials';
  if (url.hash !== '' || value.includes('#')) return 'must not contain a fragment';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return 'must use https (plain http is allowed only for localhost, 127.0.0.1 and [::1])';
}

/** An OIDC issuer identifier: a fetchable URL without query or fragment (OIDC Discovery §2). */
export function issuerProblem(value: string): string | undefined {
  const problem = fetchableUrlProblem(value);
  if (problem !== undefined) return problem;
  if (new URL(value).search !== '' || value.includes('?')) return 'must not contain a query';
  return undefined;
}

/** OIDC Discovery §4: the trailing slash is removed before appending the well-known path. */
export function discoveryUrl(issuer: string): string {
  const base = issuer.endsWith('/') ? issuer.slice(0, -1) : issuer;
  return `${base}/.well-known/openid-configuration`;
}
