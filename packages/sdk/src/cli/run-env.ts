import type { Env } from '../aws/endpoint.js';

/**
 * The environment of a command started by `runid run` / `runid exec`, without the secrets that
 * mint RunID tokens on their own: `RUNID_API_KEY`, and every other `RUNID_…_KEY` / `RUNID_KEK`
 * variable with its `_FILE` form (`RUNID_API_KEY_FILE`, `RUNID_BOOTSTRAP_ADMIN_KEY`, …). `runid run`
 * then adds the run's credential, which mints only inside the run and dies with it.
 */
export function childEnvWithoutKeys(env: Env): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (!isKeyVariable(name)) child[name] = value;
  }
  return child;
}

export function isKeyVariable(name: string): boolean {
  return /^RUNID_(?:\w+_)?(?:KEY|KEK)(?:_PREVIOUS)?(?:_FILE)?$/.test(name);
}
