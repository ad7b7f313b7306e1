import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import { generateApiKey, hashApiKey, randomId } from './secrets.js';

export interface BootstrapResult {
  /** The admin key from the environment, or the one generated now; '' when neither. */
  adminKey: string;
  generated: boolean;
}

/**
 * The first admin key: `RUNID_BOOTSTRAP_ADMIN_KEY` (it replaces the previous bootstrap key), or a
 * generated one when no admin key exists yet. Only its hash is stored.
 */
export async function bootstrapAdmin(
  store: Store,
  envKey: string | undefined,
  clock: Clock,
): Promise<BootstrapResult> {
  if (envKey === undefined && (await store.countAdminKeys()) > 0)
    return { adminKey: '', generated: false };
  const adminKey = envKey ?? generateApiKey('admin');
  await store.putAdminKey({
    id: randomId('adm'),
    name: 'bootstrap',
    keyHash: hashApiKey(adminKey),
    createdAt: new Date(clock()),
    disabledAt: null,
  });
  return { adminKey, generated: envKey === undefined };
}
