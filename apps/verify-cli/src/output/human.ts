import { terminalSafe } from '@attio-auth/attio-errors';
import { CHECK_LABELS, type CheckResult } from '../checks/check-result.js';
import { exitCodeFor, verdictFor, type Verdict } from '../exit-code.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { reportOutcomes, type Report } from './report.js';
import type { Style } from './style.js';

/**
 * Human output: a header, one line per check with its mark, indented details, and for failures
 * and warnings the cause and the action. With --quiet only failures (and fatal errors) are
 * printed, to stderr; stdout stays empty. Every text from elsewhere (workspace names and slugs
 * from Attio, error details, URLs and messages) goes through attio-errors' `terminalSafe` before it
 * is placed in a line: control characters show as `\u001b`-style escapes instead of clearing the
 * screen, setting the title or faking lines. Only this renderer adds colour and line breaks.
 */
export interface RenderedText {
  stdout: string;
  stderr: string;
}

const LABEL_WIDTH = Math.max(...Object.values(CHECK_LABELS).map((l) => l.length)) + 2;

const CLOSING: Record<Verdict, string> = {
  ok: 'all checks passed',
  token_invalid: 'the token (or client) is not valid',
  scopes_missing: 'required scopes are missing',
  could_not_check: 'could not check',
  usage_error: 'usage error',
  config_error: 'configuration error',
};

function checkLines(check: CheckResult, style: Style): string[] {
  const label = CHECK_LABELS[check.id].padEnd(LABEL_WIDTH);
  const lines = [`${style.mark(check.status)} ${label}${terminalSafe(check.summary)}`];
  const indent = ' '.repeat(2 + LABEL_WIDTH);
  for (const detail of check.details) lines.push(style.dim(`${indent}${terminalSafe(detail)}`));
  if (check.remedy && (check.status === 'fail' || check.status === 'warn')) {
    lines.push(`${indent}cause: ${terminalSafe(check.remedy.cause)}`);
    lines.push(`${indent}fix:   ${terminalSafe(check.remedy.action)}`);
  }
  return lines;
}

function header(report: Report): string {
  const target = report.command === 'verify' ? report.baseUrl : report.tokenUrl;
  const what = report.command === 'verify' ? '' : ' oauth';
  return `${TOOL_NAME} ${VERSION}${what}${target ? ` · ${terminalSafe(target)}` : ''}`;
}

/**
 * Renders a report for a terminal or a log.
 *
 * @example
 * const { stdout, stderr } = renderHuman(report, { style: createStyle(false), quiet: false });
 */
export function renderHuman(
  report: Report,
  options: { style: Style; quiet: boolean },
): RenderedText {
  const { style, quiet } = options;
  const verdict = verdictFor(reportOutcomes(report));
  const code = exitCodeFor(reportOutcomes(report));
  if (report.error) {
    const hint =
      report.error.outcome === 'usage_error' ? `\nRun "${TOOL_NAME} --help" for usage.` : '';
    return {
      stdout: '',
      stderr: `${TOOL_NAME}: ${style.red('error')}: ${terminalSafe(report.error.message)}${hint}\n`,
    };
  }
  if (quiet) {
    const failed = report.checks
      .filter((c) => c.status === 'fail')
      .flatMap((c) => checkLines(c, style));
    return { stdout: '', stderr: failed.length > 0 ? `${failed.join('\n')}\n` : '' };
  }
  const lines = [style.bold(header(report)), ...report.checks.flatMap((c) => checkLines(c, style))];
  const closing =
    verdict === 'ok'
      ? style.green(`OK: ${CLOSING.ok}`)
      : style.red(`FAILED (exit ${code}): ${CLOSING[verdict]}`);
  lines.push(closing);
  return { stdout: `${lines.join('\n')}\n`, stderr: '' };
}
