import { createHash } from 'node:crypto';
import { Command, CommanderError } from 'commander';
import { toCredentialProcessOutput } from '../aws/credential-process.js';
import type { Env } from '../aws/endpoint.js';
import { checkDurationSeconds, checkRoleArn, checkRoleSessionName } from '../aws/limits.js';
import { SDK_VERSION } from '../version.js';
import {
  type AwsFlags,
  addAwsOptions,
  addAzureOptions,
  addGcpOptions,
  awsCredentials,
  awsDurationSeconds,
} from './clouds.js';
import {
  addConnectionOptions,
  type ConnectionFlags,
  clientFromFlags,
  runTokenOf,
} from './connection.js';
import { cachedCredentials, credentialCacheKey, defaultCacheDir } from './credential-cache.js';
import { type ExecFlags, runExec } from './exec.js';
import { EXIT } from './exit-codes.js';
import { report } from './report.js';
import { addRunCommands } from './run.js';
import {
  addTokenOptions,
  runTokenRequestFromFlags,
  type TokenFlags,
  tokenRequestFromFlags,
} from './token-inputs.js';
import { addTrustCommands } from './trust.js';
import { usageError } from './usage-error.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Env;
}

type Flags = TokenFlags & ConnectionFlags & { json?: boolean };

/** Runs the CLI and resolves with the exit code; never calls process.exit itself. */
export async function main(argv: string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('runid')
    .description('Mint RunID tokens and turn them into cloud credentials.')
    .version(SDK_VERSION)
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  // Inside a run (RUNID_RUN_TOKEN set, no --api-key) tokens are the run's: the flags may choose
  // only what the run leaves open, and the run credential mints them.
  const minting = (flags: Flags) => {
    const runToken = runTokenOf(flags, io.env);
    const request =
      runToken === undefined
        ? tokenRequestFromFlags(flags, io.env)
        : runTokenRequestFromFlags(flags);
    return { client: clientFromFlags(flags, io.env, runToken), request, runToken };
  };

  const command = (name: string, description: string) =>
    addTokenOptions(addConnectionOptions(program.command(name).description(description)))
      .exitOverride()
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  command('token', 'mint a token and print it')
    .option('--json', 'print the whole answer (token, expiresAt, claims)')
    .action(async (flags: Flags) => {
      const { client, request } = minting(flags);
      const minted = await client.mintToken(request);
      io.stdout(flags.json ? `${JSON.stringify(minted, null, 2)}\n` : `${minted.token}\n`);
    });

  command('preview', 'print the claims a token would carry (signs nothing)')
    .option('--json', 'print JSON (the default; accepted as with token)')
    .action(async (flags: Flags) => {
      const request = tokenRequestFromFlags(flags, io.env);
      const preview = await clientFromFlags(flags, io.env).previewToken(request);
      io.stdout(`${JSON.stringify(preview, null, 2)}\n`);
    });

  addAwsOptions(command('credential-process', 'print an AWS credential_process answer (Version 1)'))
    .option(
      '--cache-dir <dir>',
      'where answers are cached, 0600 (default: $XDG_CACHE_HOME or ~/.cache, then runid/credential-process)',
    )
    .option('--no-cache', 'mint and exchange on every call')
    .action(async (flags: Flags & AwsFlags & { cache?: boolean; cacheDir?: string }) => {
      if (!flags.awsRoleArn) throw usageError('--aws-role-arn', 'is required');
      checkRoleArn(flags.awsRoleArn);
      if (flags.awsSessionName !== undefined) checkRoleSessionName(flags.awsSessionName);
      const seconds = awsDurationSeconds(flags.awsDuration);
      if (seconds !== undefined) checkDurationSeconds(seconds);
      const { client, request, runToken } = minting(flags);
      const produce = async () => {
        const token = await client.mintToken(request);
        return toCredentialProcessOutput(await awsCredentials(flags, token, io.env));
      };
      // Inside a run, the answers of the run credential are cached apart from the key's.
      const secret = runToken ?? flags.apiKey ?? io.env.RUNID_API_KEY ?? '';
      const key = credentialCacheKey({
        url: client.baseUrl,
        apiKey: createHash('sha256').update(secret).digest('hex'),
        request,
        roleArn: flags.awsRoleArn,
        sessionName: flags.awsSessionName ?? null,
        duration: seconds ?? null,
        region: flags.awsRegion ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? null,
        sts: io.env.AWS_ENDPOINT_URL_STS ?? io.env.AWS_ENDPOINT_URL ?? null,
      });
      const output =
        flags.cache === false
          ? await produce()
          : await cachedCredentials(flags.cacheDir ?? defaultCacheDir(io.env), key, produce);
      io.stdout(`${JSON.stringify(output)}\n`);
    });

  addGcpOptions(
    addAzureOptions(
      addAwsOptions(
        command(
          'exec',
          'mint, exchange, and run a command with cloud credentials in its environment',
        ),
      ),
    ),
  )
    .argument('<command>', 'the command to run (put it after --)')
    .argument('[args...]', 'its arguments')
    .passThroughOptions()
    .action(async (cmd: string, args: string[], flags: Flags & ExecFlags) => {
      const { client, request } = minting(flags);
      exitCode = await runExec({
        client,
        request,
        flags,
        command: cmd,
        args,
        env: io.env,
        warn: (message) => io.stderr(`runid: ${message}\n`),
      });
    });

  addRunCommands(
    program,
    io,
    (code) => {
      exitCode = code;
    },
    argv,
  );

  addTrustCommands(program, io, (code) => {
    exitCode = code;
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other parse failure is a usage error (message already printed).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const { code, message } = report(error);
    io.stderr(`${message}\n`);
    return code;
  }
}
