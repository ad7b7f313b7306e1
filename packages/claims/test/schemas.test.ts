import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  buildClaims,
  checkTokenInput,
  DURATION_PATTERN,
  parseClaims,
  schemas,
} from '../src/index.js';
import { badInputs, deployment, environment, oidc, validInputs } from './fixtures.js';

const ajv = new Ajv2020({ strict: true, allErrors: true });
const validateInput = ajv.compile(schemas.tokenInput);
const byKind = {
  deployment: ajv.compile(schemas.deploymentTokenInput),
  environment: ajv.compile(schemas.environmentTokenInput),
  oidc: ajv.compile(schemas.oidcTokenInput),
};
const claimsSchema = {
  deployment: ajv.compile(schemas.deploymentClaims),
  environment: ajv.compile(schemas.environmentClaims),
  oidc: ajv.compile(schemas.oidcClaims),
};

describe('input schemas agree with the hand-written validator', () => {
  it.each(validInputs)('both accept $name', ({ input }) => {
    expect(checkTokenInput(input)).toStrictEqual([]);
    expect(validateInput(input), JSON.stringify(validateInput.errors)).toBe(true);
    const kind = (input as { kind: keyof typeof byKind }).kind;
    expect(byKind[kind](input)).toBe(true);
  });

  it.each(badInputs)('both reject $name', ({ input }) => {
    expect(checkTokenInput(input)).not.toStrictEqual([]);
    expect(validateInput(input)).toBe(false);
  });

  it('tokenInput selects exactly one kind schema', () => {
    for (const { input } of validInputs) {
      const matches = Object.values(byKind).filter((v) => v(input));
      expect(matches).toHaveLength(1);
    }
  });
});

describe('schema shape (kept stable for the OpenAPI contract)', () => {
  const walk = (value: unknown, visit: (node: Record<string, unknown>) => void): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v, visit);
    } else if (typeof value === 'object' && value !== null) {
      visit(value as Record<string, unknown>);
      for (const child of Object.values(value)) walk(child, visit);
    }
  };

  it.each(Object.entries(schemas))('%s is plain, self-contained JSON', (_name, schema) => {
    expect(JSON.parse(JSON.stringify(schema))).toStrictEqual(schema);
    walk(schema, (node) => {
      expect(node).not.toHaveProperty('$ref');
      expect(node).not.toHaveProperty('$schema');
      if (node.type === 'object') {
        expect(node.additionalProperties).toBe(false);
        expect(Array.isArray(node.required)).toBe(true);
      }
    });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(schemas)).toBe(true);
    expect(Object.isFrozen(schemas.deploymentTokenInput)).toBe(true);
    expect(() => {
      (schemas.oidcClaims as { title: string }).title = 'x';
    }).toThrow(TypeError);
  });

  it('documents the allow-lists as patterns and limits', () => {
    const props = schemas.deploymentTokenInput.properties as Record<
      string,
      Record<string, unknown>
    >;
    expect(props.org).toMatchObject({
      type: 'string',
      minLength: 1,
      maxLength: 64,
      pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
    });
    expect(props.project).toMatchObject({
      maxLength: 100,
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$',
    });
    expect(props.duration).toMatchObject({ pattern: DURATION_PATTERN });
    const env = schemas.environmentTokenInput.properties as Record<string, Record<string, unknown>>;
    expect(env.currentEnvironment).toMatchObject({
      maxLength: 201,
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}/[A-Za-z0-9][A-Za-z0-9._-]{0,99}$',
    });
    expect(env.subjectAttributes).toMatchObject({ minItems: 1, maxItems: 4, uniqueItems: true });
    const o = schemas.oidcTokenInput.properties as Record<string, Record<string, unknown>>;
    expect(o.audience).toMatchObject({ minLength: 1, maxLength: 512, pattern: '^[!-~]{1,512}$' });
  });
});

describe('claims schemas', () => {
  const standard = {
    iss: 'https://id.example.com/oidc',
    iat: 1700000000,
    nbf: 1700000000,
    exp: 1700003600,
    jti: 'a1',
  };
  const payloads = validInputs.map(({ name, input }) => {
    // Lifetimes are not claims here: drop durations, some of the valid inputs are out of range.
    const { duration: _, ...withoutDuration } = input as Record<string, unknown>;
    const built = buildClaims(withoutDuration);
    return {
      name,
      kind: built.kind,
      payload: { ...standard, sub: built.sub, aud: built.aud, ...built.claims },
    };
  });

  it.each(payloads)('accept the claims built for $name', ({ kind, payload }) => {
    expect(claimsSchema[kind](payload), JSON.stringify(claimsSchema[kind].errors)).toBe(true);
    expect(parseClaims(payload)).toMatchObject({ ok: true });
  });

  it.each(payloads)('accept a preview (no iat/nbf/exp/jti) for $name', ({ kind, payload }) => {
    const { iat: _a, nbf: _b, exp: _c, jti: _d, ...preview } = payload;
    expect(claimsSchema[kind](preview)).toBe(true);
  });

  const d = buildClaims(deployment);
  const e = buildClaims(environment);
  const o = buildClaims(oidc);
  const dp = { ...standard, sub: d.sub, aud: d.aud, ...d.claims };
  const ep = { ...standard, sub: e.sub, aud: e.aud, ...e.claims };
  const op = { ...standard, sub: o.sub, aud: o.aud, ...o.claims };
  const bad: Array<[string, keyof typeof claimsSchema, Record<string, unknown>]> = [
    ['deployment aud array', 'deployment', { ...dp, aud: [d.aud] }],
    ['deployment missing stackId', 'deployment', { ...dp, stackId: undefined }],
    ['deployment run number 0', 'deployment', { ...dp, deployment: 0 }],
    ['deployment scope read', 'deployment', { ...dp, scope: 'read' }],
    ['deployment iat fraction', 'deployment', { ...dp, iat: 1.5 }],
    ['deployment exp string', 'deployment', { ...dp, exp: '1700003600' }],
    [
      'deployment forged sub',
      'deployment',
      {
        ...dp,
        sub: 'pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:write:x',
      },
    ],
    ['deployment upper-case org', 'deployment', { ...dp, org: 'Acme' }],
    ['deployment empty jti', 'deployment', { ...dp, jti: '' }],
    ['environment bad platform in aud', 'environment', { ...ep, aud: 'aliyun:acme' }],
    ['environment env without slash', 'environment', { ...ep, current_env: 'dev' }],
    ['environment sub namespace', 'environment', { ...ep, sub: `x${e.sub}` }],
    ['oidc missing actor', 'oidc', { ...op, 'https://pulumi.com/actor': undefined }],
    ['oidc audience with space', 'oidc', { ...op, aud: 'a b' }],
    ['oidc unknown namespaced claim', 'oidc', { ...op, 'https://pulumi.com/extra': 'x' }],
  ];

  it.each(bad)('schema and parseClaims both reject: %s', (_name, kind, payload) => {
    const clean = JSON.parse(JSON.stringify(payload));
    expect(claimsSchema[kind](clean)).toBe(false);
    if (!_name.includes('aud array') && !_name.includes('unknown namespaced')) {
      // parseClaims accepts an aud array and extra claims (RFC 7519); everything else it refuses too.
      expect(parseClaims(clean)).toMatchObject({ ok: false });
    }
  });
});
