/**
 * What every reliability suite prints: its figures, one PASS/FAIL line per check (with up to five
 * violations each), and the final line `suite: N passed, N failed` that `.ci/run` sums. A check that
 * could not run at all (e.g. the audit endpoint is unreachable) is printed as SKIP, counted only when
 * the suite says so (full mode), so a quick run reports it without failing on the network.
 */

/** A writable sink (process.stdout, or an array in tests). */
export interface Sink {
  write(text: string): unknown;
}

/** One check's verdict. */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly violations: readonly string[];
}

/** How many violations a FAIL line lists before "… and N more". */
const SHOWN_VIOLATIONS = 5;

/**
 * Collects figures and checks of one suite run.
 *
 * @example
 * ```ts
 * const report = new SuiteReport('faults', 'quick');
 * report.figure('installs', 40);
 * report.expectNone('no install stored half-way', halfInstalls(evidence), '40 installs compared with the store');
 * process.exitCode = report.finish();
 * ```
 */
export class SuiteReport {
  readonly checks: CheckResult[] = [];
  private skipped = 0;
  private readonly started = Date.now();

  constructor(
    readonly suite: string,
    readonly mode: 'quick' | 'full',
    private readonly out: Sink = process.stdout,
  ) {
    this.out.write(`== suite ${suite} (${mode}) ==\n`);
  }

  /** A measured figure, printed as-is. */
  figure(label: string, value: string | number): void {
    this.out.write(`  figure  ${label}: ${value}\n`);
  }

  /** A free-form note (what ran, on which driver). */
  note(text: string): void {
    this.out.write(`  note    ${text}\n`);
  }

  /** Records a check: passes when `violations` is empty. `detail` says what was compared. */
  expectNone(name: string, violations: readonly string[], detail: string): boolean {
    const ok = violations.length === 0;
    this.checks.push({ name, ok, detail, violations });
    this.out.write(`  ${ok ? 'PASS' : 'FAIL'}    ${name} (${detail})\n`);
    for (const v of violations.slice(0, SHOWN_VIOLATIONS))
      this.out.write(`            - ${oneLine(v)}\n`);
    if (violations.length > SHOWN_VIOLATIONS) {
      this.out.write(`            … and ${violations.length - SHOWN_VIOLATIONS} more\n`);
    }
    return ok;
  }

  /** Records a boolean check with a message used as the violation when it fails. */
  expect(name: string, ok: boolean, detail: string, violation = detail): boolean {
    return this.expectNone(name, ok ? [] : [violation], detail);
  }

  /**
   * A check that could not be carried out. Counted as failed when `fail` is true (full mode);
   * otherwise printed as SKIP and left out of the counts, with the reason.
   */
  couldNotRun(name: string, reason: string, fail: boolean): void {
    if (fail) {
      this.expectNone(name, [`could not run: ${reason}`], 'could not run');
      return;
    }
    this.skipped += 1;
    this.out.write(`  SKIP    ${name}: could not run: ${oneLine(reason)}\n`);
  }

  get failed(): number {
    return this.checks.filter((c) => !c.ok).length;
  }

  /** Prints the summary line and returns the exit code (1 on any failed check). */
  finish(): number {
    const passed = this.checks.length - this.failed;
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    if (this.skipped > 0)
      this.out.write(`  note    ${this.skipped} check(s) could not run (see SKIP lines)\n`);
    this.out.write(`  figure  suite wall time: ${seconds} s\n`);
    this.out.write(`suite: ${passed} passed, ${this.failed} failed\n`);
    return this.failed > 0 ? 1 : 0;
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}
