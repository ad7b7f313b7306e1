import { RunIdArgumentError } from '../errors.js';

/** A command-line mistake: exit code 2, and the message says which flag to fix. */
export function usageError(flag: string, message: string): RunIdArgumentError {
  return new RunIdArgumentError(flag, message);
}
