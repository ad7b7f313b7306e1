import { DURATION_EXAMPLES, formatDuration } from '@runid/claims';
import { describe, expect, it } from 'vitest';
import { awsDurationSeconds } from '../src/cli/clouds.js';
import { wireRequest } from '../src/client.js';
import { RunIdArgumentError } from '../src/index.js';
import { runCli } from './helpers/cli.js';

// The shared table of @runid/claims, through the SDK (`duration` of a request) and the CLI.
const request = {
  kind: 'deployment',
  org: 'acme',
  project: 'web',
  stack: 'prod',
  operation: 'update',
  deployment: 42,
} as const;
const cases = DURATION_EXAMPLES.map(([input, ms]) => ({
  input,
  seconds: ms !== undefined && ms % 1000 === 0 ? ms / 1000 : undefined,
}));

describe('durations use the one grammar of @runid/claims', () => {
  it.each(cases)('SDK: duration $input → $seconds s', ({ input, seconds }) => {
    const wire = () => wireRequest({ ...request, duration: input } as never);
    if (seconds === undefined) expect(wire).toThrow(RunIdArgumentError);
    else expect(wire().duration).toBe(formatDuration(seconds));
  });

  it.each(cases.filter((c) => typeof c.input === 'string'))(
    'CLI: --aws-duration $input → $seconds s',
    ({ input, seconds }) => {
      const parse = () => awsDurationSeconds(input as string);
      if (seconds === undefined) expect(parse).toThrow(/--aws-duration: must be/);
      else expect(parse()).toBe(seconds);
    },
  );

  it('CLI: a bad --duration is a usage error (exit 2) before anything is sent', async () => {
    const result = await runCli(
      [
        'preview',
        '--kind',
        'deployment',
        '--org',
        'acme',
        '--project',
        'web',
        '--stack',
        'prod',
        '--operation',
        'update',
        '--deployment',
        '42',
        '--duration',
        '15min',
      ],
      { RUNID_URL: 'http://127.0.0.1:9', RUNID_API_KEY: 'rid_client_x' },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/must be a duration: seconds as a number/);
  });
});
