import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { API_KEY, RUN_TOKEN, startFakeIssuer } from './helpers/fake-issuer.js';
import { sendXml, stsSuccessXml } from './helpers/fake-sts.js';
import { startServer, type TestServer } from './helpers/http-server.js';

const readmeText = () => readFile(new URL('../README.md', import.meta.url), 'utf8');

// Every TypeScript block of the README is a file of examples/ (which `pnpm typecheck` compiles),
// with the import written as a consumer writes it.
describe('README', () => {
  it('shows only typechecked examples, verbatim', async () => {
    const readme = await readmeText();
    const dir = new URL('../examples/', import.meta.url);
    const examples = new Map<string, string>();
    for (const name of await readdir(dir)) {
      const text = await readFile(new URL(name, dir), 'utf8');
      examples.set(text.replace("'../src/index.js'", "'@runid/sdk'"), name);
    }
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) {
      expect(examples.has(block), `README block not in examples/:\n${block.slice(0, 200)}`).toBe(
        true,
      );
    }
    expect([...examples.values()].sort()).toEqual(
      [...examples.keys()]
        .filter((k) => blocks.includes(k))
        .map((k) => examples.get(k))
        .sort(),
    );
  });

  it('documents every exit code the CLI uses', async () => {
    const readme = await readmeText();
    const { EXIT } = await import('../src/cli/exit-codes.js');
    for (const code of Object.values(EXIT))
      expect(readme).toMatch(new RegExp(`\\| (\`exec\`.* only.*)?${code} `));
  });
});

// Every `runid` command line of the README (sh and ini blocks, continuations joined) runs against
// stand-ins of the issuer and STS: none may be a usage error.
describe('README CLI examples', () => {
  let issuer: TestServer;
  let sts: TestServer;
  beforeAll(async () => {
    issuer = await startFakeIssuer();
    sts = await startServer((_req, res) =>
      sendXml(res, 200, stsSuccessXml({ expiration: '2030-01-01T00:00:00Z' })),
    );
  });
  afterAll(async () => {
    await Promise.all([issuer?.close(), sts?.close()]);
  });

  it('runs each one without a usage error', async () => {
    const readme = await readmeText();
    const blocks = [...readme.matchAll(/```(?:sh|ini)\n([\s\S]*?)```/g)].map((m) =>
      (m[1] as string)
        .replace(/\\\n\s*/g, ' ')
        .split('\n')
        .map((line) => line.replace(/^credential_process = /, '').replace(/\s+#.*$/, ''))
        .filter((line) => line.startsWith('runid ') || EVAL.test(line)),
    );
    expect(blocks.flat().length).toBeGreaterThanOrEqual(6);
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    for (const lines of blocks) {
      // Each block is one shell: `eval "$(runid run start …)"` exports the run to the lines after it.
      const env: Record<string, string> = {
        RUNID_URL: issuer.url,
        RUNID_API_KEY: API_KEY,
        AWS_ENDPOINT_URL_STS: sts.url,
        XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'runid-readme-')),
      };
      for (const line of lines) {
        const evaluated = EVAL.exec(line)?.[1];
        // exec's own command is the reader's; here it is one that succeeds.
        const [runid, command = ''] = (evaluated ?? line).split(' -- ');
        const args = (runid as string).trim().split(/\s+/).slice(1);
        if (command !== '') args.push('--', process.execPath, '-e', '0');
        const result = await runCli(args, env);
        expect(result.code, `${line}\n${result.stderr}`).toBe(0);
        if (evaluated === undefined) continue;
        for (const [, name, value] of result.stdout.matchAll(/^export (\w+)=(\S+)$/gm)) {
          env[name as string] = value as string;
        }
        expect(env.RUNID_RUN_TOKEN, line).toBe(RUN_TOKEN);
      }
    }
  });
});

const EVAL = /^eval "\$\((runid .*)\)"$/;
