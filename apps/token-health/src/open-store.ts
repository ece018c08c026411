import {
  openConnectionStore,
  parseKeyRing,
  type ConnectionStore,
} from '@attio-auth/connection-store';
import type { HealthConfig } from './config.js';

/** How the app opens its store; tests inject one with a fresh PostgreSQL schema or an injected clock. */
export type StoreOpener = (
  config: HealthConfig,
  options?: { poolSize?: number },
) => Promise<ConnectionStore>;

/** The store could not be opened: a configuration problem (exit 78). Never contains a secret. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}

/** Masks `user:password@` in a connection URL before it reaches a message. */
export function maskDatabaseUrl(text: string): string {
  return text.replace(/(\w+:\/\/)[^/@\s]*@/g, '$1***@');
}

/**
 * Opens the connection store from DATABASE_URL and TOKEN_ENCRYPTION_KEYS (the same variables the
 * oauth-callback service writes with), turning every failure into a {@link StoreOpenError} that says
 * which variable to fix.
 *
 * @example
 * const store = await openStoreFromConfig(loadConfig(process.env));
 */
export const openStoreFromConfig: StoreOpener = async (config, options = {}) => {
  if (!config.TOKEN_ENCRYPTION_KEYS) {
    throw new StoreOpenError(
      'TOKEN_ENCRYPTION_KEYS is not set: it is needed to decrypt stored tokens (use the same value as the ' +
        'oauth-callback service). To check only --tokens-file entries, pass --skip-store.',
    );
  }
  let keyRing;
  try {
    keyRing = parseKeyRing(config.TOKEN_ENCRYPTION_KEYS);
  } catch (error) {
    // parseKeyRing's own message explains the expected kid:base64 form without echoing key material.
    throw new StoreOpenError(`TOKEN_ENCRYPTION_KEYS is invalid: ${(error as Error).message}`);
  }
  try {
    return await openConnectionStore({
      databaseUrl: config.DATABASE_URL,
      keyRing,
      poolSize: options.poolSize,
    });
  } catch (error) {
    throw new StoreOpenError(
      `Cannot open the connection store (DATABASE_URL=${maskDatabaseUrl(config.DATABASE_URL ?? '(unset: SQLite default)')}): ` +
        `${maskDatabaseUrl((error as Error).message)}`,
    );
  }
};
