import { describe, expect, it } from 'vitest';
import { createVerifier, VerifierError, type VerifierOptions } from '../src/index.js';

const base = {
  issuer: 'https://id.example.test/oidc',
  audience: 'acme',
  algorithms: ['RS256'],
} as const;

function configError(options: unknown): VerifierError {
  try {
    createVerifier(options as VerifierOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(VerifierError);
    expect((error as VerifierError).code).toBe('invalid_config');
    return error as VerifierError;
  }
  throw new Error('createVerifier accepted a bad configuration');
}

describe('configuration', () => {
  it.each([
    ['no issuers', { issuers: [], clockTolerance: 0 }, /at least one issuer/],
    [
      'HS256 allowed',
      { issuers: [{ ...base, algorithms: ['HS256'] }], clockTolerance: 0 },
      /HS256: none and HMAC/,
    ],
    [
      'none allowed',
      { issuers: [{ ...base, algorithms: ['none'] }], clockTolerance: 0 },
      /none: none and HMAC/,
    ],
    [
      'unknown algorithm',
      { issuers: [{ ...base, algorithms: ['RS1'] }], clockTolerance: 0 },
      /unsupported algorithm/,
    ],
    [
      'no algorithms',
      { issuers: [{ ...base, algorithms: [] }], clockTolerance: 0 },
      /non-empty array/,
    ],
    ['empty audience', { issuers: [{ ...base, audience: '' }], clockTolerance: 0 }, /audience/],
    [
      'audience list with a number',
      { issuers: [{ ...base, audience: ['a', 1] }], clockTolerance: 0 },
      /audience/,
    ],
    [
      'http issuer on a public host',
      { issuers: [{ ...base, issuer: 'http://id.example.test' }], clockTolerance: 0 },
      /https/,
    ],
    [
      'issuer with a query',
      { issuers: [{ ...base, issuer: 'https://id.example.test/?a=1' }], clockTolerance: 0 },
      /query/,
    ],
    [
      'issuer with a fragment',
      { issuers: [{ ...base, issuer: 'https://id.example.test/#x' }], clockTolerance: 0 },
      /fragment/,
    ],
    [
      'issuer not a URL',
      { issuers: [{ ...base, issuer: 'acme' }], clockTolerance: 0 },
      /absolute URL/,
    ],
    [
      'credentials in the jwksUri',
      { issuers: [{ ...base, jwksUri: 'https://u:p@keys.test/jwks' }], clockTolerance: 0 },
      /credentials/,
    ],
    [
      'http jwksUri on a public host',
      { issuers: [{ ...base, jwksUri: 'http://keys.test/jwks' }], clockTolerance: 0 },
      /https/,
    ],
    ['issuer configured twice', { issuers: [base, base], clockTolerance: 0 }, /configured twice/],
    [
      'unknown claims mode',
      { issuers: [{ ...base, claims: 'some' }], clockTolerance: 0 },
      /'runid' or 'any'/,
    ],
    [
      'bad subject namespace',
      { issuers: [{ ...base, subjectNamespace: 'a:b' }], clockTolerance: 0 },
      /Namespace/,
    ],
    ['clockTolerance above 300 s', { issuers: [base], clockTolerance: 3600 }, /clockTolerance/],
    ['negative clockTolerance', { issuers: [base], clockTolerance: -1 }, /clockTolerance/],
    [
      'infinite maxTokenAge',
      { issuers: [base], clockTolerance: 0, maxTokenAge: Number.POSITIVE_INFINITY },
      /maxTokenAge/,
    ],
    [
      'fractional maxTokenBytes',
      { issuers: [base], clockTolerance: 0, maxTokenBytes: 1.5 },
      /maxTokenBytes/,
    ],
    [
      'inverted cache bounds',
      { issuers: [base], clockTolerance: 0, cache: { minSeconds: 600, maxSeconds: 60 } },
      /minSeconds <= defaultSeconds/,
    ],
    [
      'fetch not a function',
      { issuers: [base], clockTolerance: 0, fetch: 'nope' },
      /fetch must be a function/,
    ],
  ])('refuses %s', (_name, options, message) => {
    expect(configError(options).message).toMatch(message);
  });

  it('lists every problem at once', () => {
    const error = configError({
      issuers: [{ ...base, algorithms: ['HS256'], audience: [] }],
      clockTolerance: -5,
    });
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'issuers[0].audience',
      'issuers[0].algorithms',
      'clockTolerance',
    ]);
  });

  it('allows plain http on loopback only, for local issuers and tests', () => {
    for (const issuer of [
      'http://localhost:8080',
      'http://127.0.0.1:1234/oidc',
      'http://[::1]:9/x',
    ]) {
      expect(() =>
        createVerifier({ issuers: [{ ...base, issuer }], clockTolerance: 0 }),
      ).not.toThrow();
    }
    configError({ issuers: [{ ...base, issuer: 'http://127.0.0.2' }], clockTolerance: 0 });
    configError({
      issuers: [{ ...base, issuer: 'http://localhost.evil.test' }],
      clockTolerance: 0,
    });
  });

  it('exposes the configured issuers', () => {
    const verifier = createVerifier({
      issuers: [base, { ...base, issuer: 'https://id.example.test/oidc/v2' }],
      clockTolerance: 5,
    });
    expect(verifier.issuers).toEqual([
      'https://id.example.test/oidc',
      'https://id.example.test/oidc/v2',
    ]);
  });
});
