import { escapeSlackText } from '@attio-auth/attio-errors';
import type { AlertDecision, KnownStatus } from './alert-policy.js';
import type { CheckStatus } from '../round/classify.js';

/** What was checked: a stored connection, or a named `--tokens-file` entry. Never holds the token. */
export type CheckTarget =
  | { readonly kind: 'connection'; readonly workspaceId: string; readonly name: string | null }
  | { readonly kind: 'token'; readonly name: string };

/** Human label of a target for output lines and alert text. */
export function targetLabel(target: CheckTarget): string {
  if (target.kind === 'token') return `token "${target.name}"`;
  return target.name
    ? `workspace "${target.name}" (${target.workspaceId})`
    : `workspace ${target.workspaceId}`;
}

/** The webhook body: Slack-compatible `text` plus structured fields for other receivers. */
export interface AlertPayload {
  readonly text: string;
  readonly event: 'attio_token_health.status_changed';
  readonly kind: 'problem' | 'recovered' | 'unreachable';
  readonly target: CheckTarget;
  readonly previousStatus: KnownStatus;
  readonly status: CheckStatus;
  readonly missingScopes: readonly string[];
  readonly errorCode: string | null;
  readonly detail: string;
  readonly consecutiveFailures: number;
  readonly checkedAt: string;
}

export interface AlertMessageInput {
  readonly decision: Extract<AlertDecision, { alert: true }>;
  readonly target: CheckTarget;
  readonly previous: KnownStatus;
  readonly status: CheckStatus;
  readonly missingScopes: readonly string[];
  readonly errorCode: string | null;
  readonly detail: string;
  readonly consecutiveFailures: number;
  readonly checkedAt: Date;
}

const ACTION: Record<CheckStatus, string> = {
  healthy: 'No action needed.',
  revoked: 'Ask the workspace to reinstall the app (or issue a new access token).',
  under_scoped: 'Grant the missing scopes in Attio, then reinstall or edit the token.',
  workspace_mismatch:
    'The stored token belongs to another workspace: reinstall from the right workspace.',
  failed_to_check: 'Check network access to Attio and Attio status; the token itself may be fine.',
};

/**
 * Builds the webhook body for one alert. Pure. Slack incoming webhooks read `text` and ignore the
 * rest; generic receivers get the structured fields. `text` is Slack-escaped as a whole (every part
 * of it is plain text): a workspace name is chosen by whoever installs the app, and unescaped it
 * could write `<!channel>` or a disguised `<url|label>` link into the alert. The structured fields
 * keep the raw values; a receiver escapes them for its own medium.
 *
 * @example
 * buildAlertPayload({ decision: { alert: true, kind: 'problem' }, target: { kind: 'token', name: 'sync' },
 *   previous: 'healthy', status: 'revoked', missingScopes: [], errorCode: null, detail: 'inactive',
 *   consecutiveFailures: 0, checkedAt: new Date(0) }).text;
 * // ':red_circle: Attio token health: token "sync" is now revoked (was healthy). inactive …'
 */
export function buildAlertPayload(input: AlertMessageInput): AlertPayload {
  const { decision, target, status, previous } = input;
  const label = targetLabel(target);
  const icon =
    decision.kind === 'recovered'
      ? ':large_green_circle:'
      : decision.kind === 'unreachable'
        ? ':warning:'
        : ':red_circle:';
  const headline =
    decision.kind === 'recovered'
      ? `${label} recovered: healthy again (was ${previous})`
      : decision.kind === 'unreachable'
        ? `${label} could not be checked ${input.consecutiveFailures} times in a row`
        : `${label} is now ${status} (was ${previous})`;
  return {
    text: escapeSlackText(
      `${icon} Attio token health: ${headline}. ${input.detail} ${ACTION[status]}`,
    ),
    event: 'attio_token_health.status_changed',
    kind: decision.kind,
    target,
    previousStatus: previous,
    status,
    missingScopes: [...input.missingScopes],
    errorCode: input.errorCode,
    detail: input.detail,
    consecutiveFailures: input.consecutiveFailures,
    checkedAt: input.checkedAt.toISOString(),
  };
}
