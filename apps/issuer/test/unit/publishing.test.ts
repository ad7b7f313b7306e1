import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningKey } from '../../src/keys/generate-key.js';
import { issuerUrls } from '../../src/keys/issuer-urls.js';
import { publishedDocuments, publishedRecords } from '../../src/keys/publishing.js';
import { defaultRotationSettings } from '../../src/keys/rotation/index.js';

const kek = randomBytes(32);
const now = Date.UTC(2026, 0, 15, 12);
const options = {
  urls: issuerUrls('https://id.example.com'),
  claimNamespace: 'https://pulumi.com/',
  settings: defaultRotationSettings('v1'),
};

async function key(state: 'current' | 'next' | 'retired' | 'removed', createdAt: number) {
  const record = await generateSigningKey({
    issuer: 'v1',
    alg: 'RS256',
    state,
    kek,
    now: new Date(createdAt),
  });
  return state === 'removed' ? { ...record, publishedAt: null } : record;
}

describe('publishing: the documents are a pure function of the key rows', () => {
  it('the same rows in any order give the same bytes and ETags', async () => {
    const rows = [
      await key('current', now - 60_000),
      await key('next', now),
      await key('retired', now - 120_000),
      await key('removed', now - 180_000),
    ];
    const a = publishedDocuments('v1', rows, now, options);
    const b = publishedDocuments('v1', [...rows].reverse(), now, options);
    expect(a.jwks.body.equals(b.jwks.body)).toBe(true);
    expect(a.discovery.body.equals(b.discovery.body)).toBe(true);
    expect([a.jwks.etag, a.discovery.etag]).toEqual([b.jwks.etag, b.discovery.etag]);
    expect(a.cacheControl).toMatch(/^public, max-age=\d+$/);
    // Newest first; the removed key never.
    const kids = (JSON.parse(a.jwks.body.toString()) as { keys: { kid: string }[] }).keys.map(
      (k) => k.kid,
    );
    expect(kids).toEqual(publishedRecords(rows).map((r) => r.kid));
    expect(kids).toHaveLength(3);
    expect(kids).not.toContain(rows[3]?.kid);
  });

  it('discovery names the endpoints and the claims each issuer may put in a token', async () => {
    const rows = [await key('current', now)];
    const v1 = JSON.parse(publishedDocuments('v1', rows, now, options).discovery.body.toString());
    const v2 = JSON.parse(publishedDocuments('v2', rows, now, options).discovery.body.toString());
    expect(v1).toMatchObject({
      issuer: 'https://id.example.com/oidc',
      jwks_uri: 'https://id.example.com/oidc/.well-known/jwks',
      introspection_endpoint: 'https://id.example.com/oidc/introspect',
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(v1.claims_supported).toEqual(
      expect.arrayContaining(['stackId', 'trigger_user', 'run_id']),
    );
    expect(v1.claims_supported.filter((c: string) => c === 'org')).toHaveLength(1);
    expect(v2.issuer).toBe('https://id.example.com/oidc/v2');
    expect(v2.claims_supported).toEqual(
      expect.arrayContaining(['https://pulumi.com/org_id', 'run_id']),
    );
    // No keys published yet: RS256 is still named (discovery must list one algorithm).
    const empty = JSON.parse(publishedDocuments('v1', [], now, options).discovery.body.toString());
    expect(empty.id_token_signing_alg_values_supported).toEqual(['RS256']);
  });
});
