import { claimsOrRefusal, type TokenSource } from '../token.js';
import {
  accepted,
  audiences,
  epochSeconds,
  numericClaim,
  refused,
  type SimulateOptions,
  type Verdict,
} from '../types.js';
import type { AzureCredential } from './config.js';

/** `1.01:00:00`: the longest lifetime (exp − iat) Entra accepts for an external token. */
export const AZURE_MAX_LIFETIME_SECONDS = 25 * 3600;

export interface AzureSimulateOptions extends SimulateOptions {
  /** Clock skew Entra allows on `nbf`/`exp`. Not documented; 300 s is the usual Entra skew. */
  skewSeconds?: number;
}

const ERROR_LINK = 'https://login.microsoftonline.com/error?code=';

/** Would Entra exchange this token as a client assertion against these federated credentials? */
export function simulateAzure(
  token: TokenSource,
  credentials: readonly AzureCredential[],
  options: AzureSimulateOptions,
): Verdict {
  const now = epochSeconds(options.now);
  const skew = options.skewSeconds ?? 300;
  const parsed = claimsOrRefusal(token, 'azure', {
    code: 'AADSTS50027',
    message: 'JWT token is invalid or malformed.',
    hint: 'Pass the token exactly as issued (no trailing newline).',
  });
  if ('accepted' in parsed) return parsed;
  const { claims } = parsed;
  const iss = String(claims.iss);
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  const aud = audiences(claims) ?? [];
  if (/^https:\/\/(login\.microsoftonline\.com|sts\.windows\.net)\//.test(iss)) {
    return refused(
      'azure',
      'registration',
      'AADSTS700222',
      'AADSTS700222: AAD-issued tokens may not be used for federated identity flows.',
      { path: '/iss', expected: 'an external issuer', actual: iss },
      'Use a RunID token, not an Entra token, as the assertion.',
    );
  }
  if (credentials.length === 0) {
    return refused(
      'azure',
      'registration',
      'AADSTS70021',
      `AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${iss}'. Assertion Subject: '${sub}'. Assertion Audience: '${aud.join(',')}'.`,
      { path: '', expected: 'at least one federated identity credential', actual: [] },
      `Create a federated identity credential with issuer ${iss} and subject ${sub}. New credentials can take a few minutes to propagate. ${ERROR_LINK}70021`,
    );
  }
  // 1. Registration: credentials with exactly this issuer (a trailing slash is a different issuer).
  const byIssuer = credentials.map((c, i) => ({ c, i })).filter(({ c }) => c.issuer === iss);
  if (byIssuer.length === 0) {
    const near = credentials.findIndex(
      (c) => c.issuer.trim().replace(/\/+$/, '') === iss.trim().replace(/\/+$/, ''),
    );
    return refused(
      'azure',
      'registration',
      'AADSTS700211',
      `AADSTS700211: No matching federated identity record found for presented assertion issuer '${iss}'.`,
      {
        path: near >= 0 ? `/${near}/issuer` : '/*/issuer',
        expected: credentials.map((c) => c.issuer),
        actual: iss,
      },
      near >= 0
        ? `The credential's issuer ${JSON.stringify(credentials[near]?.issuer)} differs from iss only by whitespace or slashes; Entra compares exactly. Set it to ${iss}. ${ERROR_LINK}700211`
        : `Add a credential whose issuer is exactly ${iss}. ${ERROR_LINK}700211`,
    );
  }
  // 2. Registered claims: lifetime cap, then the validity window.
  const iat = numericClaim(claims, 'iat');
  const exp = numericClaim(claims, 'exp');
  const nbf = numericClaim(claims, 'nbf');
  if (iat !== undefined && exp !== undefined && exp - iat > AZURE_MAX_LIFETIME_SECONDS) {
    return refused(
      'azure',
      'claims',
      'AADSTS70023',
      `AADSTS70023: External OIDC Provider token must have a lifetime of less than or equal to 1.01:00:00. Token issued at ${iat}. Token expires on ${exp}.`,
      { path: '/exp', expected: `exp − iat ≤ ${AZURE_MAX_LIFETIME_SECONDS}`, actual: exp - iat },
      'Mint a shorter token (RunID tokens last at most 2 h).',
    );
  }
  if (exp === undefined || now >= exp + skew || (nbf !== undefined && now + skew < nbf)) {
    return refused(
      'azure',
      'claims',
      'AADSTS700024',
      `AADSTS700024: Client assertion is not within its valid time range. Current time: ${netTime(now)}, assertion valid from ${netTime(nbf ?? 0)}, expiry time of assertion ${exp === undefined ? 'none' : netTime(exp)}.`,
      {
        path: exp !== undefined && now >= exp + skew ? '/exp' : '/nbf',
        expected: 'nbf ≤ now < exp',
        actual: { now, nbf, exp },
      },
      'Mint a fresh token right before the exchange. Entra reuses the cached assertion when it refreshes, so the token must outlive the job.',
    );
  }
  // 3. Policy: issuer + subject identify one credential, exactly and case-sensitively.
  const bySubject = byIssuer.filter(({ c }) => c.subject === sub);
  if (bySubject.length === 0) {
    const caseOnly = byIssuer.find(
      ({ c }) => c.subject !== undefined && c.subject.toLowerCase() === sub.toLowerCase(),
    );
    if (caseOnly) {
      return refused(
        'azure',
        'policy',
        'AADSTS7002138',
        `AADSTS7002138: No matching federated identity record found for presented assertion subject '${sub}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison.`,
        { path: `/${caseOnly.i}/subject`, expected: caseOnly.c.subject, actual: sub },
        `Write the credential's subject exactly as the token has it: ${sub}. ${ERROR_LINK}7002138`,
      );
    }
    return refused(
      'azure',
      'policy',
      'AADSTS700213',
      `AADSTS700213: No matching federated identity record found for presented assertion subject '${sub}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
      { path: '/*/subject', expected: byIssuer.map(({ c }) => c.subject ?? null), actual: sub },
      `Add a credential with subject ${sub} (exact; wildcards are not supported), or mint the token for one of the registered subjects. ${ERROR_LINK}700213`,
    );
  }
  // 4. Audience gate: the credential has exactly one audience.
  const match = bySubject.find(
    ({ c }) => c.audiences.length === 1 && aud.includes(c.audiences[0] as string),
  );
  if (!match) {
    const first = bySubject[0] as { c: AzureCredential; i: number };
    return refused(
      'azure',
      'audience',
      'AADSTS700212',
      `AADSTS700212: No matching federated identity record found for presented assertion audience '${aud.join(',')}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
      { path: `/${first.i}/audiences`, expected: first.c.audiences, actual: claims.aud },
      `Mint the token with audience ${first.c.audiences[0] ?? 'api://AzureADTokenExchange'} (the credential's one audience), or change the credential's audience to ${aud[0] ?? '?'}. ${ERROR_LINK}700212`,
    );
  }
  return accepted('azure', `${match.c.name}`, []);
}

/** .NET's round-trip time format, as Entra prints it: 2024-01-25T13:24:52.0000000Z. */
function netTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}
