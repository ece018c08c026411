/**
 * Human text for Slack (`{ text }` of an incoming webhook), one line per event. Every part is plain text,
 * so the whole line is escaped with `escapeSlackText`: a workspace name is chosen by whoever installs
 * the app, and unescaped it could write `<!channel>` or a disguised `<url|label>` link into the channel.
 * The remedies follow the token-health alerts: say what happened, then what to do.
 */
import { escapeSlackText } from '@attio-auth/attio-errors';
import type { EventData, EventPayload, EventType } from './event-types.js';

/** Options of {@link renderSlackText}. */
export interface SlackRenderOptions {
  /** Where a workspace is reconnected (the install page); added to `health.broken` lines when given. */
  readonly reconnectUrl?: (workspaceId: string) => string;
}

/** What to do about each broken status (the same advice as the token-health alerts). */
const ACTION: Record<string, string> = {
  revoked: 'Ask the workspace to reinstall the app (or issue a new access token).',
  under_scoped: 'Grant the missing scopes in Attio, then reinstall or edit the token.',
  workspace_mismatch:
    'The stored token belongs to another workspace: reinstall from the right workspace.',
  failed_to_check: 'Check network access to Attio and Attio status; the token itself may be fine.',
};

function workspaceLabel(data: EventData): string {
  const id = data.workspace_id ?? 'unknown workspace';
  const name = data.workspace_name ? `${data.workspace_name} (${id})` : id;
  const owner = data.owner?.display_name
    ? data.owner.display_name
    : data.owner && Object.keys(data.owner.tags).length > 0
      ? Object.entries(data.owner.tags)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')
      : undefined;
  return owner ? `${name} [owner: ${owner}]` : name;
}

const withReason = (data: EventData): string => (data.reason ? ` (${data.reason})` : '');

function durationText(fromIso: string | undefined, toIso: string): string {
  const from = fromIso ? Date.parse(fromIso) : NaN;
  const ms = Date.parse(toIso) - from;
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.round(ms / 1000);
  const text =
    s < 60
      ? `${s}s`
      : s < 3600
        ? `${Math.floor(s / 60)}m ${s % 60}s`
        : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return ` after ${text}`;
}

const LINES: Record<EventType, (e: EventPayload, o: SlackRenderOptions) => string> = {
  'connection.created': (e) => `:large_green_circle: ${workspaceLabel(e.data)} connected.`,
  'connection.replaced': (e) =>
    `:arrows_counterclockwise: ${workspaceLabel(e.data)} was re-installed; the new token replaces the old one.`,
  'connection.reconnected': (e) =>
    `:large_green_circle: ${workspaceLabel(e.data)} reconnected${e.data.old_status ? ` (was ${e.data.old_status})` : ''}.`,
  'connection.deleted': (e) =>
    `:wastebasket: ${workspaceLabel(e.data)} was deleted${withReason(e.data)}.`,
  'connection.restored': (e) => `:recycle: ${workspaceLabel(e.data)} was restored.`,
  'connection.token_revoked': (e) =>
    `:lock: The token of ${workspaceLabel(e.data)} was revoked at Attio; it no longer works.`,
  'health.broken': (e, o) => {
    const status = e.data.new_status ?? 'broken';
    const was = e.data.old_status ? ` (was ${e.data.old_status})` : '';
    const scopes =
      status === 'under_scoped' && e.data.missing_scopes?.length
        ? ` Missing scopes: ${e.data.missing_scopes.join(', ')}.`
        : '';
    const action = ACTION[status] ? ` ${ACTION[status]}` : '';
    const link =
      o.reconnectUrl && e.data.workspace_id
        ? ` Reconnect: ${o.reconnectUrl(e.data.workspace_id)}`
        : '';
    return `:red_circle: ${workspaceLabel(e.data)} is ${status}${was}.${scopes}${action}${link}`;
  },
  'health.recovered': (e) =>
    `:large_green_circle: ${workspaceLabel(e.data)} recovered: healthy again${e.data.old_status ? ` (was ${e.data.old_status})` : ''}.`,
  'attio.unreachable': (e) => {
    const counts =
      e.data.failed_checks !== undefined && e.data.total_checks !== undefined
        ? `: ${e.data.failed_checks} of ${e.data.total_checks} checks failed`
        : '';
    return `:warning: Attio is unreachable${counts}${withReason(e.data)}. Per-workspace alerts are paused until it answers again; ${ACTION['failed_to_check']}`;
  },
  'attio.reachable': (e) =>
    `:large_green_circle: Attio is reachable again${durationText(e.data.incident_started_at, e.timestamp)}; per-workspace alerts resume.`,
};

/**
 * The Slack line for an event, escaped for Slack as a whole.
 *
 * @example
 * ```ts
 * renderSlackText(createEvent({ type: 'health.broken', nowMs: Date.now(),
 *   data: { workspace_id: 'wsp_1', workspace_name: 'Acme', old_status: 'healthy', new_status: 'revoked' } }));
 * // → ':red_circle: Acme (wsp_1) is revoked (was healthy). Ask the workspace to reinstall the app (or issue a new access token).'
 * ```
 */
export function renderSlackText(event: EventPayload, options: SlackRenderOptions = {}): string {
  return escapeSlackText(LINES[event.type](event, options));
}
