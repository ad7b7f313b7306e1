const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Longest `iss` we mint: relying parties (AWS) cap identifiers at 255 characters. */
export const MAX_ISS_LENGTH = 255;
/** The longest suffix added to the base URL (`/oidc/v2`). */
const LONGEST_ISSUER_PATH = '/oidc/v2';

/**
 * Checks a base URL for the issuers. Returns the problems (empty when valid). Relying parties
 * compare `iss` byte for byte, so nothing is normalised: a URL that would need it is refused.
 */
export function issuerUrlProblems(text: string): string[] {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return ['is not an absolute URL (e.g. https://id.example.com)'];
  }
  const problems: string[] = [];
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol === 'http:') {
    if (!local)
      problems.push('must use https (http is allowed only for localhost, 127.0.0.1 and [::1])');
  } else if (url.protocol !== 'https:') {
    problems.push('must use https');
  }
  if (url.port !== '' && !local) problems.push('must not carry a port');
  if (url.username !== '' || url.password !== '') problems.push('must not carry credentials');
  if (url.search !== '' || text.includes('?')) problems.push('must not carry a query');
  if (url.hash !== '' || text.includes('#')) problems.push('must not carry a fragment');
  if (text.endsWith('/')) problems.push('must not end with a slash');
  if (problems.length === 0 && url.href.replace(/\/$/, '') !== text) {
    problems.push(`must be written in canonical form (${url.href.replace(/\/$/, '')})`);
  }
  if (text.length + LONGEST_ISSUER_PATH.length > MAX_ISS_LENGTH) {
    problems.push(
      `is too long: the v2 issuer (${LONGEST_ISSUER_PATH}) must stay within ${MAX_ISS_LENGTH} characters`,
    );
  }
  return problems;
}
