import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import type { Env } from '../config/load.js';
import { startIssuer } from '../start-issuer.js';
import type { CliContext } from './api-command.js';
import { registerAuditCommands } from './audit-commands.js';
import { startBanner } from './banner.js';
import { registerClientCommands } from './clients-commands.js';
import { registerCredentialCommands } from './credentials-commands.js';
import { registerDeploymentCommands } from './deployment-command.js';
import { describeError, EXIT, exitCodeOf } from './exit-codes.js';
import { registerKeyApiCommands } from './keys-commands.js';
import { registerRunCommands } from './runs-commands.js';
import { DIRECT, registerStoreCommands } from './store-commands.js';

// Read at run time so `--version` never disagrees with the published version.
const manifest = createRequire(import.meta.url)('../../package.json') as { version: string };
export const ISSUER_VERSION: string = manifest.version;

const HELP_AFTER = `
Commands that speak the API (clients, keys list|rotate, runs, audit, credentials) need a running issuer:
  RUNID_URL (or --url)             the issuer's base URL, e.g. https://id.example.com
  RUNID_ADMIN_KEY                  an admin credential (or RUNID_ADMIN_KEY_FILE, or --admin-key-file)
They print tables; --json prints the API's JSON answer.

Commands that open the store directly (serve, migrate, keys rekey, keys export, deployment) need
DATABASE_URL or the embedded data directory (RUNID_DATA_DIR, else ./.runid where \`serve\` keeps it
when run here; a directory with no store is an error, never a new store) and the KEK.

Exit codes (the same as runid's): 0 ok; 1 refused or failed; 2 usage; 3 issuer or store unreachable
or unavailable; 4 the KEK does not open the keys; 5 credential refused; 6 not found; 7 conflict.
`;

export interface CliIo {
  /** The environment (cli.ts passes process.env; none given: an empty one). */
  env?: Env;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Registers signal handlers for `serve`; tests pass a no-op. */
  onSignal?: (signal: NodeJS.Signals, handler: () => void) => void;
}

/** Runs `runid-issuer` with the given arguments; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const env: Env = io.env ?? {};
  const context: CliContext = { env, stdout: io.stdout, stderr: io.stderr };
  const print = (value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  let exitCode: number = EXIT.ok;
  const program = new Command('runid-issuer')
    .description(
      'The RunID issuer: serve the API; administer clients, keys, runs and audit through it; migrate and rekey the store.',
    )
    .version(ISSUER_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', HELP_AFTER);

  program
    .command('serve')
    .description(
      `Start the HTTP issuer (config from RUNID_* variables; see docs/configuration.md) ${DIRECT}.`,
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
          exitCode = EXIT.refused;
          finish();
        });
      const stop = () => {
        if (stopping) {
          // A second signal: stop waiting for in-flight requests.
          exitCode = EXIT.refused;
          finish();
          return;
        }
        stopping = true;
        if (issuer !== undefined) void close(issuer);
      };
      io.onSignal?.('SIGTERM', stop);
      io.onSignal?.('SIGINT', stop);
      issuer = await startIssuer({ env, lowerHelperThreads: true });
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

  registerClientCommands(program, context);
  const keys = program
    .command('keys')
    .description(
      'Signing keys: list and rotate through the API; rekey and export open the store directly.',
    );
  registerKeyApiCommands(keys, context);
  registerStoreCommands(program, keys, context);
  registerRunCommands(program, context);
  registerCredentialCommands(program, context);
  registerAuditCommands(program, context);
  registerDeploymentCommands(program, env, print, io.stderr);

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
