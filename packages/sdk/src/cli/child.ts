import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { EXIT, SIGNAL_EXIT_BASE } from './exit-codes.js';

const FORWARDED: NodeJS.Signals[] = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR1',
  'SIGUSR2',
];

/**
 * Runs the command with inherited stdio, forwards the signals runid receives, and resolves with
 * the code runid should exit with: the child's own, 128 + N when a signal killed it, 127/126 when
 * it could not start.
 */
export function runChild(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onStartError: (message: string) => void,
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => {
      child.kill(signal);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    const cleanup = () => {
      for (const signal of FORWARDED) process.off(signal, forward);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      if (error.code === 'ENOENT') {
        onStartError(`command not found: ${command} (check PATH, or give a full path)`);
        resolve(EXIT.notFound);
      } else {
        onStartError(`cannot run ${command}: ${error.message}`);
        resolve(EXIT.cannotExecute);
      }
    });
    child.once('exit', (code, signal) => {
      cleanup();
      if (code !== null) resolve(code);
      else resolve(SIGNAL_EXIT_BASE + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}
