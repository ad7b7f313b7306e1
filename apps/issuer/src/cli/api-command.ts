import { readFileSync } from 'node:fs';
import type { RunIdClient } from '@runid/sdk';
import type { Command } from 'commander';
import type { Env } from '../config/load.js';
import { IssuerError } from '../errors.js';
import { addConnectionOptions, apiClient, type ConnectionFlags } from './api-connection.js';

/** What a command of `runid-issuer` may touch: its environment and its two output streams. */
export interface CliContext {
  env: Env;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The API's JSON answer, pretty-printed: what `--json` prints. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Declares a command that speaks the issuer's API: the connection options and `--json`, and an
 * action that gets the SDK client. `render` turns the answer into the readable form.
 */
export function apiCommand<Flags extends ConnectionFlags, Args extends unknown[], Answer>(
  parent: Command,
  name: string,
  description: string,
  context: CliContext,
  run: (client: RunIdClient, flags: Flags, ...args: Args) => Promise<Answer>,
  render: (answer: Answer, flags: Flags) => string,
): Command {
  const command = addConnectionOptions(parent.command(name).description(`${description} (API)`));
  command.action(async (...received: unknown[]) => {
    // Commander passes the positional arguments, then the options, then the command.
    const flags = received.at(-2) as Flags;
    const args = received.slice(0, -2) as Args;
    const client = apiClient(flags, context.env);
    const answer = await run(client, flags, ...args);
    context.stdout(flags.json === true ? jsonText(answer) : render(answer, flags));
  });
  return command;
}

/** A JSON option value, inline or `@file`. */
export function jsonArg(text: string, what: string): unknown {
  let source = text;
  if (text.startsWith('@')) {
    try {
      source = readFileSync(text.slice(1), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new IssuerError(
        'cli_usage',
        `${what} names ${text.slice(1)}, which cannot be read (${code}).`,
      );
    }
  }
  try {
    return JSON.parse(source);
  } catch {
    throw new IssuerError('cli_usage', `${what} must be JSON (or @file with JSON).`);
  }
}

/** A positive integer option (`--limit`). */
export function positiveInteger(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new IssuerError(
      'cli_usage',
      `${what} must be a positive integer, not ${JSON.stringify(text)}.`,
    );
  }
  return value;
}
