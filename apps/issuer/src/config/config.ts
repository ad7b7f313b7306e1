export type SigningAlg = 'RS256' | 'ES256';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Where the key-encryption key comes from. */
export type KekSource =
  | { kind: 'env'; key: Buffer }
  | { kind: 'file'; path: string }
  | { kind: 'generated'; path: string };

/** The validated, frozen configuration of one issuer. */
export interface IssuerConfig {
  readonly port: number;
  readonly host: string;
  /** The base URL, or undefined to derive it from the port the server gets. */
  readonly issuerUrl: string | undefined;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly kek: KekSource;
  readonly bootstrapAdminKey: string | undefined;
  readonly signingAlg: SigningAlg;
  readonly jwksMaxAgeSeconds: number;
  readonly subjectNamespace: string;
  readonly claimNamespace: string;
  readonly logLevel: LogLevel;
  readonly shutdownTimeoutSeconds: number;
}
