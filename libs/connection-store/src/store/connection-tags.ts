import type { SqlSession } from '../drivers/sql-driver.js';

/** Workspace ids per `IN (…)` list when deleting tags of many connections (well under both drivers' limits). */
const DELETE_CHUNK = 500;

/**
 * Replaces a connection's rows in `connection_tags` with `tags` (the filter index; the row's own
 * `owner_tags` JSON is what reads return). Call it inside the transaction that writes the row.
 *
 * @example
 * ```ts
 * await driver.transaction((tx) => replaceTags(tx, 'ws-1', { team: 'growth' }));
 * ```
 */
export async function replaceTags(
  tx: SqlSession,
  workspaceId: string,
  tags: Record<string, string>,
): Promise<void> {
  await tx.run('DELETE FROM connection_tags WHERE workspace_id = $1', [workspaceId]);
  const entries = Object.entries(tags);
  if (entries.length === 0) return;
  // One multi-row INSERT (at most OWNER_LIMITS.maxTags rows, so a handful of statement texts).
  const rows = entries.map((_, i) => `($1, $${2 * i + 2}, $${2 * i + 3})`).join(', ');
  await tx.run(`INSERT INTO connection_tags (workspace_id, key, value) VALUES ${rows}`, [
    workspaceId,
    ...entries.flat(),
  ]);
}

/**
 * Deletes the tag rows of the given connections (after their rows were hard-deleted).
 *
 * @example
 * ```ts
 * await deleteTagsOf(tx, ['ws-1', 'ws-2']);
 * ```
 */
export async function deleteTagsOf(tx: SqlSession, workspaceIds: readonly string[]): Promise<void> {
  for (let i = 0; i < workspaceIds.length; i += DELETE_CHUNK) {
    const chunk = workspaceIds.slice(i, i + DELETE_CHUNK);
    const list = chunk.map((_, j) => `$${j + 1}`).join(', ');
    await tx.run(`DELETE FROM connection_tags WHERE workspace_id IN (${list})`, chunk);
  }
}
