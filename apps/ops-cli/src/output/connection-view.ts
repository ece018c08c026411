import { terminalSafe } from '@attio-auth/attio-errors';
import type { Connection, Revocation } from '@attio-auth/connection-store';

/** A connection as the CLI shows it: plain JSON values, never a token. */
export interface ConnectionView {
  workspaceId: string;
  workspaceName: string | null;
  workspaceSlug: string | null;
  status: string;
  scopes: string[];
  owner: { displayName: string | null; tags: Record<string, string> };
  installedBy: string | null;
  installedAt: string;
  updatedAt: string;
  lastCheckedAt: string | null;
  deletedAt: string | null;
  revoke: { outcome: string; error: string | null } | null;
}

/**
 * The view of one stored connection (dates as ISO strings).
 *
 * @example
 * connectionView(await store.getConnection('ws_1'));
 */
export function connectionView(c: Connection): ConnectionView {
  return {
    workspaceId: c.workspaceId,
    workspaceName: c.workspaceName,
    workspaceSlug: c.workspaceSlug,
    status: c.health.status,
    scopes: c.scopes,
    owner: { displayName: c.owner.displayName, tags: c.owner.tags },
    installedBy: c.installedBy,
    installedAt: c.installedAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    lastCheckedAt: c.health.lastCheckedAt?.toISOString() ?? null,
    deletedAt: c.deleted?.deletedAt.toISOString() ?? null,
    revoke: c.deleted?.revoke ?? null,
  };
}

/** `team=growth,customer_id=c-42` (terminal-safe). */
export function tagsText(tags: Record<string, string>): string {
  return terminalSafe(
    Object.entries(tags)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
  );
}

export const LIST_COLUMNS = [
  'workspace',
  'name',
  'status',
  'owner',
  'tags',
  'installed',
  'deleted',
];

/** One row of `connections list` (terminal-safe strings). */
export function listRow(v: ConnectionView): string[] {
  return [
    v.workspaceId,
    v.workspaceName ?? '',
    v.status,
    v.owner.displayName ?? '',
    tagsText(v.owner.tags),
    v.installedAt.slice(0, 10),
    v.deletedAt?.slice(0, 10) ?? '',
  ].map(terminalSafe);
}

/**
 * Left-aligned columns separated by two spaces.
 *
 * @example
 * table(['a', 'b'], [['1', '22']]); // 'a  b\n1  22\n'
 */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [header, ...rows].map(line).join('\n') + '\n';
}

/**
 * One CSV line (RFC 4180 quoting). Cells starting with `=`, `+`, `-` or `@` get a leading `'` so a
 * spreadsheet never runs a workspace name as a formula.
 *
 * @example
 * csvLine(['a', 'b,c', '=1+1']); // 'a,"b,c",\'=1+1\r\n'
 */
export function csvLine(cells: string[]): string {
  return (
    cells
      .map((cell) => (/^[=+\-@]/.test(cell) ? `'${cell}` : cell))
      .map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell))
      .join(',') + '\r\n'
  );
}

/** A revocation as the CLI shows it (never its token). */
export function revocationView(r: Revocation): Record<string, unknown> {
  return {
    id: r.id,
    reason: r.reason,
    state: r.state,
    attempts: r.attempts,
    lastError: r.lastError,
    nextAttemptAt: r.nextAttemptAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
  };
}
