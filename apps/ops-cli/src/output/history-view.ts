import { terminalSafe } from '@attio-auth/attio-errors';
import type { HealthHistoryEntry } from '@attio-auth/connection-store';

/** One health status change as `--json` prints it (dates as ISO strings). */
export interface HistoryView {
  at: string;
  from: string | null;
  to: string;
  reasonCode: string | null;
  missingScopes: string[];
}

/**
 * The JSON view of one recorded status change.
 *
 * @example
 * historyView(entry); // { at: '2026-01-15T10:00:00.000Z', from: 'healthy', to: 'revoked', … }
 */
export function historyView(e: HealthHistoryEntry): HistoryView {
  return {
    at: e.at.toISOString(),
    from: e.from,
    to: e.to,
    reasonCode: e.reasonCode,
    missingScopes: e.missingScopes,
  };
}

/**
 * One timeline line: time, `from -> to` (`installed` for the install itself), the reason code, and the
 * missing scopes; store values pass through terminalSafe.
 *
 * @example
 * timelineLine(view); // '2026-01-15T10:00:00.000Z  healthy -> revoked'
 */
export function timelineLine(v: HistoryView): string {
  const change = v.from === null ? `installed (${v.to})` : `${v.from} -> ${v.to}`;
  const reason = v.reasonCode !== null && v.from !== null ? `  ${terminalSafe(v.reasonCode)}` : '';
  const missing =
    v.missingScopes.length > 0 ? `  missing ${terminalSafe(v.missingScopes.join(' '))}` : '';
  return `${v.at}  ${change}${reason}${missing}`;
}
