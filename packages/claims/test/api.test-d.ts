import { describe, expectTypeOf, it } from 'vitest';
import {
  type BuiltClaims,
  buildClaims,
  type ClaimIssue,
  type ClaimsError,
  checkSubjectForPlatform,
  type DEFAULT_CLAIM_NAMESPACE,
  type DEFAULT_SUBJECT_NAMESPACE,
  type DeploymentTokenInput,
  type EnvironmentTokenInput,
  ISSUER_OF_KIND,
  type IssuerVersion,
  LIFETIMES,
  type NamespaceOptions,
  type OidcTokenInput,
  OPERATIONS,
  type Operation,
  type ParsedClaims,
  type ParsedSubject,
  PLATFORMS,
  type Platform,
  parseClaims,
  parseDuration,
  parseSubject,
  resolveLifetime,
  type StandardClaims,
  SUBJECT_ATTRIBUTES,
  type SubjectAttribute,
  schemas,
  TOKEN_KINDS,
  type TokenInput,
  type TokenKind,
  validateTokenInput,
} from '../src/index.js';

describe('public API types (DESIGN.md)', () => {
  it('enumerations are literal tuples', () => {
    expectTypeOf<TokenKind>().toEqualTypeOf<'deployment' | 'environment' | 'oidc'>();
    expectTypeOf(TOKEN_KINDS).toEqualTypeOf<readonly ['deployment', 'environment', 'oidc']>();
    expectTypeOf<Operation>().toEqualTypeOf<
      'preview' | 'update' | 'refresh' | 'destroy' | 'detect-drift' | 'remediate-drift'
    >();
    expectTypeOf(OPERATIONS).items.toEqualTypeOf<Operation>();
    expectTypeOf<Platform>().toEqualTypeOf<
      'aws' | 'azure' | 'gcp' | 'vault' | 'doppler' | 'infisical' | 'snowflake'
    >();
    expectTypeOf(PLATFORMS).items.toEqualTypeOf<Platform>();
    expectTypeOf<SubjectAttribute>().toEqualTypeOf<
      | 'rootEnvironment.name'
      | 'currentEnvironment.name'
      | 'pulumi.user.login'
      | 'pulumi.organization.login'
    >();
    expectTypeOf(SUBJECT_ATTRIBUTES).items.toEqualTypeOf<SubjectAttribute>();
    expectTypeOf<IssuerVersion>().toEqualTypeOf<'v1' | 'v2'>();
    expectTypeOf(ISSUER_OF_KIND.oidc).toEqualTypeOf<'v2'>();
    expectTypeOf(ISSUER_OF_KIND.deployment).toEqualTypeOf<'v1'>();
    expectTypeOf(LIFETIMES.oidc.maxSeconds).toEqualTypeOf<number>();
    expectTypeOf<typeof DEFAULT_SUBJECT_NAMESPACE>().toEqualTypeOf<'pulumi'>();
    expectTypeOf<typeof DEFAULT_CLAIM_NAMESPACE>().toEqualTypeOf<'https://pulumi.com/'>();
  });

  it('inputs are discriminated by kind', () => {
    expectTypeOf<TokenInput>().toEqualTypeOf<
      DeploymentTokenInput | EnvironmentTokenInput | OidcTokenInput
    >();
    expectTypeOf<DeploymentTokenInput['deployment']>().toEqualTypeOf<number>();
    expectTypeOf<EnvironmentTokenInput['subjectAttributes']>().toEqualTypeOf<
      SubjectAttribute[] | undefined
    >();
    expectTypeOf<OidcTokenInput['rootEnvironment']>().toEqualTypeOf<{
      name: string;
      id?: string;
    }>();
    expectTypeOf<NamespaceOptions>().toEqualTypeOf<{
      subjectNamespace?: string;
      claimNamespace?: string;
    }>();
    const input = validateTokenInput({});
    if (input.kind === 'oidc') expectTypeOf(input.audience).toEqualTypeOf<string>();
    // @ts-expect-error operation is an enumeration
    const op: DeploymentTokenInput['operation'] = 'deploy';
    void op;
  });

  it('function signatures', () => {
    expectTypeOf(validateTokenInput).toEqualTypeOf<(value: unknown) => TokenInput>();
    expectTypeOf(parseDuration).toEqualTypeOf<(text: string) => number>();
    expectTypeOf(resolveLifetime).toEqualTypeOf<(kind: TokenKind, duration?: string) => number>();
    expectTypeOf(buildClaims).parameters.toEqualTypeOf<
      [input: unknown, options?: NamespaceOptions]
    >();
    expectTypeOf(buildClaims).returns.toEqualTypeOf<BuiltClaims>();
    expectTypeOf<BuiltClaims>().toEqualTypeOf<{
      kind: TokenKind;
      issuer: IssuerVersion;
      sub: string;
      aud: string;
      claims: Record<string, string | number>;
      lifetimeSeconds: number;
    }>();
    expectTypeOf(parseSubject).returns.toEqualTypeOf<ParsedSubject>();
    expectTypeOf(checkSubjectForPlatform)
      .parameter(1)
      .toEqualTypeOf<'aws' | 'azure' | 'gcp' | 'vault'>();
    expectTypeOf(checkSubjectForPlatform).returns.toEqualTypeOf<{
      ok: boolean;
      platform: string;
      reasons: string[];
    }>();
  });

  it('parseSubject narrows by kind', () => {
    const s = parseSubject('x');
    if (s.kind === 'deployment') expectTypeOf(s.scope).toEqualTypeOf<'write'>();
    if (s.kind === 'environment')
      expectTypeOf(s.attributes).toEqualTypeOf<Array<{ name: SubjectAttribute; value: string }>>();
    if (s.kind === 'oidc') expectTypeOf(s.environmentId).toEqualTypeOf<string>();
  });

  it('parseClaims returns a result, not an exception', () => {
    const result = parseClaims({}, { kind: 'oidc', claimNamespace: 'https://x.dev/' });
    if (result.ok) {
      expectTypeOf(result.value).toEqualTypeOf<ParsedClaims>();
      expectTypeOf(result.value.claims).toMatchTypeOf<StandardClaims>();
      expectTypeOf(result.value.claims.aud).toEqualTypeOf<string | string[]>();
      expectTypeOf(result.value.claims.exp).toEqualTypeOf<number>();
    } else {
      expectTypeOf(result.issues).toEqualTypeOf<ClaimIssue[]>();
    }
    // @ts-expect-error kind must be a TokenKind
    parseClaims({}, { kind: 'stack' });
  });

  it('errors carry a typed code and issues', () => {
    expectTypeOf<ClaimsError['code']>().toEqualTypeOf<
      | 'invalid_input'
      | 'invalid_duration'
      | 'lifetime_out_of_range'
      | 'invalid_subject'
      | 'invalid_claims'
      | 'invalid_namespace'
    >();
    expectTypeOf<ClaimsError['issues']>().toEqualTypeOf<ClaimIssue[]>();
    expectTypeOf<ClaimIssue>().toEqualTypeOf<{ path: string; code: string; message: string }>();
    expectTypeOf<ClaimsError>().toMatchTypeOf<Error>();
  });

  it('schemas has the seven documents', () => {
    expectTypeOf(schemas).toHaveProperty('deploymentTokenInput');
    expectTypeOf(schemas).toHaveProperty('environmentTokenInput');
    expectTypeOf(schemas).toHaveProperty('oidcTokenInput');
    expectTypeOf(schemas).toHaveProperty('tokenInput');
    expectTypeOf(schemas).toHaveProperty('deploymentClaims');
    expectTypeOf(schemas).toHaveProperty('environmentClaims');
    expectTypeOf(schemas).toHaveProperty('oidcClaims');
  });
});
