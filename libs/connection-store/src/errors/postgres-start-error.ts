import { redact } from '@attio-auth/attio-errors';
import { ConnectionStoreError, ConnectionStoreErrorCode } from './connection-store-error.js';

/** What the PostgreSQL driver knows when opening (connecting and migrating) failed. */
export interface PostgresStartContext {
  /** host:port/database, without credentials. */
  target: string;
  /** The URL, only so its password can be masked out of the server's message. */
  connectionString: string;
  connectTimeoutMs: number;
  /** A socket connected and never received a byte: something listens there but is not answering. */
  sawSilentServer: boolean;
}

/** pg's wording for a connection attempt (or a wait for a pooled client) cut by connectionTimeoutMillis. */
const CONNECT_TIMEOUT =
  /connection timeout|timeout exceeded when trying to connect|timeout expired/i;

/**
 * The error a failed PostgreSQL start-up becomes: `STORE_MIGRATION_FAILED`, naming host:port/db,
 * the server's own reason (`database "x" does not exist`, `password authentication failed for user
 * "app"`, with its SQLSTATE) and what to check. A connect timeout says whether the server accepted
 * TCP and then went silent, or never answered TCP at all. The URL's password never appears.
 *
 * @example
 * ```ts
 * catch (err) { throw postgresStartError(err, { target, connectionString, connectTimeoutMs: 5000, sawSilentServer }); }
 * ```
 */
export function postgresStartError(
  err: unknown,
  context: PostgresStartContext,
): ConnectionStoreError {
  const where = `Could not open the PostgreSQL database at ${context.target}`;
  const message = reasonOf(err);
  if (CONNECT_TIMEOUT.test(message)) {
    return new ConnectionStoreError(
      ConnectionStoreErrorCode.MIGRATION_FAILED,
      context.sawSilentServer
        ? `${where}: connected but got no answer within ${context.connectTimeoutMs} ms. Check that the ` +
          'database URL points at PostgreSQL (not another service) and that the server is not overloaded or stuck.'
        : `${where}: no connection within ${context.connectTimeoutMs} ms. Check the host and port in the ` +
          'database URL and that no firewall drops the traffic.',
      { cause: err },
    );
  }
  const code = (err as { code?: unknown } | null)?.code;
  const reason = redact(message, secretsOf(context.connectionString));
  const suffix = typeof code === 'string' && !reason.includes(code) ? ` (${code})` : '';
  return new ConnectionStoreError(
    ConnectionStoreErrorCode.MIGRATION_FAILED,
    `Could not open or migrate the PostgreSQL database at ${context.target}` +
      `${reason === '' ? suffix : `: ${reason}${suffix}`}. Check the database URL, that the server is ` +
      'reachable and that the user may create tables in the schema.',
    { cause: err },
  );
}

/**
 * The driver's message; an AggregateError (every address of a host refused) has none of its own.
 * Read by shape, not `instanceof Error`: socket errors may come from another realm (Jest's VM).
 */
function reasonOf(err: unknown): string {
  const { message, errors } = (err ?? {}) as { message?: unknown; errors?: unknown };
  if (typeof message !== 'string') return String(err ?? '');
  if (message !== '' || !Array.isArray(errors)) return message;
  const first = (errors[0] ?? {}) as { message?: unknown };
  return typeof first.message === 'string' ? first.message : '';
}

function secretsOf(connectionString: string): string[] {
  try {
    const password = new URL(connectionString).password;
    return password === '' ? [] : [password, decodeURIComponent(password)];
  } catch {
    return [];
  }
}
