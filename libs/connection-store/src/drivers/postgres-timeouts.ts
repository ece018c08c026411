// PostgreSQL pool timeouts, kept apart from the driver so the package's public types never mention
// `pg` (an optional peer that a SQLite-only consumer does not install).

/**
 * Timeouts of every PostgreSQL pool, in ms, so a database that is down, stuck or locked fails a
 * call in bounded time instead of holding it (and its HTTP request or health round) forever.
 * 0 turns one off, as in PostgreSQL.
 */
export interface PostgresTimeouts {
  /**
   * Opening a connection (TCP + startup + authentication) and waiting for a free pooled client when
   * all are busy. Default 5000: a healthy server on the same network answers in milliseconds.
   */
  connectTimeoutMs?: number;
  /**
   * Server-side `statement_timeout` of every session (the store's statements take milliseconds; the
   * health lease of a large batch well under a second). The client also gives up on an answer
   * {@link CLIENT_READ_MARGIN_MS} after it, for a server that stopped answering at all. Default 10000.
   */
  statementTimeoutMs?: number;
  /**
   * Server-side `lock_timeout`: how long a statement waits for a table or row lock (a migration, an
   * `ALTER TABLE`, a long transaction elsewhere) before failing with SQLSTATE 55P03. Default 3000.
   */
  lockTimeoutMs?: number;
}

/**
 * The defaults of {@link PostgresTimeouts}.
 *
 * @example
 * ```ts
 * POSTGRES_TIMEOUT_DEFAULTS.lockTimeoutMs; // 3000
 * ```
 */
export const POSTGRES_TIMEOUT_DEFAULTS: Readonly<Required<PostgresTimeouts>> = Object.freeze({
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 10_000,
  lockTimeoutMs: 3_000,
});

/**
 * How much longer than `statement_timeout` the client waits for any answer before it gives up on
 * the connection (and the pool discards it): the server cancels first when it is alive.
 */
export const CLIENT_READ_MARGIN_MS = 2_000;
