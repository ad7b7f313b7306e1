import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildClaims,
  ClaimsError,
  checkTokenInput,
  type ParsedSubject,
  parseClaims,
  parseSubject,
  SUBJECT_ATTRIBUTES,
  schemas,
  type TokenInput,
} from '../src/index.js';
import { subjectEnvironment } from '../src/subjects.js';

// Small alphabets on purpose: short names collide often, which is what injectivity must survive.
const head = fc.constantFrom('a', 'b', '1', 'A');
const tail = fc.string({ unit: fc.constantFrom('a', 'b', '1', 'A', '.', '_', '-'), maxLength: 3 });
const tiny = fc.constantFrom('a', 'b', 'a.b', 'a-b', 'a_b', '1', 'default');
const name = fc.oneof(
  tiny,
  fc.tuple(head, tail).map(([h, t]) => h + t),
);
const org = name.map((n) => n.toLowerCase());
const project = fc.oneof(
  { weight: 1, arbitrary: fc.constant('default') },
  { weight: 3, arbitrary: name },
);
const envPath = fc.tuple(project, name).map(([p, e]) => `${p}/${e}`);
const operation = fc.constantFrom(
  'preview',
  'update',
  'refresh',
  'destroy',
  'detect-drift',
  'remediate-drift',
);
const platform = fc.constantFrom(
  'aws',
  'azure',
  'gcp',
  'vault',
  'doppler',
  'infisical',
  'snowflake',
);

const deploymentInput = fc.record({
  kind: fc.constant('deployment' as const),
  org,
  project: name,
  stack: name,
  operation,
  deployment: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
});
const environmentInput = fc.record(
  {
    kind: fc.constant('environment' as const),
    org,
    platform,
    currentEnvironment: envPath,
    rootEnvironment: envPath,
    user: name,
    subjectAttributes: fc.shuffledSubarray([...SUBJECT_ATTRIBUTES], { minLength: 1 }),
  },
  { requiredKeys: ['kind', 'org', 'platform', 'currentEnvironment', 'user'] },
);
const oidcInput = fc.record({
  kind: fc.constant('oidc' as const),
  org,
  orgId: name,
  currentEnvironment: fc.record({ name: envPath, id: name }),
  rootEnvironment: fc.record({ name: envPath, id: name }, { requiredKeys: ['name'] }),
  actor: fc.record({ login: name, id: name }),
  audience: fc.string({
    unit: fc.constantFrom('a', ':', '/', '~', '!'),
    minLength: 1,
    maxLength: 8,
  }),
});
const validInput: fc.Arbitrary<TokenInput> = fc.oneof(deploymentInput, environmentInput, oidcInput);
const namespace = fc.record({ subjectNamespace: fc.constantFrom('pulumi', 'runid', 'a.b-c_d') });

/** What the subject must say about an input: exactly the subject-relevant components. */
function expectedSubject(input: TokenInput): ParsedSubject {
  switch (input.kind) {
    case 'deployment':
      return {
        kind: 'deployment',
        org: input.org,
        project: input.project,
        stack: input.stack,
        operation: input.operation,
        scope: 'write',
      };
    case 'environment': {
      const root = input.rootEnvironment ?? input.currentEnvironment;
      if (input.subjectAttributes === undefined) {
        return { kind: 'environment', org: input.org, environment: root, attributes: [] };
      }
      const values = {
        'rootEnvironment.name': root,
        'currentEnvironment.name': input.currentEnvironment,
        'pulumi.user.login': input.user,
        'pulumi.organization.login': input.org,
      };
      return {
        kind: 'environment',
        org: input.org,
        attributes: input.subjectAttributes
          .filter((a) => a !== 'pulumi.organization.login')
          .map((a) => ({ name: a, value: values[a] })),
      };
    }
    case 'oidc':
      return { kind: 'oidc', orgId: input.orgId, environmentId: input.currentEnvironment.id };
  }
}

function render(ns: string, s: ParsedSubject): string {
  switch (s.kind) {
    case 'deployment':
      return `${ns}:deploy:org:${s.org}:project:${s.project}:stack:${s.stack}:operation:${s.operation}:scope:write`;
    case 'environment':
      return s.environment !== undefined
        ? `${ns}:environments:org:${s.org}:env:${subjectEnvironment(s.environment)}`
        : `${ns}:environments:pulumi.organization.login:${s.org}${s.attributes.map((a) => `:${a.name}:${a.value}`).join('')}`;
    case 'oidc':
      return `${ns}:org:${s.orgId}:env:${s.environmentId}`;
  }
}

/** Returns how many subjects were seen twice, so tests can show the property was exercised. */
function assertInjective(subjects: Array<[string, ParsedSubject]>): number {
  const seen = new Map<string, string>();
  let repeats = 0;
  for (const [sub, components] of subjects) {
    const key = JSON.stringify(components);
    const previous = seen.get(sub);
    if (previous !== undefined) {
      repeats++;
      expect(key, `two inputs rendered ${sub}`).toBe(previous);
    }
    seen.set(sub, key);
  }
  return repeats;
}

describe('properties', () => {
  it('build → parseSubject round-trips', () => {
    fc.assert(
      fc.property(validInput, namespace, (input, options) => {
        const built = buildClaims(input, options);
        expect(parseSubject(built.sub, options)).toStrictEqual(expectedSubject(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('build → parseClaims accepts every built token', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        const b = buildClaims(input);
        const payload = {
          iss: 'https://id.example.com/oidc',
          iat: 1,
          nbf: 1,
          exp: 2,
          jti: 'j',
          sub: b.sub,
          aud: b.aud,
          ...b.claims,
        };
        const result = parseClaims(payload, { kind: input.kind });
        expect(result).toMatchObject({
          ok: true,
          value: { kind: input.kind, subject: expectedSubject(input) },
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('two different valid inputs never render the same subject', () => {
    let repeats = 0;
    fc.assert(
      fc.property(fc.array(validInput, { minLength: 2, maxLength: 60 }), (inputs) => {
        repeats += assertInjective(
          inputs.map((input) => [buildClaims(input).sub, expectedSubject(input)]),
        );
      }),
      { numRuns: 500 },
    );
    // Equal subjects do occur (same components, e.g. different users on a default subject): each was checked.
    expect(repeats).toBeGreaterThan(0);
  });

  it('…also within one kind over a tiny vocabulary (many near-collisions)', () => {
    const t = fc.constantFrom('a', 'b', 'a.b', 'default');
    const tOrg = fc.constantFrom('a', 'b');
    const tPath = fc.tuple(t, t).map(([p, e]) => `${p}/${e}`);
    const perKind: Array<fc.Arbitrary<TokenInput>> = [
      fc.record({
        kind: fc.constant('deployment' as const),
        org: tOrg,
        project: t,
        stack: t,
        operation: fc.constantFrom('update', 'destroy'),
        deployment: fc.constant(1),
      }),
      fc.record(
        {
          kind: fc.constant('environment' as const),
          org: tOrg,
          platform: fc.constant('aws' as const),
          currentEnvironment: tPath,
          rootEnvironment: tPath,
          user: t,
          subjectAttributes: fc.shuffledSubarray([...SUBJECT_ATTRIBUTES], { minLength: 1 }),
        },
        { requiredKeys: ['kind', 'org', 'platform', 'currentEnvironment', 'user'] },
      ),
      fc.record({
        kind: fc.constant('oidc' as const),
        org: tOrg,
        orgId: t,
        currentEnvironment: fc.record({ name: tPath, id: t }),
        rootEnvironment: fc.record({ name: tPath }),
        actor: fc.record({ login: t, id: t }),
        audience: fc.constant('x'),
      }),
    ];
    for (const arb of perKind) {
      let repeats = 0;
      fc.assert(
        fc.property(fc.array(arb, { minLength: 2, maxLength: 40 }), (inputs) => {
          repeats += assertInjective(
            inputs.map((input) => [buildClaims(input).sub, expectedSubject(input)]),
          );
        }),
        { numRuns: 300 },
      );
      expect(repeats).toBeGreaterThan(0);
    }
  });

  it('hostile components are rejected or stay injective', () => {
    const junk = fc.oneof(
      fc.string({
        unit: fc.constantFrom(
          'a',
          'A',
          '1',
          ':',
          '/',
          '.',
          '-',
          '_',
          '*',
          '?',
          ' ',
          'é',
          '\n',
          '%',
        ),
        maxLength: 4,
      }),
      fc.constantFrom(
        'a:b',
        'a/b',
        'default/a',
        'a/b/c',
        'default',
        'a:env:b',
        'org:a',
        ':',
        '/',
        '',
      ),
    );
    // Mostly valid components with hostile ones mixed in, so both paths are exercised.
    const hostile = fc.oneof(
      { weight: 3, arbitrary: name },
      { weight: 3, arbitrary: envPath },
      { weight: 2, arbitrary: junk },
    );
    const attrs = fc.array(fc.constantFrom(...SUBJECT_ATTRIBUTES, 'x', ''), { maxLength: 5 });
    const anyInput = fc.oneof(
      fc.record({
        kind: fc.constant('deployment'),
        org: hostile,
        project: hostile,
        stack: hostile,
        operation,
        deployment: fc.constant(1),
      }),
      fc.record(
        {
          kind: fc.constant('environment'),
          org: hostile,
          platform,
          currentEnvironment: hostile,
          rootEnvironment: hostile,
          user: hostile,
          subjectAttributes: attrs,
        },
        { requiredKeys: ['kind', 'org', 'platform', 'currentEnvironment', 'user'] },
      ),
      fc.record({
        kind: fc.constant('oidc'),
        org: hostile,
        orgId: hostile,
        currentEnvironment: fc.record({ name: hostile, id: hostile }),
        rootEnvironment: fc.record({ name: hostile }),
        actor: fc.record({ login: hostile, id: hostile }),
        audience: hostile,
      }),
    );
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(anyInput, { minLength: 2, maxLength: 60 }), (inputs) => {
        const built: Array<[string, ParsedSubject]> = [];
        for (const input of inputs) {
          let sub: string;
          try {
            sub = buildClaims(input).sub;
          } catch (error) {
            expect(error).toBeInstanceOf(ClaimsError);
            continue;
          }
          expect(sub).toMatch(/^[!-~]+$/);
          expect(sub).not.toMatch(/[*?]/);
          accepted++;
          built.push([sub, expectedSubject(input as TokenInput)]);
        }
        assertInjective(built);
      }),
      { numRuns: 500 },
    );
    expect(accepted).toBeGreaterThan(20);
  });

  it('a subject that parses is the one canonical rendering of its components', () => {
    const segment = fc.constantFrom(
      'pulumi',
      'deploy',
      'org',
      'acme',
      'Acme',
      'project',
      'web',
      'stack',
      'prod',
      'operation',
      'update',
      'scope',
      'write',
      'environments',
      'env',
      'web/dev',
      'dev',
      'default/dev',
      'a/b/c',
      '',
      'pulumi.organization.login',
      'pulumi.user.login',
      'rootEnvironment.name',
      'currentEnvironment.name',
      'alice',
      'o1',
      'e1',
      '*',
    );
    const prefix = fc.constantFrom(
      ['pulumi', 'deploy', 'org'],
      ['pulumi', 'environments', 'org'],
      ['pulumi', 'environments', 'pulumi.organization.login'],
      ['pulumi', 'org'],
      [],
    );
    let parsedCount = 0;
    fc.assert(
      fc.property(prefix, fc.array(segment, { maxLength: 12 }), (p, rest) => {
        const sub = [...p, ...rest].join(':');
        let parsed: ParsedSubject;
        try {
          parsed = parseSubject(sub);
        } catch (error) {
          expect(error).toMatchObject({ code: 'invalid_subject' });
          return;
        }
        parsedCount++;
        expect(render('pulumi', parsed)).toBe(sub);
      }),
      { numRuns: 3000 },
    );
    expect(parsedCount).toBeGreaterThan(10);
  });

  it('the JSON Schema and the hand validator agree on mutated inputs', () => {
    const ajv = new Ajv2020({ strict: true });
    const validate = ajv.compile(schemas.tokenInput);
    const field = fc.constantFrom(
      'kind',
      'org',
      'project',
      'stack',
      'operation',
      'deployment',
      'duration',
      'platform',
      'currentEnvironment',
      'rootEnvironment',
      'user',
      'subjectAttributes',
      'orgId',
      'actor',
      'audience',
      'extra',
      '__proto__',
    );
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.string({
        unit: fc.constantFrom('a', 'A', '1', ':', '/', ' ', '0', 'h', 'm', 's'),
        maxLength: 6,
      }),
      fc.constantFrom(
        'default/dev',
        'web/dev',
        '1h',
        '0s',
        'pulumi.user.login',
        ['pulumi.user.login'],
        { name: 'a/b', id: 'x' },
      ),
    );
    fc.assert(
      fc.property(
        validInput,
        field,
        fc.option(value, { nil: undefined }),
        (input, key, replacement) => {
          const mutated: Record<string, unknown> = JSON.parse(JSON.stringify(input));
          if (replacement === undefined) delete mutated[key];
          else
            Object.defineProperty(mutated, key, {
              value: replacement,
              enumerable: true,
              writable: true,
              configurable: true,
            });
          const json = JSON.parse(JSON.stringify(mutated));
          expect(validate(json), JSON.stringify(json)).toBe(checkTokenInput(json).length === 0);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('buildClaims throws nothing but ClaimsError on arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        try {
          buildClaims(value);
        } catch (error) {
          expect(error).toBeInstanceOf(ClaimsError);
        }
        const result = parseClaims(value);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});
