import type { SigningAlg } from '../config/config.js';

export type IssuerVersion = 'v1' | 'v2';
export type KeyState = 'next' | 'current' | 'retired' | 'removed';
export type TokenKindName = 'deployment' | 'environment' | 'oidc';

export interface SigningKeyRecord {
  id: string;
  issuer: IssuerVersion;
  kid: string;
  alg: SigningAlg;
  state: KeyState;
  publicJwk: string;
  privateKeyEnc: string;
  createdAt: Date;
  notBefore: Date | null;
  activatedAt: Date | null;
  retiredAt: Date | null;
  removedAt: Date | null;
  publishUntil: Date | null;
}

export interface KeyStateChange {
  state: KeyState;
  activatedAt?: Date;
  retiredAt?: Date;
  removedAt?: Date;
  publishUntil?: Date | null;
}

export interface ClientRecord {
  id: string;
  name: string;
  keyHash: string;
  /** The grants as stored (JSON of the contract's `Grant[]`). */
  grants: unknown[];
  disabled: boolean;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface AdminKeyRecord {
  id: string;
  name: string;
  keyHash: string;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface AuditRecord {
  jti: string;
  kind: TokenKindName;
  iss: string;
  sub: string;
  aud: string;
  clientId: string;
  kid: string;
  iat: Date;
  exp: Date;
}

export interface AuditQuery {
  jti?: string;
  sub?: string;
  clientId?: string;
  kind?: TokenKindName;
  since?: Date;
  until?: Date;
  /** Keyset position: records strictly older than this (iat, jti). */
  after?: { iat: Date; jti: string };
  limit: number;
}
