import type { IssuerVersion } from '../store/records.js';

/** The configured constants of both issuers: never derived from a request. */
export interface IssuerUrls {
  readonly base: string;
  readonly iss: Readonly<Record<IssuerVersion, string>>;
  readonly jwksUri: Readonly<Record<IssuerVersion, string>>;
  /** RFC 7662 introspection, `<iss>/introspect`. */
  readonly introspect: Readonly<Record<IssuerVersion, string>>;
}

export function issuerUrls(base: string): IssuerUrls {
  const iss = { v1: `${base}/oidc`, v2: `${base}/oidc/v2` } as const;
  return Object.freeze({
    base,
    iss: Object.freeze(iss),
    jwksUri: Object.freeze({ v1: `${iss.v1}/.well-known/jwks`, v2: `${iss.v2}/.well-known/jwks` }),
    introspect: Object.freeze({ v1: `${iss.v1}/introspect`, v2: `${iss.v2}/introspect` }),
  });
}
