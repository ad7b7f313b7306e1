import { describe, expect, it } from 'vitest';
import { readAzureCredentials, simulateAzure } from '../src/index.js';
import { envInput, NOW, tokenFor, V1 } from './fixtures.js';

const SUB = 'pulumi:environments:org:acme:env:infra/prod';
const token = tokenFor(envInput({ platform: 'azure' }));
const fic = (over: Record<string, unknown> = {}) => ({
  name: 'runid-infra-prod',
  issuer: V1,
  subject: SUB,
  audiences: ['azure:acme'],
  ...over,
});
const creds = (...items: Record<string, unknown>[]) => readAzureCredentials(JSON.stringify(items));

describe('simulateAzure', () => {
  it('accepts an exact credential', () => {
    expect(simulateAzure(token, creds(fic()), { now: NOW })).toEqual({
      accepted: true,
      relyingParty: 'azure',
      principal: 'runid-infra-prod',
      notes: [],
    });
  });

  it.each([
    [
      'no credentials',
      [],
      'registration',
      'AADSTS70021',
      `AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${V1}'. Assertion Subject: '${SUB}'. Assertion Audience: 'azure:acme'.`,
    ],
    [
      'issuer trailing slash',
      [fic({ issuer: `${V1}/` })],
      'registration',
      'AADSTS700211',
      `AADSTS700211: No matching federated identity record found for presented assertion issuer '${V1}'.`,
    ],
    [
      'issuer with whitespace',
      [fic({ issuer: ` ${V1}` })],
      'registration',
      'AADSTS700211',
      `AADSTS700211: No matching federated identity record found for presented assertion issuer '${V1}'.`,
    ],
    [
      'subject differs',
      [fic({ subject: `${SUB}x` })],
      'policy',
      'AADSTS700213',
      `AADSTS700213: No matching federated identity record found for presented assertion subject '${SUB}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
    ],
    [
      'subject differs only in case',
      [fic({ subject: SUB.replace('infra', 'Infra') })],
      'policy',
      'AADSTS7002138',
      `AADSTS7002138: No matching federated identity record found for presented assertion subject '${SUB}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison.`,
    ],
    [
      'wildcards are literal',
      [fic({ subject: 'pulumi:environments:org:acme:env:*' })],
      'policy',
      'AADSTS700213',
      /AADSTS700213/,
    ],
    [
      'audience differs',
      [fic({ audiences: ['api://AzureADTokenExchange'] })],
      'audience',
      'AADSTS700212',
      `AADSTS700212: No matching federated identity record found for presented assertion audience 'azure:acme'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
    ],
    [
      'two audiences never match',
      [fic({ audiences: ['azure:acme', 'x'] })],
      'audience',
      'AADSTS700212',
      /AADSTS700212/,
    ],
  ])('%s', (_n, list, stage, code, message) => {
    const v = simulateAzure(token, creds(...(list as Record<string, unknown>[])), { now: NOW });
    expect(v.accepted).toBe(false);
    if (v.accepted) return;
    expect([v.stage, v.code]).toEqual([stage, code]);
    if (typeof message === 'string') expect(v.message).toBe(message);
    else expect(v.message).toMatch(message);
  });

  it('the 1 d 1 h lifetime cap', () => {
    const iat = NOW;
    const ok = { ...token, iat, exp: iat + 25 * 3600 };
    const long = { ...token, iat, exp: iat + 25 * 3600 + 1 };
    expect(simulateAzure(ok, creds(fic()), { now: NOW }).accepted).toBe(true);
    const v = simulateAzure(long, creds(fic()), { now: NOW });
    expect(v.accepted || v.message).toBe(
      `AADSTS70023: External OIDC Provider token must have a lifetime of less than or equal to 1.01:00:00. Token issued at ${iat}. Token expires on ${iat + 90001}.`,
    );
  });

  it('expired and not-yet-valid assertions (AADSTS700024)', () => {
    const exp = token.exp as number;
    const v = simulateAzure(token, creds(fic()), { now: exp + 300 });
    expect(v.accepted || [v.code, v.message]).toEqual([
      'AADSTS700024',
      `AADSTS700024: Client assertion is not within its valid time range. Current time: ${new Date((exp + 300) * 1000).toISOString().replace('.000Z', '.0000000Z')}, assertion valid from ${new Date(NOW * 1000).toISOString().replace('.000Z', '.0000000Z')}, expiry time of assertion ${new Date(exp * 1000).toISOString().replace('.000Z', '.0000000Z')}.`,
    ]);
    const { nbf: _nbf, ...noNbf } = token;
    const w = simulateAzure(noNbf, creds(fic()), { now: exp + 300 });
    expect(w.accepted || w.message).toMatch(/assertion valid from 1970-01-01T00:00:00.0000000Z/);
    expect(simulateAzure(token, creds(fic()), { now: exp + 299 }).accepted).toBe(true);
  });

  it('Entra tokens are refused', () => {
    const v = simulateAzure(
      { ...token, iss: 'https://login.microsoftonline.com/t/v2.0' },
      creds(fic()),
      { now: NOW },
    );
    expect(v.accepted || v.code).toBe('AADSTS700222');
  });

  it('reads az … federated-credential list output and reports bad input with the field', () => {
    expect(() => readAzureCredentials('[{"name":"x","issuer":"i"}]', 'creds.json')).toThrow(
      'creds.json /0/audiences: expected a list of strings',
    );
    expect(() => readAzureCredentials('{', 'creds.json')).toThrow(/creds.json: not JSON/);
  });
});
