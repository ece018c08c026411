import type { EventData, EventType } from './outbox-types.js';
import type { HealthStatus } from './types.js';

/** Statuses that are broken whatever the failure count: the token itself is wrong. */
const DEFINITE = "('revoked', 'under_scoped', 'workspace_mismatch')";
/** Every status a `health.broken` can have been written for. */
const BROKEN = "('revoked', 'under_scoped', 'workspace_mismatch', 'failed_to_check')";

/**
 * Consecutive `failed_to_check` verdicts before one counts as broken, unless the caller says
 * otherwise: one or two failed checks in a row are a blip, not news.
 */
export const DEFAULT_FAILED_TO_CHECK_THRESHOLD = 3;

/**
 * The SQL expression of a connection's new `alerted_status` once a verdict is recorded, inside an
 * `UPDATE connections SET …` (unqualified columns read the row before the update). Both drivers use
 * this one expression, so alert hygiene has one spelling; an event is written exactly when the value
 * changes (`health.recovered` when it becomes `healthy`, `health.broken` otherwise):
 * - a definite problem (revoked, under_scoped, workspace_mismatch) other than the one last alerted;
 * - `failed_to_check` once `consecutive failures ≥ threshold`, unless transient failures are
 *   suppressed (an incident is open) or a definite problem is already alerted (nothing new to say);
 * - `healthy` when a broken status was alerted (never for a first healthy check).
 *
 * @example
 * ```ts
 * const sql = `UPDATE connections SET alerted_status = ${nextAlertedStatusSql('$2', 'CAST($6 AS INTEGER)', 'CAST($7 AS INTEGER)')}`;
 * ```
 */
export function nextAlertedStatusSql(status: string, suppress: string, threshold: string): string {
  return `CASE
      WHEN ${status} IN ${DEFINITE} THEN ${status}
      WHEN ${status} = 'failed_to_check' AND ${suppress} = 0 AND consecutive_failures + 1 >= ${threshold}
        AND (alerted_status IS NULL OR alerted_status NOT IN ${DEFINITE}) THEN 'failed_to_check'
      WHEN ${status} = 'healthy' AND alerted_status IN ${BROKEN} THEN 'healthy'
      ELSE alerted_status END`;
}

/** What a health event says, from the verdict and the alerted status before and after. */
export interface HealthEventFacts {
  workspaceId: string;
  workspaceName: string | null;
  ownerDisplayName: string | null;
  ownerTags: Record<string, string>;
  previousStatus: HealthStatus;
  previousAlerted: HealthStatus | null;
  alerted: HealthStatus;
  status: HealthStatus;
  errorCode: string | null;
  missingScopes: string[];
  consecutiveFailures: number;
}

/**
 * The type and data of the health event for a changed alerted status (the SQLite path; the
 * PostgreSQL statement builds the same object in SQL). `old_status` is what subscribers were last
 * told, or the stored status when nothing was alerted yet.
 *
 * @example
 * ```ts
 * const { type, data } = healthEvent(facts); // 'health.broken', { new_status: 'revoked', … }
 * ```
 */
export function healthEvent(facts: HealthEventFacts): { type: EventType; data: EventData } {
  const recovered = facts.alerted === 'healthy';
  return {
    type: recovered ? 'health.recovered' : 'health.broken',
    data: {
      workspace_id: facts.workspaceId,
      workspace_name: facts.workspaceName,
      owner: { display_name: facts.ownerDisplayName, tags: facts.ownerTags },
      old_status: facts.previousAlerted ?? facts.previousStatus,
      new_status: facts.status,
      reason: recovered ? null : (facts.errorCode ?? facts.status),
      missing_scopes: facts.missingScopes,
      consecutive_failures: facts.consecutiveFailures,
    },
  };
}
