import { toTerminalSafeJson } from '@attio-auth/attio-errors';
import type { CheckResult } from '../checks/check-result.js';
import { exitCodeFor, verdictFor, type Outcome, type Verdict } from '../exit-code.js';
import { JSON_SCHEMA_VERSION, TOOL_NAME, VERSION } from '../version.js';
import {
  reportOutcomes,
  type FatalError,
  type IdentityInfo,
  type Report,
  type ScopesInfo,
} from './report.js';
import type { TokenSourceKind } from '../token/token-source.js';

/**
 * The `--json` document (documented in README "JSON output"). Every key is always present;
 * absent values are `null` (never omitted), so consumers can rely on the shape. Field order is
 * fixed. `schemaVersion` changes only on a breaking change.
 */
export interface JsonCheck {
  id: CheckResult['id'];
  status: CheckResult['status'];
  summary: string;
  details: string[];
  outcome: Outcome | null;
  errorCode: string | null;
  remedy: { cause: string; action: string } | null;
}

interface JsonCommon {
  schemaVersion: number;
  tool: string;
  version: string;
  ok: boolean;
  verdict: Verdict;
  exitCode: number;
  error: FatalError | null;
  checks: JsonCheck[];
}

export interface VerifyJsonDocument extends JsonCommon {
  command: 'verify';
  baseUrl: string | null;
  token: { source: TokenSourceKind; label: string; length: number } | null;
  identity: IdentityInfo | null;
  scopes: ScopesInfo | null;
  objects: string[] | null;
}

export interface OAuthJsonDocument extends JsonCommon {
  command: 'oauth';
  tokenUrl: string | null;
  clientId: string | null;
  redirectUris: string[];
}

export type JsonDocument = VerifyJsonDocument | OAuthJsonDocument;

function jsonCheck(check: CheckResult): JsonCheck {
  return {
    id: check.id,
    status: check.status,
    summary: check.summary,
    details: check.details,
    outcome: check.outcome ?? null,
    errorCode: check.errorCode ?? null,
    remedy: check.remedy ?? null,
  };
}

/**
 * The JSON document of a report.
 *
 * @example
 * io.stdout.write(`${JSON.stringify(toJsonDocument(report), null, 2)}\n`);
 */
export function toJsonDocument(report: Report): JsonDocument {
  const verdict = verdictFor(reportOutcomes(report));
  const head = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: TOOL_NAME,
    version: VERSION,
  };
  const result = {
    ok: verdict === 'ok',
    verdict,
    exitCode: exitCodeFor(reportOutcomes(report)),
    error: report.error,
  };
  if (report.command === 'verify') {
    return {
      ...head,
      command: 'verify',
      ...result,
      baseUrl: report.baseUrl,
      token: report.token,
      identity: report.identity,
      scopes: report.scopes,
      objects: report.objects,
      checks: report.checks.map(jsonCheck),
    };
  }
  return {
    ...head,
    command: 'oauth',
    ...result,
    tokenUrl: report.tokenUrl,
    clientId: report.clientId,
    redirectUris: report.redirectUris,
    checks: report.checks.map(jsonCheck),
  };
}

/**
 * The `--json` text of a report, indented by two spaces. `JSON.stringify` escapes C0 controls but
 * leaves DEL, C1 controls and bidi overrides raw; those are escaped too (attio-errors'
 * `toTerminalSafeJson`), so a workspace name cannot act on a terminal the JSON is shown on. The
 * parsed document is the same.
 *
 * @example
 * io.stdout.write(`${renderJson(report)}\n`);
 */
export function renderJson(report: Report): string {
  return toTerminalSafeJson(toJsonDocument(report), 2);
}
