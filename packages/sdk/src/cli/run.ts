import { constants } from 'node:os';
import { durationSeconds, formatDuration } from '@runid/claims';
import { type Command, Option } from 'commander';
import type { Env } from '../aws/endpoint.js';
import type { RunIdClient } from '../client.js';
import type { CreateRunRequest, RunOutcome } from '../types.js';
import { runChild } from './child.js';
import { addConnectionOptions, type ConnectionFlags, clientFromFlags } from './connection.js';
import { SIGNAL_EXIT_BASE } from './exit-codes.js';
import type { Io } from './main.js';
import { report } from './report.js';
import { commandProblem } from './resolve-command.js';
import { childEnvWithoutKeys } from './run-env.js';
import {
  addRunIdentityOptions,
  type RunIdentityFlags,
  runIdentityFromFlags,
} from './token-inputs.js';
import { usageError } from './usage-error.js';

const OUTCOMES = ['succeeded', 'failed', 'cancelled'] as const satisfies readonly RunOutcome[];

// The contract's range of a run's deadline (RunDeadline: 1m–24h). Checked here too so that a
// mistyped deadline is a usage error before anything is created.
const DEADLINE_MIN_SECONDS = 60;
const DEADLINE_MAX_SECONDS = 24 * 3600;

// A signal that ends the run as `cancelled` when runid receives it and forwards it to the command.
const CANCELLING: ReadonlySet<NodeJS.Signals> = new Set(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT']);

type StartFlags = RunIdentityFlags & ConnectionFlags & { deadline?: string; json?: boolean };
type FinishFlags = ConnectionFlags & {
  outcome?: RunOutcome;
  runId?: string;
  runToken?: string;
  json?: boolean;
};

/** `runid run start`, `runid run finish` and `runid run <identity flags> -- <command…>`. */
export function addRunCommands(
  program: Command,
  io: Io,
  setExitCode: (code: number) => void,
  argv: readonly string[],
) {
  const configure = (command: Command) =>
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const run = configure(
    addDeadlineOption(
      addRunIdentityOptions(
        addConnectionOptions(
          program
            .command('run')
            .description(
              'start a run, run a command in it with RUNID_RUN_TOKEN (not the client key), and finish it with the outcome',
            ),
        ),
      ),
    ),
  )
    .usage(
      '[identity flags] [--deadline 1h] -- <command> [args...]\n       runid run start|finish …',
    )
    .argument('[command]', 'the command to run (put it after --)')
    .argument('[args...]', 'its arguments')
    .passThroughOptions()
    .action(async (cmd: string | undefined, args: string[], flags: StartFlags) => {
      if (cmd === undefined) {
        throw usageError('run', 'give the command after --, or use run start / run finish');
      }
      setExitCode(await runCommand(cmd, args, flags, io));
    });

  // `runid run … -- start`: commander would read a command named start or finish as the
  // subcommand; refuse rather than start or finish a run instead of running it.
  run.hook('preSubcommand', (_run, sub) => {
    const dash = argv.indexOf('--');
    if (dash !== -1 && dash < argv.indexOf(sub.name())) {
      throw usageError(
        'run',
        `a command named ${sub.name()} reads as runid run ${sub.name()}: give its path (./${sub.name()}, or "$(command -v ${sub.name()})")`,
      );
    }
  });

  configure(
    addDeadlineOption(
      addRunIdentityOptions(
        addConnectionOptions(
          run
            .command('start')
            .description('start a run and print RUNID_RUN_ID and RUNID_RUN_TOKEN as shell exports'),
        ),
      ),
    ),
  )
    .option('--json', 'print the whole answer (id, identity, deadline, credential) as JSON')
    .action(async (flags: StartFlags) => {
      const request = createRunRequest(flags, io.env);
      const created = await clientFromFlags(flags, io.env).createRun(request);
      io.stdout(
        flags.json
          ? `${JSON.stringify(created, null, 2)}\n`
          : `export RUNID_RUN_ID=${shellQuote(created.id)}\nexport RUNID_RUN_TOKEN=${shellQuote(created.credential)}\n`,
      );
    });

  configure(
    addConnectionOptions(
      run
        .command('finish')
        .description('finish a run with its outcome (the run of RUNID_RUN_ID, by RUNID_RUN_TOKEN)'),
    ),
  )
    .addOption(
      new Option('--outcome <outcome>', 'how the run ended')
        .choices(OUTCOMES)
        .makeOptionMandatory(),
    )
    .option('--run-id <id>', 'the run (default: $RUNID_RUN_ID)')
    .option(
      '--run-token <credential>',
      'its credential (default: $RUNID_RUN_TOKEN, else the client key; prefer the variable: argv is visible to ps)',
    )
    .option('--json', 'print the ended run as JSON')
    .action(async (flags: FinishFlags) => {
      const runId = flags.runId ?? io.env.RUNID_RUN_ID;
      if (!runId) {
        throw usageError(
          '--run-id',
          'which run? set RUNID_RUN_ID (runid run start prints it) or pass --run-id',
        );
      }
      const runToken = flags.runToken ?? (io.env.RUNID_RUN_TOKEN || undefined);
      const client = clientFromFlags(flags, io.env, runToken);
      const ended = await client.finishRun(runId, flags.outcome as RunOutcome);
      io.stdout(
        flags.json ? `${JSON.stringify(ended, null, 2)}\n` : `${ended.id} ${ended.state}\n`,
      );
    });
}

function addDeadlineOption(command: Command): Command {
  return command.option(
    '--deadline <duration>',
    'how long the run may mint, 1m..24h, e.g. 2h or 90m (default 1h); no token outlives it',
  );
}

/** The body of `POST /api/v1/runs` from the flags; every mistake is a usage error. */
function createRunRequest(flags: StartFlags, env: Env): CreateRunRequest {
  const request: CreateRunRequest = runIdentityFromFlags(flags, env);
  if (flags.deadline === undefined) return request;
  let seconds: number;
  try {
    seconds = durationSeconds(flags.deadline, '--deadline');
  } catch (error) {
    throw usageError('--deadline', (error as Error).message.replace(/^--deadline /, ''));
  }
  if (seconds < DEADLINE_MIN_SECONDS || seconds > DEADLINE_MAX_SECONDS) {
    throw usageError(
      '--deadline',
      `must be between 1m and 24h (a run is never extended), got ${flags.deadline}`,
    );
  }
  return { ...request, deadline: formatDuration(seconds) };
}

/**
 * Checks everything it can (flags, the command) before the run is created, creates it with the
 * client key, runs the command with the run credential instead of the key, and finishes the run
 * with the command's outcome. Resolves with the command's exit code.
 */
async function runCommand(command: string, args: string[], flags: StartFlags, io: Io) {
  const warn = (message: string) => io.stderr(`runid: ${message}\n`);
  const request = createRunRequest(flags, io.env);
  const client = clientFromFlags(flags, io.env);
  // A command that cannot start fails now (127/126), before a run is created for nothing.
  const problem = await commandProblem(command, io.env.PATH);
  if (problem !== undefined) {
    warn(problem.message);
    return problem.code;
  }
  // From before the run exists until it is finished, a SIGINT/SIGTERM/… must not kill runid and
  // leave the run live: it is recorded, and the run ends `cancelled`.
  let cancelledBy: NodeJS.Signals | undefined;
  const record = (signal: NodeJS.Signals) => {
    cancelledBy ??= signal;
  };
  for (const signal of CANCELLING) process.on(signal, record);
  try {
    const created = await client.createRun(request);
    let code: number;
    if (cancelledBy === undefined) {
      const env: NodeJS.ProcessEnv = {
        ...childEnvWithoutKeys(io.env),
        RUNID_URL: client.baseUrl,
        RUNID_RUN_ID: created.id,
        RUNID_RUN_TOKEN: created.credential,
      };
      code = await runChild(command, args, env, warn);
    } else {
      // Cancelled while the run was being created: the command never starts.
      code = SIGNAL_EXIT_BASE + (constants.signals[cancelledBy] ?? 0);
    }
    const outcome: RunOutcome =
      cancelledBy !== undefined ? 'cancelled' : code === 0 ? 'succeeded' : 'failed';
    await finishQuietly(client, created.id, outcome, created.deadline, warn);
    return code;
  } finally {
    for (const signal of CANCELLING) process.off(signal, record);
  }
}

/**
 * The command's exit code is what runid answers, so a run that cannot be finished is a warning:
 * it ends by itself at its deadline.
 */
async function finishQuietly(
  client: RunIdClient,
  runId: string,
  outcome: RunOutcome,
  deadline: string,
  warn: (message: string) => void,
): Promise<void> {
  try {
    await client.finishRun(runId, outcome);
  } catch (error) {
    const { message } = report(error);
    warn(
      `could not finish run ${runId} as ${outcome}; it ends by itself at ${deadline}\n${message}`,
    );
  }
}

/** A POSIX shell word: ids and credentials are base64url, but quote anyway. */
function shellQuote(value: string): string {
  return /^[\w.-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
