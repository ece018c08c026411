/**
 * Stable codes for every failure the connection store reports. Apps map them to exit codes, HTTP
 * statuses and remedies; the strings never change once released.
 *
 * @example
 * ```ts
 * if (err.code === ConnectionStoreErrorCode.KEY_UNKNOWN) process.exitCode = 2;
 * ```
 */
export const ConnectionStoreErrorCode = {
  /** The database URL, schema name or another option passed to the store is invalid. */
  CONFIG_INVALID: 'STORE_CONFIG_INVALID',
  /** The key ring value is malformed (empty, bad entry, bad base64, wrong key length, duplicate id). */
  KEY_INVALID: 'STORE_KEY_INVALID',
  /** A stored token was encrypted with a key id that is not in the key ring. */
  KEY_UNKNOWN: 'STORE_KEY_UNKNOWN',
  /** No key of the ring matches any key id in the store: every stored token is undecryptable (a config error). */
  KEY_RING_MISMATCH: 'STORE_KEY_RING_MISMATCH',
  /** The ciphertext failed authentication (wrong key for that id, tampered row, row moved to another workspace). */
  DECRYPT_FAILED: 'STORE_DECRYPT_FAILED',
  /** An argument passed to a store method is invalid (empty workspace id, empty token, bad limit, …). */
  INPUT_INVALID: 'STORE_INPUT_INVALID',
  /** No connection exists for the workspace the caller named. */
  CONNECTION_NOT_FOUND: 'STORE_CONNECTION_NOT_FOUND',
  /** An install state with the same value already exists. */
  STATE_EXISTS: 'STORE_STATE_EXISTS',
  /** An install session with the same id already exists. */
  INSTALL_SESSION_EXISTS: 'STORE_INSTALL_SESSION_EXISTS',
  /** A connection owner (display name or tags) is invalid; the message names the offending field or tag key. */
  OWNER_INVALID: 'STORE_OWNER_INVALID',
  /** The store was closed; open a new one. */
  CLOSED: 'STORE_CLOSED',
  /** The database did not answer a query (server down, network, dropped database); the caller may retry. */
  UNAVAILABLE: 'STORE_UNAVAILABLE',
  /** The driver package for the database URL (`better-sqlite3` or `pg`) is not installed. */
  DRIVER_MISSING: 'STORE_DRIVER_MISSING',
  /** The database could not be opened or migrated. */
  MIGRATION_FAILED: 'STORE_MIGRATION_FAILED',
} as const;

/**
 * One of the {@link ConnectionStoreErrorCode} values.
 *
 * @example
 * ```ts
 * const code: ConnectionStoreErrorCode = 'STORE_CLOSED';
 * ```
 */
export type ConnectionStoreErrorCode =
  (typeof ConnectionStoreErrorCode)[keyof typeof ConnectionStoreErrorCode];

/**
 * The one error class of the connection store. `code` is stable; `message` says what happened and what
 * to do. Messages never contain a token, key material or a database password.
 *
 * @example
 * ```ts
 * try {
 *   await store.getToken(workspaceId);
 * } catch (err) {
 *   if (isConnectionStoreError(err) && err.code === 'STORE_KEY_UNKNOWN') {
 *     console.error(err.message); // names the missing key id and how to fix it
 *   }
 * }
 * ```
 */
export class ConnectionStoreError extends Error {
  override readonly name = 'ConnectionStoreError';
  readonly code: ConnectionStoreErrorCode;

  constructor(code: ConnectionStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  /** A log-safe plain object (the cause is reduced to its name/code so no driver detail leaks secrets). */
  toJSON(): { name: string; code: ConnectionStoreErrorCode; message: string } {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/**
 * Guard by `instanceof` or by `name`, so it also works across duplicated module copies.
 *
 * @example
 * ```ts
 * if (isConnectionStoreError(err)) console.error(err.code);
 * ```
 */
export function isConnectionStoreError(value: unknown): value is ConnectionStoreError {
  return (
    value instanceof ConnectionStoreError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'ConnectionStoreError' &&
      typeof (value as { code?: unknown }).code === 'string')
  );
}
