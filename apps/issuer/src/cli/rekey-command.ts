import { systemActor } from '../audit/events.js';
import { IssuerError } from '../errors.js';
import { loadKek } from '../keys/kek.js';
import { type RekeyResult, rekeyStore } from '../keys/rekey.js';
import type { IssuerServices } from '../services.js';

/** `runid-issuer keys rekey`: the new KEK is RUNID_KEK, the one the keys are under RUNID_KEK_PREVIOUS. */
export async function rekey(services: IssuerServices): Promise<RekeyResult & { next: string }> {
  const { config } = services;
  if (config.previousKek === undefined) {
    throw new IssuerError(
      'cli_usage',
      'Set RUNID_KEK (or RUNID_KEK_FILE) to the new key-encryption key and RUNID_KEK_PREVIOUS (or RUNID_KEK_PREVIOUS_FILE) to the one the keys are encrypted under now.',
    );
  }
  const crashAt = config.testHooks.crashAt;
  const result = await rekeyStore(services.store, {
    kek: loadKek(config.kek).key,
    previous: config.previousKek,
    replica: `${services.rotator.replica}:rekey`,
    clock: services.clock,
    ...(crashAt !== undefined && {
      hook: (point: string) => {
        // TEST-ONLY (RUNID_TEST_HOOKS=1): die inside the transaction, before its commit.
        if (point === crashAt) process.kill(process.pid, 'SIGKILL');
      },
    }),
  });
  // Recorded after the commit (the store command has no request; the actor is the command).
  await services.events.record({
    type: 'key.rekeyed',
    actor: systemActor('rekey'),
    detail: { ...result, replica: services.rotator.replica },
  });
  return {
    ...result,
    next: 'Every key is now sealed under RUNID_KEK. Restart each replica without RUNID_KEK_PREVIOUS, then retire the previous KEK.',
  };
}
