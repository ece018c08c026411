import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Owner-only directory: tokens, keys and the database live in it. */
export const PRIVATE_DIR_MODE = 0o700;
/** Owner-only file: the SQLite database, its `-wal`/`-shm`, the dev key file. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * What {@link ensurePrivateDirectory} found or made.
 *
 * @example
 * ```ts
 * const { created, mode } = ensurePrivateDirectory('./.data');
 * ```
 */
export interface PrivateDirectory {
  /** The absolute path. */
  path: string;
  /** True when this call created it (then its mode is exactly 0700). */
  created: boolean;
  /** Its permission bits now (`mode & 0o777`). */
  mode: number;
  /** True when group or others have any access: the caller should warn (it was there before). */
  tooOpen: boolean;
}

/**
 * Creates `dir` (and missing parents) owner-only, 0700 whatever the umask. A directory that already
 * exists is left as it is — it may be a mounted volume or shared on purpose — and reported with
 * `tooOpen` when group or others can enter it, so the app can say so; the files inside are still
 * made 0600 by their writers.
 *
 * @example
 * ```ts
 * const dir = ensurePrivateDirectory(config.store.dataDir);
 * if (dir.tooOpen) logger.warn({ dir: dir.path }, `chmod 700 ${dir.path}`);
 * ```
 */
export function ensurePrivateDirectory(dir: string): PrivateDirectory {
  const path = resolve(dir);
  const first = mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (first !== undefined) {
    // mkdir's mode is filtered by the umask; chmod is not. Walk from the deepest new directory up.
    for (let p = path; p.length >= first.length; p = dirname(p)) {
      chmodSync(p, PRIVATE_DIR_MODE);
      if (p === first) break;
    }
  }
  const mode = statSync(path).mode & 0o777;
  return { path, created: first !== undefined, mode, tooOpen: (mode & 0o077) !== 0 };
}

/**
 * Makes `path` owner-only (0600) if it exists; creates it empty and 0600 first when `create` is set.
 * Returns false when it does not exist (and was not created).
 *
 * @example
 * ```ts
 * restrictFileToOwner(`${file}-wal`);
 * ```
 */
export function restrictFileToOwner(path: string, options: { create?: boolean } = {}): boolean {
  if (options.create) closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  if (mode !== PRIVATE_FILE_MODE) chmodSync(path, PRIVATE_FILE_MODE);
  return true;
}
