import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import { BOOTSTRAP_CREDENTIAL } from './admin-credentials.js';
import { generateApiKey, hashApiKey, randomId } from './secrets.js';

export interface BootstrapResult {
  /** The admin key from the environment, or the one generated now; '' when neither. */
  adminKey: string;
  generated: boolean;
  /** The environment's key belongs to a revoked credential: it stays revoked. */
  revoked?: boolean;
}

/**
 * The bootstrap credential: an admin credential named `bootstrap` with the role `admin`.
 * `RUNID_BOOTSTRAP_ADMIN_KEY` sets its key (a changed value replaces the key of the `bootstrap`
 * credential that is not revoked, or creates one); a key already stored is left alone, so a
 * revoked one is never revived by a restart. Without it, a key is generated when no `admin`
 * credential is active (the first start). Only hashes are stored.
 */
export async function bootstrapAdmin(
  store: Store,
  envKey: string | undefined,
  clock: Clock,
): Promise<BootstrapResult> {
  const now = clock();
  if (envKey !== undefined) {
    const known = await store.findAdminKeyByHash(hashApiKey(envKey));
    if (known !== undefined) {
      const revoked = known.revokedAt !== null;
      return { adminKey: revoked ? '' : envKey, generated: false, revoked };
    }
  } else if ((await store.countAdminKeys(new Date(now))) > 0) {
    return { adminKey: '', generated: false };
  }
  const adminKey = envKey ?? generateApiKey('admin');
  await store.putAdminKey({
    id: randomId('adm'),
    name: BOOTSTRAP_CREDENTIAL,
    keyHash: hashApiKey(adminKey),
    role: 'admin',
    createdAt: new Date(now),
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
  });
  return { adminKey, generated: envKey === undefined };
}
