import type { Clock } from '../clock.js';
import { IssuerError } from '../errors.js';
import type { Store } from '../store/store.js';
import { ISSUERS } from './ensure-keys.js';
import { keyAad, open, seal } from './key-encryption.js';

export interface RekeyOptions {
  /** The new KEK (RUNID_KEK): every key ends up sealed under it. */
  kek: Buffer;
  /** The KEK the keys are sealed under now (RUNID_KEK_PREVIOUS). */
  previous: Buffer;
  /** Who committed it, in the key transition log. */
  replica: string;
  clock: Clock;
  /** TEST-ONLY: called inside the transaction just before its commit. */
  hook?: (point: string) => void;
}

export interface RekeyResult {
  /** Keys re-sealed under the new KEK by this run. */
  reencrypted: number;
  /** Keys already under the new KEK (a second run, or keys created during the change). */
  unchanged: number;
  /** Removed keys neither KEK opens (sealed under an older KEK still): left as they are. */
  skipped: number;
}

function opens(kek: Buffer, sealed: string, aad: Buffer): Buffer | undefined {
  try {
    return open(kek, sealed, aad);
  } catch {
    return undefined;
  }
}

/**
 * Re-seals every stored private key under the new KEK, in one transaction under the key lock:
 * a crash leaves every key as it was (and a second run finishes the job), and no key transition of
 * another replica interleaves. Replicas configured with both KEKs keep serving throughout; the
 * in-memory keys do not change, only their sealed form in the store. Each issuer whose keys
 * changed gets a `rekey` row in the transition log (which also tells every replica to re-read).
 */
export async function rekeyStore(store: Store, options: RekeyOptions): Promise<RekeyResult> {
  return store.withKeyLock(async (tx) => {
    const result: RekeyResult = { reencrypted: 0, unchanged: 0, skipped: 0 };
    for (const issuer of ISSUERS) {
      let changed = 0;
      for (const key of await tx.listKeys(issuer)) {
        const aad = keyAad(key.id, key.kid);
        if (opens(options.kek, key.privateKeyEnc, aad) !== undefined) {
          result.unchanged += 1;
          continue;
        }
        const plaintext = opens(options.previous, key.privateKeyEnc, aad);
        if (plaintext === undefined) {
          if (key.state === 'removed') {
            result.skipped += 1;
            continue;
          }
          throw new IssuerError(
            'kek_mismatch',
            `Signing key ${key.kid} (${issuer}, ${key.state}) opens with neither RUNID_KEK nor RUNID_KEK_PREVIOUS; nothing was changed.`,
          );
        }
        await tx.updateKeyEncryption(key.id, seal(options.kek, plaintext, aad));
        plaintext.fill(0);
        changed += 1;
      }
      if (changed > 0) {
        await tx.recordTransition({
          issuer,
          type: 'rekey',
          keyId: null,
          reason: `re-encrypted ${changed} private key(s) under the new key-encryption key`,
          replica: options.replica,
          at: new Date(options.clock()),
        });
      }
      result.reencrypted += changed;
    }
    options.hook?.('rekey-before-commit');
    return result;
  });
}
