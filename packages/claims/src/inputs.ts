import type { Operation, Platform, SubjectAttribute } from './kinds.js';

// These field names are also the JSON body of POST /api/v1/tokens and /tokens/preview.

export interface DeploymentTokenInput {
  kind: 'deployment';
  org: string;
  project: string;
  stack: string;
  operation: Operation;
  /** The run's version number: an integer >= 1. */
  deployment: number;
  duration?: string;
}

export interface EnvironmentTokenInput {
  kind: 'environment';
  org: string;
  platform: Platform;
  /** `<project>/<env>` where the login is declared. */
  currentEnvironment: string;
  /** `<project>/<env>` that was opened; defaults to `currentEnvironment`. */
  rootEnvironment?: string;
  user: string;
  subjectAttributes?: SubjectAttribute[];
  duration?: string;
}

export interface OidcTokenInput {
  kind: 'oidc';
  org: string;
  orgId: string;
  currentEnvironment: { name: string; id: string };
  rootEnvironment: { name: string; id?: string };
  actor: { login: string; id: string };
  audience: string;
  duration?: string;
}

export type TokenInput = DeploymentTokenInput | EnvironmentTokenInput | OidcTokenInput;

export interface NamespaceOptions {
  /** Leading subject segment; default `pulumi`. */
  subjectNamespace?: string;
  /** Prefix of the `oidc` kind's custom claim names: an https URL ending in `/`; default `https://pulumi.com/`. */
  claimNamespace?: string;
}
