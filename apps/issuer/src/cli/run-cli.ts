import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { CLI_PRINCIPAL } from '../auth/principal.js';
import type { IssuerConfig } from '../config/config.js';
import { type Env, loadConfig } from '../config/load.js';
import { IssuerError } from '../errors.js';
import { describeKey } from '../keys/describe-key.js';
import { jwksDocument } from '../keys/key-ring.js';
import { nextWakeUp } from '../keys/rotation/index.js';
import { toRotationState } from '../keys/rotation-state.js';
import { createLogger } from '../observability/logger.js';
import { openIssuer } from '../open-issuer.js';
import { requestBodyCheck } from '../request-body.js';
import { startIssuer } from '../start-issuer.js';
import { openStore, requireExistingStore } from '../store/open-store.js';
import type { IssuerVersion } from '../store/records.js';
import { startBanner } from './banner.js';
import { registerDeploymentCommands } from './deployment-command.js';
import { describeError, EXIT, exitCodeOf } from './exit-codes.js';
import { rekey } from './rekey-command.js';

export interface CliIo {
  /** The environment (default: process.env, read by loadConfig only). */
  env?: Env;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Registers signal handlers for `serve`; tests pass a no-op. */
  onSignal?: (signal: NodeJS.Signals, handler: () => void) => void;
}

function parseJsonArg(text: string, what: string): unknown {
  const source = text.startsWith('@') ? readFileSync(text.slice(1), 'utf8') : text;
  try {
    return JSON.parse(source);
  } catch {
    throw new IssuerError('cli_usage', `${what} must be JSON (or @file with JSON).`);
  }
}

function issuerArg(text: string): IssuerVersion {
  if (text !== 'v1' && text !== 'v2') {
    throw new IssuerError('cli_usage', `--issuer must be v1 or v2, not ${JSON.stringify(text)}.`);
  }
  return text;
}

/** Opens the issuer for a one-shot command (no HTTP server, no bootstrap key), runs, closes. */
async function withIssuer<T>(
  io: CliIo,
  run: (opened: Awaited<ReturnType<typeof openIssuer>>) => Promise<T>,
) {
  const config = loadConfig(io.env);
  requireExistingStore(config);
  const opened = await openIssuer({
    config,
    baseUrl: config.issuerUrl ?? `http://localhost:${config.port}`,
    logger: quietLogger(config),
    bootstrap: false,
  });
  try {
    return await run(opened);
  } finally {
    await opened.services.store.close();
  }
}

function quietLogger(config: IssuerConfig) {
  // One-shot commands keep stdout for their JSON answer; warnings go to stderr.
  return createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
}

/** Runs `runid-issuer` with the given arguments; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const print = (value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  let exitCode: number = EXIT.ok;
  const program = new Command('runid-issuer')
    .description('The RunID issuer: serve the API, migrate the store, manage keys and clients.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  program
    .command('serve')
    .description(
      'Start the HTTP issuer (config from RUNID_* variables; see docs/configuration.md).',
    )
    .action(async () => {
      // Handlers first: a SIGTERM that arrives while the store opens (a rolling update) is then a
      // graceful stop once started, not the default disposition killing the process mid-start.
      let issuer: Awaited<ReturnType<typeof startIssuer>> | undefined;
      let stopping = false;
      let finish: () => void = () => undefined;
      const finished = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const close = (running: NonNullable<typeof issuer>) =>
        running.close().then(finish, (error: unknown) => {
          io.stderr(`${describeError(error)}\n`);
          exitCode = EXIT.failure;
          finish();
        });
      const stop = () => {
        if (stopping) {
          // A second signal: stop waiting for in-flight requests.
          exitCode = EXIT.failure;
          finish();
          return;
        }
        stopping = true;
        if (issuer !== undefined) void close(issuer);
      };
      io.onSignal?.('SIGTERM', stop);
      io.onSignal?.('SIGINT', stop);
      issuer = await startIssuer(io.env ? { env: io.env } : {});
      io.stderr(
        startBanner({
          url: issuer.url,
          issuerUrl: issuer.issuerUrl,
          adminKey: issuer.adminKey,
          generated: issuer.adminKeyGenerated,
          firstToken: issuer.fresh && issuer.services.store.backend === 'sqlite',
        }),
      );
      if (stopping) void close(issuer);
      await finished;
    });

  program
    .command('migrate')
    .description('Create or update the store schema, then exit.')
    .action(async () => {
      const config = loadConfig(io.env);
      const store = await openStore({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        migrate: false,
      });
      try {
        const applied = await store.migrate();
        print({ backend: store.backend, applied });
      } finally {
        await store.close();
      }
    });

  const keys = program.command('keys').description('Signing keys.');
  keys
    .command('list')
    .description('List the signing keys of both issuers (no private material).')
    .action(async () => {
      await withIssuer(io, async ({ services }) => {
        print({ items: (await services.store.listKeys()).map(describeKey) });
      });
    });

  keys
    .command('rotate')
    .description(
      'Emergency rotation: the next key signs at once, a fresh next key is published. Without --confirm, prints the consequences and changes nothing.',
    )
    .requiredOption('--issuer <issuer>', 'v1 or v2')
    .option(
      '--confirm',
      'really rotate (relying parties with an old cached JWKS reject new tokens until they refetch)',
    )
    .option(
      '--remove-compromised',
      'the old signing key is compromised: remove it from the JWKS now instead of retiring it',
    )
    .action(async (options: { issuer: string; confirm?: boolean; removeCompromised?: boolean }) => {
      const issuer = issuerArg(options.issuer);
      await withIssuer(io, async ({ services }) => {
        const result = await services.rotator.emergency(issuer, {
          confirm: options.confirm === true,
          removeCompromised: options.removeCompromised === true,
        });
        io.stderr(`${result.explanation}\n`);
        print({
          issuer,
          explanation: result.explanation,
          consequences: result.consequences,
          keys: result.keys.map(describeKey).reverse(),
        });
      });
    });

  keys
    .command('rekey')
    .description(
      'Re-encrypt every stored private key under RUNID_KEK (the new KEK), reading them with RUNID_KEK_PREVIOUS; one transaction, safe while replicas configured with both KEKs serve (docs/deploy.md). Opens the store directly.',
    )
    .action(async () => {
      await withIssuer(io, async ({ services }) => print(await rekey(services)));
    });

  keys
    .command('export')
    .description(
      'Write the JWKS exactly as published, for relying parties that take uploaded keys; prints the date by which to export again.',
    )
    .requiredOption('--issuer <issuer>', 'v1 or v2')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (options: { issuer: string; out?: string }) => {
      const issuer = issuerArg(options.issuer);
      await withIssuer(io, async ({ services }) => {
        const records = (await services.store.listKeys()).filter((k) => k.issuer === issuer);
        const body = jwksDocument(records).body.toString('utf8');
        const now = services.clock();
        const again = nextWakeUp(toRotationState(records), services.config.rotation[issuer], now);
        if (options.out === undefined) io.stdout(`${body}\n`);
        else writeFileSync(options.out, `${body}\n`, { mode: 0o644 });
        io.stderr(
          `Export the ${issuer} JWKS again before ${new Date(again).toISOString()} (its next planned key change), and at once after an emergency rotation.\n`,
        );
      });
    });

  const clients = program.command('clients').description('API clients and their grants.');
  clients
    .command('create')
    .description('Create a client; prints its key once.')
    .requiredOption('--name <name>', 'unique client name')
    .requiredOption(
      '--grants <json>',
      'grants as a JSON array (or @file), e.g. \'[{"kinds":["deployment"],"orgs":["acme"]}]\'',
    )
    .action(async (options: { name: string; grants: string }) => {
      const grants = parseJsonArg(options.grants, '--grants');
      await withIssuer(io, async ({ services }) =>
        print(
          await services.clients.create(
            requestBodyCheck(services.validator, 'createClient')({ name: options.name, grants }),
          ),
        ),
      );
    });
  clients
    .command('list')
    .description('List clients (never their keys).')
    .action(async () => {
      await withIssuer(io, async ({ services }) => print({ items: await services.clients.list() }));
    });
  clients
    .command('disable')
    .description('Disable a client at once (permanent).')
    .argument('<clientId>', 'the client id (from `clients list`)')
    .action(async (clientId: string) => {
      await withIssuer(io, async ({ services }) => print(await services.clients.disable(clientId)));
    });

  program
    .command('mint')
    .description(
      'Mint a token locally through the same path as the API (recorded as client `cli`).',
    )
    .argument('<request>', 'the token request as JSON (or @file), the body of POST /api/v1/tokens')
    .action(async (request: string) => {
      const body = parseJsonArg(request, 'the request');
      await withIssuer(io, async ({ services }) =>
        print(await services.mint.mint(CLI_PRINCIPAL, body)),
      );
    });

  registerDeploymentCommands(program, io.env, print, io.stderr);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.stderr(`${describeError(error)}\n`);
    return exitCodeOf(error);
  }
}
