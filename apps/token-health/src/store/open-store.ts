import {
  openConnectionStore,
  type EventOutbox,
  parseKeyRing,
  type HealthLedger,
  type HealthRounds,
  type ObservationLedger,
  type KeyRotation,
  type RunLocks,
  type StoreHandle,
} from '@attio-auth/connection-store';
import type { HealthConfig } from '../config.js';
import type { IncidentEvents } from '../round/incident-log.js';
import type { RoundStore } from '../round/health-round.js';

/**
 * The roles of the connection store the checker uses: lease and record health and rounds, run locks, the key ids
 * in use (checked against the ring before each round), incident events (the outbox), close.
 */
export type HealthStore = HealthLedger &
  Pick<ObservationLedger, 'leaseFlagged' | 'skipSeenHealthy'> &
  Pick<HealthRounds, 'recordRound'> &
  RunLocks &
  Pick<KeyRotation, 'keyIdsInUse'> &
  IncidentEvents &
  StoreHandle &
  Pick<EventOutbox, 'fanOutEvents' | 'leaseDeliveries' | 'recordDeliveries'>;

/**
 * `--skip-store`: a ledger with nothing to lease, so a round treats "no store" like an empty one.
 *
 * @example
 * await runRound({ ...context, store: NO_STORE }); // checks the tokens-file entries only
 */
export const NO_STORE: RoundStore = Object.freeze({
  lease: async () => [],
  leaseFlagged: async () => [],
  skipSeenHealthy: async () => 0,
  record: async (entries: readonly unknown[]) => entries.map(() => undefined),
  countConnections: async () => 0,
  recordRound: async () => undefined,
});

/** How the app opens its store; tests inject one with a fresh PostgreSQL schema or an injected clock. */
export type StoreOpener = (
  config: HealthConfig,
  options?: { poolSize?: number },
) => Promise<HealthStore>;

/** The store could not be opened: a configuration problem (exit 78). Never contains a secret. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}

/**
 * Masks `user:password@` in a connection URL before it reaches a message.
 *
 * @example
 * maskDatabaseUrl('postgres://app:s3cret@db/health'); // 'postgres://***@db/health'
 */
export function maskDatabaseUrl(text: string): string {
  return text.replace(/(\w+:\/\/)[^/@\s]*@/g, '$1***@');
}

/**
 * Opens the connection store from DATABASE_URL and TOKEN_ENCRYPTION_KEYS (the same variables the
 * oauth-callback service writes with) and the DATABASE_*_TIMEOUT_MS timeouts, turning every failure into a {@link StoreOpenError} that says
 * which variable to fix.
 *
 * @example
 * const store = await openStoreFromConfig(loadConfig(process.env), { poolSize: 18 });
 */
export const openStoreFromConfig: StoreOpener = async (config, options = {}) => {
  const { databaseUrl, tokenEncryptionKeys, postgres } = config.store;
  if (!tokenEncryptionKeys) {
    throw new StoreOpenError(
      'TOKEN_ENCRYPTION_KEYS is not set: it is needed to decrypt stored tokens (use the same value as the ' +
        'oauth-callback service). To check only --tokens-file entries, pass --skip-store.',
    );
  }
  let keyRing;
  try {
    keyRing = parseKeyRing(tokenEncryptionKeys);
  } catch (error) {
    // parseKeyRing's own message explains the expected kid:base64 form without echoing key material.
    throw new StoreOpenError(`TOKEN_ENCRYPTION_KEYS is invalid: ${(error as Error).message}`);
  }
  try {
    return await openConnectionStore({
      databaseUrl,
      keyRing,
      poolSize: options.poolSize,
      connectTimeoutMs: postgres.connectTimeoutMs,
      statementTimeoutMs: postgres.statementTimeoutMs,
      lockTimeoutMs: postgres.lockTimeoutMs,
    });
  } catch (error) {
    throw new StoreOpenError(
      `Cannot open the connection store (DATABASE_URL=${maskDatabaseUrl(databaseUrl ?? '(unset: SQLite default)')}): ` +
        `${maskDatabaseUrl((error as Error).message)}`,
    );
  }
};
