import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { EXIT } from './exit-codes.js';

/**
 * Finds `command` the way `spawn` (execvp) will, before anything is minted: a name with a `/` is a
 * path; any other name is searched in `PATH`. Resolves with `undefined` when it can be run, else
 * with the exit code (127 not found, 126 not executable) and a message.
 */
export async function commandProblem(
  command: string,
  path: string | undefined,
  cwd: string = process.cwd(),
): Promise<{ code: number; message: string } | undefined> {
  if (command === '') return { code: EXIT.notFound, message: 'command not found: (empty)' };
  const candidates = command.includes('/')
    ? [isAbsolute(command) ? command : resolve(cwd, command)]
    : (path ?? '').split(delimiter).map((dir) => join(dir === '' ? cwd : dir, command));
  let foundNotExecutable: string | undefined;
  for (const candidate of candidates) {
    const info = await stat(candidate).catch(() => undefined);
    if (info === undefined || info.isDirectory()) continue;
    try {
      await access(candidate, constants.X_OK);
      return undefined;
    } catch {
      foundNotExecutable ??= candidate;
    }
  }
  if (foundNotExecutable !== undefined) {
    return {
      code: EXIT.cannotExecute,
      message: `cannot run ${command}: ${foundNotExecutable} is not executable`,
    };
  }
  return {
    code: EXIT.notFound,
    message: `command not found: ${command} (check PATH, or give a full path)`,
  };
}
