import type { Outcome } from '../exit-code.js';

/**
 * One line of output: the result of one check. The same objects feed the human renderer and the
 * `--json` document, so the two can never disagree.
 */
export type VerifyCheckId =
  | 'token_shape'
  | 'reachability'
  | 'identity'
  | 'scopes'
  | 'live_call'
  | 'hygiene';
export type OAuthCheckId = 'credentials' | 'redirect_uri' | 'token_endpoint';
export type CheckId = VerifyCheckId | OAuthCheckId;

/** pass ✓, fail ✗ (sets an outcome), warn ! (does not change the exit code), skip - (not run, says why). */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface Remedy {
  cause: string;
  action: string;
}

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** One line: what was found. */
  summary: string;
  /** Further lines (granted scopes, object slugs, …). */
  details: string[];
  /** Set exactly when status is 'fail'. */
  outcome?: Outcome;
  /** The attio-errors code behind a failure or warning, e.g. ATTIO_CONNECTION. */
  errorCode?: string;
  /** Why it happened and what to do (from attio-errors REMEDIES, or check-specific). */
  remedy?: Remedy;
}

/** Short labels printed before each summary, padded to one column. */
export const CHECK_LABELS: Record<CheckId, string> = {
  token_shape: 'token',
  reachability: 'reachable',
  identity: 'identity',
  scopes: 'scopes',
  live_call: 'live call',
  hygiene: 'hygiene',
  credentials: 'credentials',
  redirect_uri: 'redirect uri',
  token_endpoint: 'token endpoint',
};

/**
 * Builds a passing result.
 *
 * @example
 * pass('scopes', '3 granted', ['note:read']);
 */
export function pass(id: CheckId, summary: string, details: string[] = []): CheckResult {
  return { id, status: 'pass', summary, details };
}

/** Builds a failing result with its outcome (which decides the exit code) and remedy. */
export function fail(
  id: CheckId,
  outcome: Outcome,
  summary: string,
  extra: { details?: string[]; errorCode?: string; remedy?: Remedy } = {},
): CheckResult {
  return {
    id,
    status: 'fail',
    summary,
    details: extra.details ?? [],
    outcome,
    errorCode: extra.errorCode,
    remedy: extra.remedy,
  };
}

/** Builds a warning: printed with a remedy but the exit code stays as it is. */
export function warn(
  id: CheckId,
  summary: string,
  extra: { details?: string[]; errorCode?: string; remedy?: Remedy } = {},
): CheckResult {
  return {
    id,
    status: 'warn',
    summary,
    details: extra.details ?? [],
    errorCode: extra.errorCode,
    remedy: extra.remedy,
  };
}

/** Builds a skipped result; the summary says why it did not run. */
export function skip(id: CheckId, summary: string): CheckResult {
  return { id, status: 'skip', summary, details: [] };
}
