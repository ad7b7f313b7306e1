import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KekSource } from '../config/config.js';
import { decodeKek } from '../config/load.js';
import { IssuerError } from '../errors.js';

export interface LoadedKek {
  key: Buffer;
  /** True when it was generated now (the caller warns loudly). */
  generated: boolean;
}

/** Resolves the key-encryption key: from the environment, a file, or generated (embedded store). */
export function loadKek(source: KekSource): LoadedKek {
  if (source.kind === 'env') return { key: source.key, generated: false };
  if (source.kind === 'file' || existsSync(source.path)) {
    let text: string;
    try {
      text = readFileSync(source.path, 'utf8');
    } catch (error) {
      throw new IssuerError(
        'invalid_config',
        `Cannot read the KEK file ${source.path} (RUNID_KEK_FILE).`,
        {
          cause: error,
        },
      );
    }
    const key = decodeKek(text);
    if (!/^[A-Za-z0-9+/_=-]+$/.test(text.trim()) || key.length !== 32) {
      throw new IssuerError(
        'invalid_config',
        `The KEK file ${source.path} must hold the base64 of exactly 32 bytes.`,
      );
    }
    return { key, generated: false };
  }
  const key = randomBytes(32);
  mkdirSync(dirname(source.path), { recursive: true, mode: 0o700 });
  // 'wx': never overwrite a KEK another process just wrote.
  writeFileSync(source.path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { key, generated: true };
}
