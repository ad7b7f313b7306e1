import { schemas } from '@runid/claims';
import { describe, expect, it } from 'vitest';
import { openapiDocument } from '../src/index.js';

// The token request schemas are written twice: in the hand-written contract and in @runid/claims,
// which validates them. They must say the same thing, or the issuer would accept what the SDK's
// types refuse (or the reverse). Descriptions and titles may differ; everything else may not.

type Json = Record<string, unknown>;
const documentSchemas = openapiDocument.components.schemas;

function normalise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalise);
  if (node === null || typeof node !== 'object') return node;
  const object = node as Json;
  if (typeof object.$ref === 'string') {
    const name = object.$ref.replace('#/components/schemas/', '');
    return normalise(documentSchemas[name]);
  }
  const out: Json = {};
  for (const key of Object.keys(object).sort()) {
    if (key === 'description' || key === 'title') continue;
    out[key] = normalise(object[key]);
  }
  return out;
}

describe('the contract and @runid/claims', () => {
  it.each([
    ['DeploymentTokenRequest', schemas.deploymentTokenInput],
    ['EnvironmentTokenRequest', schemas.environmentTokenInput],
    ['OidcTokenRequest', schemas.oidcTokenInput],
  ] as const)('agree on %s', (name, claimsSchema) => {
    expect(documentSchemas[name], `${name} is missing from the contract`).toBeDefined();
    expect(normalise(documentSchemas[name])).toEqual(normalise(claimsSchema));
  });

  it('offer the same token kinds', () => {
    const kinds = (documentSchemas.TokenKind as { enum: string[] }).enum;
    const mapping = (documentSchemas.TokenRequest as { discriminator: { mapping: Json } })
      .discriminator.mapping;
    expect(Object.keys(mapping).sort()).toEqual([...kinds].sort());
    for (const kind of kinds) {
      const target = normalise({ $ref: mapping[kind] }) as { properties: { kind: Json } };
      const accepts = (target.properties.kind.const ?? target.properties.kind.enum) as unknown;
      expect([accepts].flat()).toEqual([kind]);
    }
  });

  it('would notice a difference', () => {
    const altered = structuredClone(schemas.deploymentTokenInput) as Json;
    (altered.properties as Json).org = { type: 'string' };
    expect(normalise(documentSchemas.DeploymentTokenRequest)).not.toEqual(normalise(altered));
  });
});
