import type { CheckResult } from '../checks/check-result.js';
import type { TokenSourceKind } from '../token/token-source.js';

/**
 * What a run found, independent of how it is printed. `human.ts` renders it as lines and
 * `json.ts` as the documented `--json` document.
 */
export interface FatalError {
  outcome: 'usage_error' | 'config_error';
  message: string;
}

export interface IdentityInfo {
  workspaceId: string | null;
  workspaceName: string | null;
  workspaceSlug: string | null;
  tokenLevel: 'workspace' | 'user' | null;
  clientId: string | null;
  /** ISO 8601. */
  issuedAt: string | null;
  authorizedByWorkspaceMemberId: string | null;
}

export interface ScopesInfo {
  granted: string[];
  required: string[];
  missing: string[];
  /** For --for: each operation ("GET /v2/objects") and the scopes it needs. */
  requiredBy: Record<string, string[]>;
}

export interface VerifyReport {
  command: 'verify';
  baseUrl: string | null;
  token: { source: TokenSourceKind; label: string; length: number } | null;
  identity: IdentityInfo | null;
  scopes: ScopesInfo | null;
  /** api_slug of each object from the live call, or null when it did not run. */
  objects: string[] | null;
  checks: CheckResult[];
  error: FatalError | null;
}

export interface OAuthReport {
  command: 'oauth';
  tokenUrl: string | null;
  clientId: string | null;
  redirectUris: string[];
  checks: CheckResult[];
  error: FatalError | null;
}

export type Report = VerifyReport | OAuthReport;

/**
 * An empty verify report, filled in as the checks run.
 *
 * @example
 * const report = emptyVerifyReport();
 * report.checks.push(pass('token_shape', '…'));
 */
export function emptyVerifyReport(): VerifyReport {
  return {
    command: 'verify',
    baseUrl: null,
    token: null,
    identity: null,
    scopes: null,
    objects: null,
    checks: [],
    error: null,
  };
}

/** An empty oauth report. */
export function emptyOAuthReport(): OAuthReport {
  return {
    command: 'oauth',
    tokenUrl: null,
    clientId: null,
    redirectUris: [],
    checks: [],
    error: null,
  };
}

/** Outcomes of the report, for `exitCodeFor`. */
export function reportOutcomes(report: Report): Array<CheckResult['outcome']> {
  return [report.error?.outcome, ...report.checks.map((c) => c.outcome)];
}
