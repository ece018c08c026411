import { terminalSafe, toTerminalSafeJson } from '@attio-auth/attio-errors';
import { targetLabel, type CheckTarget } from '../round/check-target.js';
import { CHECK_STATUSES } from '../round/classify.js';
import type { OutputStream } from '../io.js';
import type { CheckRecord, RoundSummary } from '../round/round-summary.js';

export interface ReporterOptions {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** --json: one JSON line per check plus a summary line on stdout, no table, no progress. */
  readonly json: boolean;
  readonly now: () => number;
}

/** Renders a round: progress on a TTY, JSON lines or a summary table. */
export interface Reporter {
  /** Total targets expected this round (store count + tokens-file entries); drives the ETA. */
  start(total: number): void;
  check(record: CheckRecord): void;
  finish(summary: RoundSummary): void;
}

/**
 * Creates the reporter for one round. The progress line (checked/total, rate, ETA) is redrawn on
 * stderr at most every 200 ms, and only when stderr is a TTY and `--json` is off, so pipes and log
 * collectors never see carriage returns. `--json` lines are written with `toTerminalSafeJson`: the
 * DEL, C1 and bidi characters JSON leaves raw are escaped too, the parsed values are the same.
 *
 * @example
 * const reporter = createReporter({ stdout: process.stdout, stderr: process.stderr, json: false, now: Date.now });
 */
export function createReporter(options: ReporterOptions): Reporter {
  const progress = !options.json && options.stderr.isTTY === true;
  const lines = createLineBuffer(options.stdout);
  let total = 0;
  let checked = 0;
  let startedAt = options.now();
  let lastDraw = 0;

  const draw = (force: boolean) => {
    const now = options.now();
    if (!force && now - lastDraw < 200) return;
    lastDraw = now;
    options.stderr.write(`\r\x1b[2K${progressLine(checked, total, now - startedAt)}`);
  };

  return {
    start(expected) {
      total = expected;
      startedAt = options.now();
    },
    check(record) {
      checked += 1;
      if (options.json) lines.push(`${toTerminalSafeJson(checkJson(record))}\n`);
      else if (progress) draw(false);
    },
    finish(summary) {
      lines.flush();
      if (progress) {
        draw(true);
        options.stderr.write('\n');
      }
      if (options.json) options.stdout.write(`${toTerminalSafeJson(summaryJson(summary))}\n`);
      else options.stdout.write(summaryTable(summary));
    },
  };
}

/** Lines buffered before one write; at ~250 bytes a line, about 16 KB. */
const FLUSH_LINES = 64;
/** A line never waits longer than this for its write, so a tail -f of a slow round stays live. */
const FLUSH_AFTER_MS = 100;

/**
 * Coalesces `--json` lines into one write per {@link FLUSH_LINES} lines (or per {@link FLUSH_AFTER_MS}).
 * Why: when stdout is a pipe, Node writes it synchronously (Node docs, "A note on process I/O"), so
 * one write per check was one blocking syscall per check on the event loop that runs the checks; at
 * 600 checks/s that was the checker's largest cost after the HTTP calls themselves
 * (tools/bench/health.bench.ts with BENCH_CPU_PROF). Order is kept; `flush()` runs before the summary.
 */
function createLineBuffer(stream: OutputStream): { push(line: string): void; flush(): void } {
  let pending: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    stream.write(text);
  };
  return {
    push(line) {
      pending.push(line);
      if (pending.length >= FLUSH_LINES) flush();
      // Not unref'd: if a round fails before finish(), the timer still writes the lines already checked.
      else timer ??= setTimeout(flush, FLUSH_AFTER_MS);
    },
    flush,
  };
}

/**
 * `checked/total, rate, ETA` for the TTY line. Pure.
 *
 * @example
 * progressLine(400, 1000, 2000); // 'checked 400/1000 · 200.0/s · ETA 3s'
 */
export function progressLine(checked: number, total: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (checked * 1000) / elapsedMs : 0;
  const remaining = Math.max(total - checked, 0);
  const eta = rate > 0 ? formatDuration((remaining / rate) * 1000) : '?';
  return `checked ${checked}/${total} · ${rate.toFixed(1)}/s · ETA ${eta}`;
}

function formatDuration(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60
    ? `${m}m${String(s % 60).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

function targetJson(target: CheckTarget) {
  return target.kind === 'connection'
    ? { target: 'connection', workspaceId: target.workspaceId, name: target.name }
    : { target: 'token', name: target.name };
}

/** One `--json` line per check. */
export function checkJson(record: CheckRecord) {
  return {
    type: 'check',
    ...targetJson(record.target),
    status: record.status,
    missingScopes: record.missingScopes,
    errorCode: record.errorCode,
    detail: record.detail,
    checkedAt: record.checkedAt.toISOString(),
    durationMs: Math.round(record.durationMs),
    alert: record.alert ?? null,
  };
}

/** The final `--json` line. */
export function summaryJson(summary: RoundSummary) {
  return {
    type: 'summary',
    checked: summary.checked,
    counts: summary.counts,
    alertsSent: summary.alertsSent,
    suppressed: summary.suppressed,
    discarded: summary.discarded,
    seenHealthy: summary.seenHealthy,
    incident: summary.incident,
    interrupted: summary.interrupted,
    durationMs: summary.finishedAt.getTime() - summary.startedAt.getTime(),
    exitCode: summary.exitCode,
  };
}

/** One line about the incident and what the store left out, or undefined when there is nothing to say. */
function incidentLine(summary: RoundSummary): string | undefined {
  const { incident, suppressed, discarded, seenHealthy } = summary;
  const parts: string[] = [];
  if (incident.recovered)
    parts.push(`Attio incident (${incident.reason}) over: checks succeed again`);
  else if (incident.opened) parts.push(`Attio incident opened (${incident.reason})`);
  else if (incident.open) parts.push(`Attio incident still open (${incident.reason})`);
  if (suppressed > 0) parts.push(`${suppressed} failed check(s) recorded without alerts`);
  if (discarded > 0)
    parts.push(`${discarded} result(s) discarded (re-installed or deleted during the round)`);
  if (seenHealthy > 0)
    parts.push(`${seenHealthy} connection(s) seen healthy (used successfully, not checked)`);
  return parts.length === 0 ? undefined : `${parts.join('; ')}.`;
}

/**
 * The human summary: one row per status, then the non-healthy targets. Pure. Names come from the
 * store (whoever installed the app chose them) and details from Attio, so each problem row passes
 * through attio-errors' `terminalSafe`: a control character shows as `\u001b` instead of clearing
 * the screen or faking a row.
 *
 * @example
 * process.stdout.write(summaryTable(summary));
 */
export function summaryTable(summary: RoundSummary): string {
  const seconds = (summary.finishedAt.getTime() - summary.startedAt.getTime()) / 1000;
  const lines = [
    `Checked ${summary.checked} token${summary.checked === 1 ? '' : 's'} in ${seconds.toFixed(1)}s` +
      `${summary.interrupted ? ' (interrupted by shutdown)' : ''}; ${summary.alertsSent} alert(s) sent.`,
    '',
    `${'STATUS'.padEnd(20)}COUNT`,
    ...CHECK_STATUSES.map((s) => `${s.padEnd(20)}${summary.counts[s]}`),
  ];
  const incident = incidentLine(summary);
  if (incident) lines.splice(1, 0, incident);
  if (summary.problems.length > 0) {
    lines.push('', 'Needs attention:');
    for (const p of summary.problems)
      lines.push(
        `  ${p.status.padEnd(19)} ${terminalSafe(`${targetLabel(p.target)}: ${p.detail}`)}`,
      );
    if (summary.problemsNotListed > 0)
      lines.push(`  … and ${summary.problemsNotListed} more (use --json for all).`);
  }
  return `${lines.join('\n')}\n`;
}
