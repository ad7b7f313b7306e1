import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYMENT, issuerOn, type TestIssuer } from '../support/issuer.js';

// Each field's error has one owner and is said once: the contract owns the body's shape
// (invalid_request), @runid/claims owns the values (invalid_claims), never both for one field.
describe('a token body has one owner per field error', () => {
  let issuer: TestIssuer;
  let cleanup: () => Promise<void>;
  let key: string;

  beforeAll(async () => {
    ({ issuer, cleanup } = await issuerOn('sqlite', undefined));
    const created = await issuer.call('POST', '/api/v1/admin/clients', {
      key: issuer.adminKey,
      body: { name: 'owner', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] },
    });
    key = created.json.key;
  });
  afterAll(async () => cleanup?.());

  it('a shape error answers invalid_request naming only the shape, not the values', async () => {
    const answer = await issuer.call('POST', '/api/v1/tokens', {
      key,
      body: { ...DEPLOYMENT, stack: 'a:b', extra: 1 },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.code).toBe('invalid_request');
    expect(answer.json.errors).toEqual([
      { path: 'extra', code: 'unknown_field', message: 'extra is not a known field' },
    ]);
  });

  it('a value error answers invalid_claims once, in words rather than a regex', async () => {
    const answer = await issuer.call('POST', '/api/v1/tokens', {
      key,
      body: { ...DEPLOYMENT, stack: 'a:b' },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.code).toBe('invalid_claims');
    const stack = answer.json.errors.filter((e: { path: string }) => e.path === 'stack');
    expect(stack).toHaveLength(1);
    expect(stack[0].message).not.toMatch(/must match \^/);
  });
});
