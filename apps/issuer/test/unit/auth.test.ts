import { describe, expect, it } from 'vitest';
import { parseBearer } from '../../src/auth/bearer.js';
import { compileGlob } from '../../src/auth/glob.js';
import { checkGrants, compileGrant } from '../../src/auth/grants.js';
import { apiKeyType, generateApiKey, hashApiKey, hashesEqual } from '../../src/auth/secrets.js';

describe('API keys', () => {
  it('are 256 random bits behind a recognisable prefix', () => {
    const admin = generateApiKey('admin');
    const client = generateApiKey('client');
    expect(admin).toMatch(/^rid_admin_[A-Za-z0-9_-]{43}$/);
    expect(client).toMatch(/^rid_client_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(client.slice('rid_client_'.length), 'base64url')).toHaveLength(32);
    expect(generateApiKey('client')).not.toBe(client);
    expect(apiKeyType(admin)).toBe('admin');
    expect(apiKeyType(client)).toBe('client');
    expect(apiKeyType(`${client}x`)).toBeUndefined();
    expect(apiKeyType('rid_root_x')).toBeUndefined();
  });

  it('are stored as SHA-256 hashes and compared in constant time', () => {
    const key = generateApiKey('client');
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).not.toContain(key.slice(11));
    expect(hashesEqual(hashApiKey(key), hashApiKey(key))).toBe(true);
    expect(hashesEqual(hashApiKey(key), hashApiKey(`${key}x`))).toBe(false);
    expect(hashesEqual('ab', 'abc')).toBe(false);
  });
});

describe('parseBearer', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['Bearer rid_client_AAA-_', 'rid_client_AAA-_'],
    ['Bearer', undefined],
    ['Bearer ', undefined],
    ['bearer abc', undefined],
    ['Bearer  abc', undefined],
    ['Bearer abc ', undefined],
    ['Bearer abc def', undefined],
    ['Bearer abc,Bearer def', undefined],
    ['Basic abc', undefined],
    [`Bearer ${'a'.repeat(600)}`, undefined],
    ['Bearer a\nb', undefined],
  ])('%j → %j', (header, token) => {
    expect(parseBearer(header)).toBe(token);
  });
});

describe('globs', () => {
  it.each([
    ['acme', 'acme', true],
    ['acme', 'acme2', false],
    ['ac*', 'acme', true],
    ['*', 'acme', true],
    ['*', 'web/dev', false],
    ['web/*', 'web/dev', true],
    ['web/*', 'web/dev/x', false],
    ['*/dev', 'web/dev', true],
    ['*/*', 'web/dev', true],
    ['*', 'a:b', false],
    ['prod-*', 'prod-eu', true],
    ['prod-*', 'staging-prod-eu', false],
    ['a.b', 'axb', false],
  ])('%s matches %s: %s', (glob, value, expected) => {
    expect(compileGlob(glob).test(value)).toBe(expected);
  });
});

describe('checkGrants', () => {
  const deployment = {
    kind: 'deployment',
    org: 'acme',
    project: 'web',
    stack: 'prod',
    operation: 'update',
    deployment: 1,
  } as const;
  const environment = {
    kind: 'environment',
    org: 'acme',
    platform: 'aws',
    currentEnvironment: 'web/dev',
    user: 'al',
  } as const;
  const oidc = {
    kind: 'oidc',
    org: 'acme',
    orgId: 'o1',
    currentEnvironment: { name: 'web/dev', id: 'e1' },
    rootEnvironment: { name: 'web/dev' },
    actor: { login: 'al', id: 'u1' },
    audience: 'sts.amazonaws.com',
  } as const;

  it.each([
    { grant: { kinds: ['deployment'], orgs: ['acme'] }, input: deployment, denied: undefined },
    { grant: { kinds: ['environment'], orgs: ['acme'] }, input: deployment, denied: 'kinds' },
    { grant: { kinds: ['deployment'], orgs: ['globex'] }, input: deployment, denied: 'orgs' },
    { grant: { kinds: ['deployment'], orgs: ['ac*'] }, input: deployment, denied: undefined },
    {
      grant: { kinds: ['deployment'], orgs: ['acme'], projects: ['api'] },
      input: deployment,
      denied: 'projects',
    },
    {
      grant: { kinds: ['deployment'], orgs: ['acme'], stacks: ['dev', 'staging'] },
      input: deployment,
      denied: 'stacks',
    },
    {
      grant: { kinds: ['deployment'], orgs: ['acme'], stacks: ['p*'] },
      input: deployment,
      denied: undefined,
    },
    {
      grant: { kinds: ['environment'], orgs: ['acme'], environments: ['web/prod'] },
      input: environment,
      denied: 'environments',
    },
    {
      grant: { kinds: ['environment'], orgs: ['acme'], environments: ['web/*'] },
      input: environment,
      denied: undefined,
    },
    {
      grant: { kinds: ['environment'], orgs: ['acme'], environments: ['*'] },
      input: environment,
      denied: 'environments',
    },
    {
      grant: { kinds: ['environment'], orgs: ['acme'], platforms: ['gcp'] },
      input: environment,
      denied: 'platforms',
    },
    {
      grant: { kinds: ['environment'], orgs: ['acme'], platforms: ['aws'] },
      input: environment,
      denied: undefined,
    },
    { grant: { kinds: ['oidc'], orgs: ['acme'] }, input: oidc, denied: 'audiences' },
    {
      grant: { kinds: ['oidc'], orgs: ['acme'], audiences: ['api://AzureADTokenExchange'] },
      input: oidc,
      denied: 'audiences',
    },
    {
      grant: { kinds: ['oidc'], orgs: ['acme'], audiences: ['sts.amazonaws.com'] },
      input: oidc,
      denied: undefined,
    },
    {
      grant: { kinds: ['deployment'], orgs: ['acme'], maxDuration: '30m' },
      input: deployment,
      denied: 'maxDuration',
    },
    {
      grant: { kinds: ['deployment'], orgs: ['acme'], maxDuration: '1h' },
      input: deployment,
      denied: undefined,
    },
  ] as const)('$grant → denied by $denied', ({ grant, input, denied }) => {
    const result = checkGrants([compileGrant(grant as never)], input as never, 3600);
    expect(result?.[0]?.path).toBe(denied === undefined ? undefined : `grants[0].${denied}`);
  });

  it('allows when any grant allows, and names each refusing grant otherwise', () => {
    const grants = [
      compileGrant({ kinds: ['deployment'], orgs: ['globex'] }),
      compileGrant({ kinds: ['deployment'], orgs: ['acme'], stacks: ['dev'] }),
    ];
    expect(checkGrants(grants, deployment as never, 3600)?.map((r) => r.path)).toEqual([
      'grants[0].orgs',
      'grants[1].stacks',
    ]);
    grants.push(compileGrant({ kinds: ['deployment'], orgs: ['acme'] }));
    expect(checkGrants(grants, deployment as never, 3600)).toBeUndefined();
  });
});
