// Shared tables: valid inputs, and bad inputs with the issue (path, code) the validator must report.
// The JSON Schema test runs the same tables through ajv, so both validators must agree on every row.

export const deployment = {
  kind: 'deployment',
  org: 'acme',
  project: 'web',
  stack: 'prod',
  operation: 'update',
  deployment: 42,
} as const;

export const environment = {
  kind: 'environment',
  org: 'acme',
  platform: 'aws',
  currentEnvironment: 'web/dev',
  user: 'alice',
} as const;

export const oidc = {
  kind: 'oidc',
  org: 'acme',
  orgId: 'org-123',
  currentEnvironment: { name: 'web/dev', id: 'env-1' },
  rootEnvironment: { name: 'web/prod', id: 'env-2' },
  actor: { login: 'alice', id: 'user-9' },
  audience: 'https://registry.example.com',
} as const;

const omit = <T extends object>(value: T, key: keyof T): Partial<T> => {
  const copy = { ...value };
  delete copy[key];
  return copy;
};

const x = (n: number, c = 'a'): string => c.repeat(n);

export const validInputs: Array<{ name: string; input: unknown }> = [
  { name: 'deployment', input: deployment },
  ...['preview', 'update', 'refresh', 'destroy', 'detect-drift', 'remediate-drift'].map(
    (operation) => ({
      name: `deployment ${operation}`,
      input: { ...deployment, operation },
    }),
  ),
  {
    name: 'deployment max run number',
    input: { ...deployment, deployment: Number.MAX_SAFE_INTEGER },
  },
  { name: 'deployment run 1', input: { ...deployment, deployment: 1 } },
  { name: 'deployment with duration', input: { ...deployment, duration: '1h30m' } },
  {
    name: 'deployment out-of-range duration (range is checked by resolveLifetime)',
    input: { ...deployment, duration: '3h' },
  },
  {
    name: 'names with . _ -',
    input: { ...deployment, org: 'a.c_m-e9', project: 'My_Project.v2', stack: '9-Stack' },
  },
  {
    name: 'max-length names',
    input: { ...deployment, org: x(64), project: x(100, 'P'), stack: x(100, 'S') },
  },
  { name: 'single-character names', input: { ...deployment, org: '0', project: 'P', stack: 's' } },
  { name: 'environment', input: environment },
  ...['aws', 'azure', 'gcp', 'vault', 'doppler', 'infisical', 'snowflake'].map((platform) => ({
    name: `environment ${platform}`,
    input: { ...environment, platform },
  })),
  { name: 'environment with root', input: { ...environment, rootEnvironment: 'app/prod' } },
  {
    name: 'environment legacy default',
    input: { ...environment, currentEnvironment: 'default/dev' },
  },
  {
    name: 'environment max-length path',
    input: { ...environment, currentEnvironment: `${x(100)}/${x(100)}` },
  },
  {
    name: 'environment all attributes',
    input: {
      ...environment,
      subjectAttributes: [
        'pulumi.user.login',
        'rootEnvironment.name',
        'pulumi.organization.login',
        'currentEnvironment.name',
      ],
    },
  },
  {
    name: 'environment org attribute only',
    input: { ...environment, subjectAttributes: ['pulumi.organization.login'] },
  },
  { name: 'environment with duration', input: { ...environment, duration: '5m' } },
  { name: 'oidc', input: oidc },
  { name: 'oidc without root id', input: { ...oidc, rootEnvironment: { name: 'web/prod' } } },
  { name: 'oidc azure audience', input: { ...oidc, audience: 'api://AzureADTokenExchange' } },
  { name: 'oidc 512-byte audience', input: { ...oidc, audience: x(512, '~') } },
  { name: 'oidc 1-byte audience', input: { ...oidc, audience: '!' } },
  { name: 'oidc uuid ids', input: { ...oidc, orgId: '3f1c2a9e-0b1d-4c59-9a61-6ad0f9c1b2e7' } },
  { name: 'oidc with duration', input: { ...oidc, duration: '90s' } },
  ...['90s', '15m', '1h', '1h30m', '0h5m', '1h0m0s', '999999s', '2h'].map((duration) => ({
    name: `duration ${duration}`,
    input: { ...environment, duration },
  })),
];

export interface BadCase {
  name: string;
  input: unknown;
  /** Every issue the hand validator reports, as `path code`. */
  issues: string[];
}

export const badInputs: BadCase[] = [
  // whole value
  { name: 'null', input: null, issues: [' invalid_type'] },
  { name: 'array', input: [deployment], issues: [' invalid_type'] },
  { name: 'string', input: 'deployment', issues: [' invalid_type'] },
  { name: 'number', input: 42, issues: [' invalid_type'] },
  { name: 'empty object', input: {}, issues: ['kind required'] },
  // kind
  { name: 'kind unknown', input: { ...deployment, kind: 'stack' }, issues: ['kind not_allowed'] },
  { name: 'kind number', input: { ...deployment, kind: 1 }, issues: ['kind invalid_type'] },
  {
    name: 'kind wrong case',
    input: { ...deployment, kind: 'Deployment' },
    issues: ['kind not_allowed'],
  },
  // unknown fields, prototype pollution
  { name: 'unknown field', input: { ...deployment, extra: true }, issues: ['extra unknown_field'] },
  {
    name: 'caller sets sub',
    input: { ...deployment, sub: 'pulumi:x' },
    issues: ['sub unknown_field'],
  },
  {
    name: '__proto__ member',
    input: JSON.parse(
      '{"kind":"deployment","org":"acme","project":"web","stack":"prod","operation":"update","deployment":1,"__proto__":{"admin":true}}',
    ),
    issues: ['__proto__ unknown_field'],
  },
  {
    name: 'constructor member',
    input: { ...deployment, constructor: 'x' },
    issues: ['constructor unknown_field'],
  },
  {
    name: 'platform on deployment',
    input: { ...deployment, platform: 'aws' },
    issues: ['platform unknown_field'],
  },
  {
    name: 'audience on environment',
    input: { ...environment, audience: 'x' },
    issues: ['audience unknown_field'],
  },
  // required
  { name: 'deployment without org', input: omit(deployment, 'org'), issues: ['org required'] },
  {
    name: 'deployment without project',
    input: omit(deployment, 'project'),
    issues: ['project required'],
  },
  {
    name: 'deployment without stack',
    input: omit(deployment, 'stack'),
    issues: ['stack required'],
  },
  {
    name: 'deployment without operation',
    input: omit(deployment, 'operation'),
    issues: ['operation required'],
  },
  {
    name: 'deployment without run number',
    input: omit(deployment, 'deployment'),
    issues: ['deployment required'],
  },
  {
    name: 'environment without platform',
    input: omit(environment, 'platform'),
    issues: ['platform required'],
  },
  {
    name: 'environment without current',
    input: omit(environment, 'currentEnvironment'),
    issues: ['currentEnvironment required'],
  },
  { name: 'environment without user', input: omit(environment, 'user'), issues: ['user required'] },
  { name: 'oidc without orgId', input: omit(oidc, 'orgId'), issues: ['orgId required'] },
  { name: 'oidc without audience', input: omit(oidc, 'audience'), issues: ['audience required'] },
  {
    name: 'oidc without root',
    input: omit(oidc, 'rootEnvironment'),
    issues: ['rootEnvironment required'],
  },
  { name: 'oidc without actor', input: omit(oidc, 'actor'), issues: ['actor required'] },
  {
    name: 'oidc without current',
    input: omit(oidc, 'currentEnvironment'),
    issues: ['currentEnvironment required'],
  },
  {
    name: 'oidc current without id',
    input: { ...oidc, currentEnvironment: { name: 'web/dev' } },
    issues: ['currentEnvironment.id required'],
  },
  {
    name: 'oidc root without name',
    input: { ...oidc, rootEnvironment: { id: 'e' } },
    issues: ['rootEnvironment.name required'],
  },
  {
    name: 'oidc actor without login',
    input: { ...oidc, actor: { id: 'u' } },
    issues: ['actor.login required'],
  },
  // types
  { name: 'org number', input: { ...deployment, org: 7 }, issues: ['org invalid_type'] },
  { name: 'org null', input: { ...deployment, org: null }, issues: ['org invalid_type'] },
  {
    name: 'project array',
    input: { ...deployment, project: ['web'] },
    issues: ['project invalid_type'],
  },
  {
    name: 'operation number',
    input: { ...deployment, operation: 1 },
    issues: ['operation invalid_type'],
  },
  {
    name: 'run number string',
    input: { ...deployment, deployment: '42' },
    issues: ['deployment invalid_type'],
  },
  {
    name: 'run number fraction',
    input: { ...deployment, deployment: 1.5 },
    issues: ['deployment invalid_type'],
  },
  {
    name: 'run number boolean',
    input: { ...deployment, deployment: true },
    issues: ['deployment invalid_type'],
  },
  {
    name: 'rootEnvironment null',
    input: { ...environment, rootEnvironment: null },
    issues: ['rootEnvironment invalid_type'],
  },
  {
    name: 'duration number',
    input: { ...deployment, duration: 3600 },
    issues: ['duration invalid_type'],
  },
  {
    name: 'duration null',
    input: { ...deployment, duration: null },
    issues: ['duration invalid_type'],
  },
  {
    name: 'oidc current as string',
    input: { ...oidc, currentEnvironment: 'web/dev' },
    issues: ['currentEnvironment invalid_type'],
  },
  {
    name: 'oidc actor array',
    input: { ...oidc, actor: ['alice'] },
    issues: ['actor invalid_type'],
  },
  { name: 'oidc id number', input: { ...oidc, orgId: 123 }, issues: ['orgId invalid_type'] },
  {
    name: 'audience array',
    input: { ...oidc, audience: ['a', 'b'] },
    issues: ['audience invalid_type'],
  },
  { name: 'audience number', input: { ...oidc, audience: 1 }, issues: ['audience invalid_type'] },
  // enumerations
  {
    name: 'operation unknown',
    input: { ...deployment, operation: 'deploy' },
    issues: ['operation not_allowed'],
  },
  {
    name: 'operation wrong case',
    input: { ...deployment, operation: 'Update' },
    issues: ['operation not_allowed'],
  },
  {
    name: 'platform unknown',
    input: { ...environment, platform: 'aliyun' },
    issues: ['platform not_allowed'],
  },
  // run number range
  {
    name: 'run number 0',
    input: { ...deployment, deployment: 0 },
    issues: ['deployment out_of_range'],
  },
  {
    name: 'run number negative',
    input: { ...deployment, deployment: -3 },
    issues: ['deployment out_of_range'],
  },
  {
    name: 'run number unsafe',
    input: { ...deployment, deployment: 2 ** 53 },
    issues: ['deployment out_of_range'],
  },
  // names: characters, case, length
  ...[':', '*', '?', ' ', '/', '@', '+', '\t', '\u0000', 'é', '😀', '\u200b', '%3A'].map((c) => ({
    name: `project containing ${JSON.stringify(c)}`,
    input: { ...deployment, project: `we${c}b` },
    issues: ['project invalid_characters'],
  })),
  { name: 'org upper case', input: { ...deployment, org: 'Acme' }, issues: ['org invalid_case'] },
  { name: 'oidc org upper case', input: { ...oidc, org: 'ACME' }, issues: ['org invalid_case'] },
  {
    name: 'org forging a segment',
    input: { ...deployment, org: 'acme:project:x' },
    issues: ['org invalid_characters'],
  },
  {
    name: 'stack forging a segment',
    input: { ...deployment, stack: 'prod:operation:destroy' },
    issues: ['stack invalid_characters'],
  },
  {
    name: 'org leading dot',
    input: { ...deployment, org: '.acme' },
    issues: ['org invalid_characters'],
  },
  {
    name: 'stack leading dash',
    input: { ...deployment, stack: '-prod' },
    issues: ['stack invalid_characters'],
  },
  {
    name: 'project ..',
    input: { ...deployment, project: '..' },
    issues: ['project invalid_characters'],
  },
  { name: 'org empty', input: { ...deployment, org: '' }, issues: ['org too_short'] },
  { name: 'stack empty', input: { ...deployment, stack: '' }, issues: ['stack too_short'] },
  { name: 'org too long', input: { ...deployment, org: x(65) }, issues: ['org too_long'] },
  {
    name: 'project too long',
    input: { ...deployment, project: x(101) },
    issues: ['project too_long'],
  },
  { name: 'stack too long', input: { ...deployment, stack: x(101) }, issues: ['stack too_long'] },
  { name: 'user too long', input: { ...environment, user: x(65) }, issues: ['user too_long'] },
  {
    name: 'user with :',
    input: { ...environment, user: 'alice:admin' },
    issues: ['user invalid_characters'],
  },
  {
    name: 'too long and bad characters',
    input: { ...deployment, stack: `${x(101)}:` },
    issues: ['stack too_long', 'stack invalid_characters'],
  },
  // <project>/<env>
  {
    name: 'env without slash',
    input: { ...environment, currentEnvironment: 'dev' },
    issues: ['currentEnvironment invalid_format'],
  },
  {
    name: 'env with two slashes',
    input: { ...environment, currentEnvironment: 'web/dev/x' },
    issues: ['currentEnvironment invalid_format'],
  },
  {
    name: 'env empty',
    input: { ...environment, currentEnvironment: '' },
    issues: ['currentEnvironment invalid_format'],
  },
  {
    name: 'env empty project',
    input: { ...environment, currentEnvironment: '/dev' },
    issues: ['currentEnvironment too_short'],
  },
  {
    name: 'env empty env',
    input: { ...environment, rootEnvironment: 'web/' },
    issues: ['rootEnvironment too_short'],
  },
  {
    name: 'env with colon',
    input: { ...environment, currentEnvironment: 'web/d:v' },
    issues: ['currentEnvironment invalid_characters'],
  },
  {
    name: 'env project too long',
    input: { ...environment, currentEnvironment: `${x(101)}/dev` },
    issues: ['currentEnvironment too_long'],
  },
  {
    name: 'env name too long',
    input: { ...environment, currentEnvironment: `web/${x(101)}` },
    issues: ['currentEnvironment too_long'],
  },
  {
    name: 'oidc env name without slash',
    input: { ...oidc, currentEnvironment: { name: 'dev', id: 'e' } },
    issues: ['currentEnvironment.name invalid_format'],
  },
  // ids
  {
    name: 'orgId with colon',
    input: { ...oidc, orgId: 'org:1' },
    issues: ['orgId invalid_characters'],
  },
  {
    name: 'env id with slash',
    input: { ...oidc, currentEnvironment: { name: 'web/dev', id: 'a/b' } },
    issues: ['currentEnvironment.id invalid_characters'],
  },
  {
    name: 'root id empty',
    input: { ...oidc, rootEnvironment: { name: 'web/dev', id: '' } },
    issues: ['rootEnvironment.id too_short'],
  },
  {
    name: 'actor id too long',
    input: { ...oidc, actor: { login: 'alice', id: x(129) } },
    issues: ['actor.id too_long'],
  },
  {
    name: 'nested unknown field',
    input: { ...oidc, actor: { login: 'alice', id: 'u', email: 'a@b' } },
    issues: ['actor.email unknown_field'],
  },
  // audience
  { name: 'audience empty', input: { ...oidc, audience: '' }, issues: ['audience too_short'] },
  {
    name: 'audience blank',
    input: { ...oidc, audience: '   ' },
    issues: ['audience invalid_characters'],
  },
  {
    name: 'audience with space',
    input: { ...oidc, audience: 'my api' },
    issues: ['audience invalid_characters'],
  },
  {
    name: 'audience with newline',
    input: { ...oidc, audience: 'api\n' },
    issues: ['audience invalid_characters'],
  },
  {
    name: 'audience non-ASCII',
    input: { ...oidc, audience: 'apí' },
    issues: ['audience invalid_characters'],
  },
  {
    name: 'audience 513 bytes',
    input: { ...oidc, audience: x(513) },
    issues: ['audience too_long'],
  },
  // subjectAttributes
  {
    name: 'attributes not array',
    input: { ...environment, subjectAttributes: 'pulumi.user.login' },
    issues: ['subjectAttributes invalid_type'],
  },
  {
    name: 'attributes empty',
    input: { ...environment, subjectAttributes: [] },
    issues: ['subjectAttributes too_short'],
  },
  {
    name: 'attribute unknown',
    input: { ...environment, subjectAttributes: ['pulumi.user.email'] },
    issues: ['subjectAttributes[0] not_allowed'],
  },
  {
    name: 'attribute wrong type',
    input: { ...environment, subjectAttributes: ['pulumi.user.login', 1] },
    issues: ['subjectAttributes[1] invalid_type'],
  },
  {
    name: 'attribute duplicate',
    input: {
      ...environment,
      subjectAttributes: ['pulumi.user.login', 'rootEnvironment.name', 'pulumi.user.login'],
    },
    issues: ['subjectAttributes[2] duplicate'],
  },
  {
    name: 'org attribute duplicate',
    input: {
      ...environment,
      subjectAttributes: ['pulumi.organization.login', 'pulumi.organization.login'],
    },
    issues: ['subjectAttributes[1] duplicate'],
  },
  {
    name: 'attributes on oidc',
    input: { ...oidc, subjectAttributes: ['pulumi.user.login'] },
    issues: ['subjectAttributes not_allowed'],
  },
  // duration grammar (its range is resolveLifetime's business)
  ...[
    '',
    '0s',
    '0h0m0s',
    '0m',
    '1d',
    '1m1h',
    '1s1m',
    '01m',
    '00s',
    ' 1h',
    '1h ',
    '1H',
    '1h 30m',
    '1.5h',
    '-1m',
    '+1m',
    '1234567s',
    'PT1H',
    '60',
    'h',
    '1hh',
    '١s',
  ].map((duration) => ({
    name: `duration ${JSON.stringify(duration)}`,
    input: { ...deployment, duration },
    issues: ['duration invalid_format'],
  })),
  // all issues, not just the first
  {
    name: 'every issue is collected',
    input: {
      kind: 'environment',
      org: 'Acme',
      platform: 'aw',
      currentEnvironment: 'web',
      user: 'a:b',
      subjectAttributes: ['x', 'x'],
      duration: '0s',
      extra: 1,
    },
    issues: [
      'extra unknown_field',
      'org invalid_case',
      'platform not_allowed',
      'currentEnvironment invalid_format',
      'user invalid_characters',
      'subjectAttributes[0] not_allowed',
      'subjectAttributes[1] not_allowed',
      'duration invalid_format',
    ],
  },
  {
    name: 'every oidc issue is collected',
    input: {
      kind: 'oidc',
      org: 'a',
      currentEnvironment: { name: 'x', id: 'e', more: 1 },
      rootEnvironment: 5,
      actor: {},
      audience: ' ',
    },
    issues: [
      'orgId required',
      'currentEnvironment.more unknown_field',
      'currentEnvironment.name invalid_format',
      'rootEnvironment invalid_type',
      'actor.login required',
      'actor.id required',
      'audience invalid_characters',
    ],
  },
];
