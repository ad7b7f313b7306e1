/** The relying parties the toolkit knows. */
export const RELYING_PARTIES = ['aws', 'azure', 'gcp', 'vault'] as const;
export type RelyingParty = (typeof RELYING_PARTIES)[number];

/**
 * The stages every relying party runs, in this order (relying-parties.md §1.0): find the trust object
 * for `iss`, check the registered claims and lifetimes, the audience gate, then the policy. `token` is a
 * token that is not even a JWT; `session` is what AWS and Google check about the requested session.
 */
export const STAGES = ['token', 'registration', 'claims', 'audience', 'policy', 'session'] as const;
export type Stage = (typeof STAGES)[number];

/** Token claims as decoded from the payload (signature not checked: the simulator trusts its input). */
export type TokenClaims = Readonly<Record<string, unknown>>;

/** What failed, as precisely as the relying party's configuration lets us say. */
export interface FailedCheck {
  /** A JSON pointer into the configuration (e.g. `/Statement/0/Condition/StringEquals/…:sub`). */
  path: string;
  /** The condition, FIC field, CEL expression or bound claim, as written in the configuration. */
  expected: unknown;
  /** What the token (or the request) presented; `undefined` when the value is absent. */
  actual?: unknown;
}

export interface Accepted {
  accepted: true;
  relyingParty: RelyingParty;
  /** The identity the relying party would see (AWS session subject, Google principal, Vault alias…). */
  principal?: string;
  /** Facts worth knowing even though the exchange succeeds (e.g. behaviour that is unconfirmed). */
  notes: string[];
}

export interface Refused {
  accepted: false;
  relyingParty: RelyingParty;
  stage: Stage;
  /** The cloud's own error code (`AccessDenied`, `AADSTS700213`, `unauthorized_client`, `400`…). */
  code: string;
  /** The cloud's literal message, the string operators search for. */
  message: string;
  failed: FailedCheck;
  /** What to change, in the configuration or in the token request. */
  hint: string;
  notes: string[];
}

export type Verdict = Accepted | Refused;

/** Options every simulator takes. */
export interface SimulateOptions {
  /** The time of the exchange, seconds since the epoch (or a Date). */
  now: number | Date;
}

export function epochSeconds(now: number | Date): number {
  return typeof now === 'number' ? Math.floor(now) : Math.floor(now.getTime() / 1000);
}

export function refused(
  relyingParty: RelyingParty,
  stage: Stage,
  code: string,
  message: string,
  failed: FailedCheck,
  hint: string,
  notes: string[] = [],
): Refused {
  return { accepted: false, relyingParty, stage, code, message, failed, hint, notes };
}

export function accepted(
  relyingParty: RelyingParty,
  principal: string | undefined,
  notes: string[] = [],
): Accepted {
  return principal === undefined
    ? { accepted: true, relyingParty, notes }
    : { accepted: true, relyingParty, principal, notes };
}

/** The token's `aud` as a list (a string is one value; anything else is no value). */
export function audiences(claims: TokenClaims): string[] | undefined {
  const aud = claims.aud;
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud) && aud.every((a) => typeof a === 'string')) return aud as string[];
  return undefined;
}

export function numericClaim(claims: TokenClaims, name: string): number | undefined {
  const value = claims[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Escapes one reference token of a JSON pointer (RFC 6901). */
export function pointerToken(token: string | number): string {
  return String(token).replaceAll('~', '~0').replaceAll('/', '~1');
}

export function pointer(...tokens: (string | number)[]): string {
  return tokens.map((t) => `/${pointerToken(t)}`).join('');
}
