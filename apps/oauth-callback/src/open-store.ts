import {
  ConnectionStoreError,
  ensurePrivateDirectory,
  findWholeStoreKeyLoss,
  isConnectionStoreError,
  loadOrCreateDevKeyRing,
  openConnectionStore,
  parseKeyRing,
  type ConnectionStore,
} from '@attio-auth/connection-store';
import type { Logger } from '@attio-auth/attio-core';

import type { Config } from './config.js';
import { postgresStoreOptions } from './store-options.js';

/**
 * Opens the connection store named by DATABASE_URL (SQLite by default) with the key ring from
 * TOKEN_ENCRYPTION_KEYS. In dev mode without keys, uses (or creates) the dev key under DATA_DIR and
 * says so loudly on every start: tokens are only as safe as that file. A failure to open names
 * DATABASE_URL, beside the store's message (host:port/db and the server's own reason, never a password).
 * DATA_DIR, when used, is created 0700; an existing one open to group or others is left alone with a
 * warning (it may be a mounted volume). Refuses to start with `STORE_KEY_RING_MISMATCH` when no key of
 * the ring matches any stored token's key id (`main.ts` exits 2 with that message).
 *
 * @example
 * ```ts
 * const store = await openStore(config, logger);
 * ```
 */
export async function openStore(config: Config, logger: Logger): Promise<ConnectionStore> {
  const { dataDir } = config.store;
  if (config.store.tokenEncryptionKeys === undefined || config.store.databaseUrl === undefined) {
    const dir = ensurePrivateDirectory(dataDir);
    if (dir.tooOpen) {
      logger.warn(
        { dataDir: dir.path, mode: dir.mode.toString(8) },
        `DATA_DIR ${dir.path} is open to group or others (mode ${dir.mode.toString(8)}). The files in it ` +
          `are 0600, but run \`chmod 700 ${dir.path}\` so nobody else can list or replace them.`,
      );
    }
  }
  let keyRing;
  if (config.store.tokenEncryptionKeys !== undefined) {
    keyRing = parseKeyRing(config.store.tokenEncryptionKeys);
  } else {
    // loadConfig only lets this through in dev mode.
    const dev = loadOrCreateDevKeyRing(dataDir);
    logger.warn(
      { keyFile: dev.path, created: dev.created },
      `DEV MODE: TOKEN_ENCRYPTION_KEYS is not set, so tokens are encrypted with a ${dev.created ? 'NEWLY GENERATED' : 'generated'} ` +
        `development key stored in ${dev.path}. Anyone with that file can decrypt them. ` +
        'Never run like this in production: set TOKEN_ENCRYPTION_KEYS.',
    );
    keyRing = dev.keyRing;
  }
  const databaseUrl = config.store.databaseUrl ?? `sqlite:${dataDir}/connections.sqlite`;
  let store;
  try {
    store = await openConnectionStore({
      databaseUrl,
      keyRing,
      sqliteBusyTimeoutMs: config.store.sqliteBusyTimeoutMs,
      ...postgresStoreOptions(config),
    });
  } catch (err) {
    if (!isConnectionStoreError(err) || config.store.databaseUrl === undefined) throw err;
    throw new ConnectionStoreError(err.code, `DATABASE_URL: ${err.message}`, { cause: err });
  }
  try {
    const loss = findWholeStoreKeyLoss(keyRing, await store.keyIdsInUse());
    if (loss) throw loss;
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
