import {
  ConnectionStoreError,
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
 *
 * @example
 * ```ts
 * const store = await openStore(config, logger);
 * ```
 */
export async function openStore(config: Config, logger: Logger): Promise<ConnectionStore> {
  let keyRing;
  if (config.store.tokenEncryptionKeys !== undefined) {
    keyRing = parseKeyRing(config.store.tokenEncryptionKeys);
  } else {
    // loadConfig only lets this through in dev mode.
    const dev = loadOrCreateDevKeyRing(config.store.dataDir);
    logger.warn(
      { keyFile: dev.path, created: dev.created },
      `DEV MODE: TOKEN_ENCRYPTION_KEYS is not set, so tokens are encrypted with a ${dev.created ? 'NEWLY GENERATED' : 'generated'} ` +
        `development key stored in ${dev.path}. Anyone with that file can decrypt them. ` +
        'Never run like this in production: set TOKEN_ENCRYPTION_KEYS.',
    );
    keyRing = dev.keyRing;
  }
  const databaseUrl =
    config.store.databaseUrl ?? `sqlite:${config.store.dataDir}/connections.sqlite`;
  try {
    return await openConnectionStore({ databaseUrl, keyRing, ...postgresStoreOptions(config) });
  } catch (err) {
    if (!isConnectionStoreError(err) || config.store.databaseUrl === undefined) throw err;
    throw new ConnectionStoreError(err.code, `DATABASE_URL: ${err.message}`, { cause: err });
  }
}
