import { MAX_KID_LENGTH } from './header.js';
import { isPlainObject } from './json.js';
import { type KeyEntry, toKeyEntry } from './jwk.js';

/** Entra keeps only the first 100 keys of a JWKS; a set larger than that is junk or an attack. */
export const MAX_JWKS_KEYS = 100;

/** A parsed JWKS: entries by kid (a kid may repeat, e.g. one RSA and one EC key). */
export type KeySet = ReadonlyMap<string, readonly KeyEntry[]>;

export type KeySetResult =
  | { ok: true; keys: KeySet; usable: number }
  | { ok: false; reason: string };

/** Could verify some algorithm: sound public material meant for signatures. */
function canSign(entry: KeyEntry): boolean {
  return (
    entry.unusable === undefined &&
    (entry.use === undefined || entry.use === 'sig') &&
    (entry.keyOps === undefined || entry.keyOps.includes('verify'))
  );
}

/**
 * Turns a JWKS document into a key set. Members that are not keys this verifier can use are
 * skipped; a set with no usable key at all is a failure (the caller keeps the last good set rather
 * than trusting nothing or anything). `previous` lets unchanged keys keep their imported KeyObjects.
 */
export function parseKeySet(document: unknown, previous?: KeySet): KeySetResult {
  if (!isPlainObject(document) || !Array.isArray(document.keys)) {
    return { ok: false, reason: 'the JWKS has no "keys" array' };
  }
  const members: unknown[] = document.keys;
  if (members.length > MAX_JWKS_KEYS) {
    return { ok: false, reason: `the JWKS has more than ${MAX_JWKS_KEYS} keys` };
  }
  const keys = new Map<string, KeyEntry[]>();
  let usable = 0;
  for (const member of members) {
    let entry = toKeyEntry(member, MAX_KID_LENGTH);
    if (entry === undefined) continue;
    const kept = previous?.get(entry.kid)?.find((old) => old.fingerprint === entry?.fingerprint);
    if (kept !== undefined) entry = kept;
    if (canSign(entry)) usable++;
    const list = keys.get(entry.kid);
    if (list === undefined) keys.set(entry.kid, [entry]);
    else if (!list.includes(entry)) list.push(entry);
  }
  if (usable === 0) return { ok: false, reason: 'the JWKS has no usable public signing key' };
  return { ok: true, keys, usable };
}
