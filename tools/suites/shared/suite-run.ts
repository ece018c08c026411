/**
 * The common frame of every suite's main.ts: parses `--full`, builds the report, runs the body
 * under a hard wall-clock bound (a suite always stops by itself, even if something hangs), and sets
 * the exit code. An exception in the body is a failed check, never a silent crash.
 */
import { SuiteReport } from './suite-report.js';

/** Options every suite understands. */
export interface SuiteOptions {
  readonly full: boolean;
  readonly mode: 'quick' | 'full';
  /** Arguments after the suite's own flags (suite-specific). */
  readonly rest: readonly string[];
}

/**
 * Parses the suite command line: `--full` selects full mode; anything else is passed on.
 *
 * @example
 * ```ts
 * parseSuiteArgs(['--full']) // { full: true, mode: 'full', rest: [] }
 * ```
 */
export function parseSuiteArgs(argv: readonly string[]): SuiteOptions {
  const full = argv.includes('--full');
  return { full, mode: full ? 'full' : 'quick', rest: argv.filter((a) => a !== '--full') };
}

/**
 * Runs a suite body and exits with its verdict. `limitMs` bounds the whole run: past it the suite
 * reports a failed "finished in time" check and exits, whatever is still pending.
 *
 * @example
 * ```ts
 * await runSuite('faults', { quickLimitMs: 120_000, fullLimitMs: 600_000 }, async (report, options) => { … });
 * ```
 */
export async function runSuite(
  name: string,
  limits: { quickLimitMs: number; fullLimitMs: number },
  body: (report: SuiteReport, options: SuiteOptions) => Promise<void>,
): Promise<void> {
  const options = parseSuiteArgs(process.argv.slice(2));
  const report = new SuiteReport(name, options.mode);
  const limitMs = options.full ? limits.fullLimitMs : limits.quickLimitMs;
  const watchdog = setTimeout(() => {
    report.expect(
      'suite finished within its time bound',
      false,
      `bound ${limitMs / 1000} s`,
      `still running after ${limitMs / 1000} s`,
    );
    process.exit(report.finish());
  }, limitMs);
  watchdog.unref();
  try {
    await body(report, options);
  } catch (err) {
    const e = err as Error;
    report.expect(
      'suite body ran to the end',
      false,
      'no exception',
      `${e.name}: ${e.message} ${(e.stack ?? '').split('\n').slice(1, 4).join(' ')}`,
    );
  }
  clearTimeout(watchdog);
  const code = report.finish();
  // Anything left open (a hung socket the suite provoked) must not keep the process up.
  setTimeout(() => process.exit(code), 200).unref();
  process.exitCode = code;
}

/**
 * Resolves with the promise's value, or with `undefined` once `ms` passed (the promise keeps running;
 * callers record "did not end in time" as a violation).
 *
 * @example
 * ```ts
 * const result = await withDeadline(runInstall(url), 15_000);
 * if (result === undefined) violations.push('install did not end within 15 s');
 * ```
 */
export async function withDeadline<T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ value: T } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise.then((value) => ({ value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `task` for each item with at most `concurrency` in flight; results in input order. */
export async function mapConcurrent<I, O>(
  items: readonly I[],
  concurrency: number,
  task: (item: I, index: number) => Promise<O>,
): Promise<O[]> {
  const results = new Array<O>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as I, i);
    }
  });
  await Promise.all(lanes);
  return results;
}
