import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDirectory, restrictFileToOwner } from '../files/private-files.js';
import { generateKeyRingEntry, parseKeyRing, type KeyRing } from './key-ring.js';

/**
 * Result of {@link loadOrCreateDevKeyRing}. `value` holds key material: never print it.
 *
 * @example
 * ```ts
 * const { keyRing, created, path } = loadOrCreateDevKeyRing();
 * ```
 */
export interface DevKeyRing {
  keyRing: KeyRing;
  /** True when this call generated the key: the app must say so loudly (tokens depend on that file). */
  created: boolean;
  /** The file holding the key ring value. */
  path: string;
  /** The `kid:base64` value, e.g. to hand to a second process in the same demo. */
  value: string;
}

/**
 * File name of the generated dev key inside `dir`.
 *
 * @example
 * ```ts
 * join('./.data', DEV_KEY_FILE); // ./.data/dev-encryption-key
 * ```
 */
export const DEV_KEY_FILE = 'dev-encryption-key';

/**
 * Demo/dev mode only: loads the key ring from `<dir>/dev-encryption-key`, generating one if the file
 * does not exist. The file is made 0600 (an existing one too) and a new `dir` 0700, whatever the
 * umask. Production refuses to start without `TOKEN_ENCRYPTION_KEYS`; this is the exception so
 * `npm start` works on a fresh checkout.
 *
 * @example
 * ```ts
 * const dev = loadOrCreateDevKeyRing('./.data');
 * if (dev.created) logger.warn({ path: dev.path }, 'generated a DEV encryption key; do not use in production');
 * ```
 */
export function loadOrCreateDevKeyRing(dir = './.data'): DevKeyRing {
  const path = join(dir, DEV_KEY_FILE);
  const existing = readIfExists(path);
  if (existing !== undefined) {
    restrictFileToOwner(path);
    return {
      keyRing: parseKeyRing(existing),
      created: false,
      path,
      value: existing,
    };
  }
  ensurePrivateDirectory(dir);
  const value = generateKeyRingEntry('dev');
  try {
    // 'wx' fails if another process created the file meanwhile; then we use theirs.
    writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
    restrictFileToOwner(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const theirs = readIfExists(path) as string;
    return {
      keyRing: parseKeyRing(theirs),
      created: false,
      path,
      value: theirs,
    };
  }
  return { keyRing: parseKeyRing(value), created: true, path, value };
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
