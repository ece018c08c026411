import {
  ConnectionStoreError,
  ConnectionStoreErrorCode,
} from '../errors/connection-store-error.js';
import {
  CONNECTION_COLUMNS,
  toConnection,
  type ConnectionRow,
} from './connection-row.js';
import type { StoreContext } from './store-context.js';
import type {
  Connection,
  HealthResult,
  HealthStatus,
  HealthTransition,
  LeaseDueOptions,
} from './types.js';
import {
  optionalText,
  requireDate,
  requireHealthStatus,
  requireInteger,
  requireStringArray,
  requireText,
} from './validate.js';

/**
 * Records a health check result and clears the workspace's lease, in one transaction.
 * `statusSince` moves only when the status changes (or on the first check); `consecutiveFailures`
 * counts `failed_to_check` results in a row and resets on any other status.
 *
 * @example
 * ```ts
 * const t = await recordHealth(ctx, 'ws_1', { status: 'revoked', checkedAt: new Date(), errorCode: 'ATTIO_TOKEN_INACTIVE' });
 * if (t.previous !== t.current) notify(t);
 * ```
 */
export async function recordHealth(
  ctx: StoreContext,
  workspaceId: string,
  result: HealthResult,
): Promise<HealthTransition> {
  requireText(workspaceId, 'workspaceId');
  const status = requireHealthStatus(result?.status);
  const checkedAtMs = requireDate(result.checkedAt, 'checkedAt').getTime();
  const errorCode = optionalText(result.errorCode, 'errorCode');
  const missing =
    result.missingScopes === undefined
      ? []
      : requireStringArray(result.missingScopes, 'missingScopes');
  const { dialect } = ctx.driver;
  return ctx.driver.transaction(async (tx) => {
    const rows = await tx.all<{
      health_status: HealthStatus;
      health_status_since_ms: number | string | null;
      consecutive_failures: number | string;
    }>(
      `SELECT health_status, health_status_since_ms, consecutive_failures FROM connections
       WHERE workspace_id = $1${dialect.lockSuffix}`,
      [workspaceId],
    );
    if (rows.length === 0) {
      throw new ConnectionStoreError(
        ConnectionStoreErrorCode.CONNECTION_NOT_FOUND,
        `No connection is stored for workspace "${workspaceId}"; it may have been deleted. Skip it.`,
      );
    }
    const previous = rows[0].health_status;
    const changed =
      previous !== status || rows[0].health_status_since_ms === null;
    const consecutiveFailures =
      status === 'failed_to_check'
        ? Number(rows[0].consecutive_failures) + 1
        : 0;
    await tx.run(
      `UPDATE connections SET health_status = $1,
         health_status_since_ms = $2, last_checked_at_ms = $3, consecutive_failures = $4, last_error_code = $5, missing_scopes = $6,
         lease_owner = NULL, lease_expires_at_ms = NULL
       WHERE workspace_id = $7`,
      [
        status,
        changed ? checkedAtMs : rows[0].health_status_since_ms,
        checkedAtMs,
        consecutiveFailures,
        errorCode,
        JSON.stringify(missing),
        workspaceId,
      ],
    );
    return { previous, current: status, consecutiveFailures };
  });
}

/**
 * Claims up to `limit` connections due for a check (never checked, or last checked before `dueBefore`)
 * whose lease is free or expired, and leases them to `owner` until now + `leaseMs`. PostgreSQL uses
 * `FOR UPDATE SKIP LOCKED` so concurrent checkers never claim the same row; SQLite holds the write lock
 * (`BEGIN IMMEDIATE`) for the claim. Never-checked connections come first, then the oldest checked.
 *
 * @example
 * ```ts
 * const batch = await leaseDue(ctx, { owner: 'checker-1', limit: 50, leaseMs: 60_000, dueBefore: new Date(now - 3_600_000) });
 * ```
 */
export async function leaseDue(
  ctx: StoreContext,
  options: LeaseDueOptions,
): Promise<Connection[]> {
  const owner = requireText(options?.owner, 'owner');
  const limit = requireInteger(options.limit, 'limit', 1, 10_000);
  const leaseMs = requireInteger(options.leaseMs, 'leaseMs', 1);
  const dueBeforeMs = requireDate(options.dueBefore, 'dueBefore').getTime();
  const nowMs = ctx.now().getTime();
  const { dialect } = ctx.driver;
  return ctx.driver.transaction(async (tx) => {
    const due = await tx.all<{ workspace_id: string }>(
      `SELECT workspace_id FROM connections
       WHERE (last_checked_at_ms IS NULL OR last_checked_at_ms < $1)
         AND (lease_expires_at_ms IS NULL OR lease_expires_at_ms <= $2)
       ORDER BY CASE WHEN last_checked_at_ms IS NULL THEN 0 ELSE 1 END, last_checked_at_ms, workspace_id
       LIMIT $3${dialect.claimSuffix}`,
      [dueBeforeMs, nowMs, limit],
    );
    const claimed: Connection[] = [];
    for (const { workspace_id } of due) {
      const rows = await tx.all<ConnectionRow>(
        `UPDATE connections SET lease_owner = $1, lease_expires_at_ms = $2 WHERE workspace_id = $3
         RETURNING ${CONNECTION_COLUMNS}`,
        [owner, nowMs + leaseMs, workspace_id],
      );
      claimed.push(toConnection(rows[0]));
    }
    return claimed;
  });
}
