import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import { CREATE_MIGRATIONS_TABLE, MIGRATIONS_TABLE } from './migrations.js';
import type { Migration, SqlDialect, SqlSession } from './sql-driver.js';

/**
 * Applies every migration newer than the recorded versions, inside the caller's transaction (which
 * already holds the driver's migration lock). Returns the versions applied by this call.
 *
 * @example
 * ```ts
 * await driver.transaction((tx) => applyMigrations(tx, driver.dialect, MIGRATIONS, Date.now()));
 * ```
 */
export async function applyMigrations(
  session: SqlSession,
  dialect: SqlDialect,
  migrations: readonly Migration[],
  nowMs: number,
): Promise<number[]> {
  await session.run(CREATE_MIGRATIONS_TABLE);
  const rows = await session.all<{ version: number | string }>(
    `SELECT version FROM ${MIGRATIONS_TABLE}`,
  );
  const applied = new Set(rows.map((r) => Number(r.version)));
  const known = new Set(migrations.map((m) => m.version));
  const unknown = [...applied].filter((v) => !known.has(v));
  if (unknown.length > 0) {
    throw new ConnectionStoreError(
      ConnectionStoreErrorCode.MIGRATION_FAILED,
      `The database has schema version(s) ${unknown.sort((a, b) => a - b).join(', ')} that this version of ` +
        'connection-store does not know. Upgrade the application instead of running an older one against it.',
    );
  }
  const done: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    for (const statement of migration.statements(dialect)) await session.run(statement);
    await session.run(
      `INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at_ms) VALUES ($1, $2, $3)`,
      [migration.version, migration.name, nowMs],
    );
    done.push(migration.version);
  }
  return done;
}
