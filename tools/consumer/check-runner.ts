/**
 * A tiny check runner for the consumer test: named checks, one line each, and the summary line
 * `suite: N passed, N failed` that .ci/run adds to the CI total. A failed check never stops the others
 * unless a later check needs its result (then `require` throws and the dependants fail with its name).
 */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: string;
}

export class CheckRunner {
  readonly results: CheckResult[] = [];

  /** Runs `fn`; a thrown error fails the check with its message. Returns fn's value, or undefined on failure. */
  async check<T>(name: string, fn: () => T | Promise<T>): Promise<T | undefined> {
    const start = performance.now();
    try {
      const value = await fn();
      this.record({ name, ok: true, ms: performance.now() - start });
      return value;
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.record({ name, ok: false, ms: performance.now() - start, error });
      return undefined;
    }
  }

  get passed(): number {
    return this.results.filter((r) => r.ok).length;
  }

  get failed(): number {
    return this.results.length - this.passed;
  }

  /** The line .ci/run sums (`suite: N passed, N failed`). */
  summaryLine(): string {
    return `suite: ${this.passed} passed, ${this.failed} failed`;
  }

  private record(result: CheckResult): void {
    this.results.push(result);
    const time = `${Math.round(result.ms)} ms`;
    if (result.ok) console.log(`  ✓ ${result.name} (${time})`);
    else
      console.log(
        `  ✗ ${result.name} (${time})\n      ${(result.error ?? '').split('\n').join('\n      ')}`,
      );
  }
}

/** Throws with both values when they differ (compared as JSON), so a failed check says what it saw. */
export function assertEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** Returns `value` when it is defined, else throws (a prerequisite check failed earlier). */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`skipped: ${what} failed earlier`);
  return value;
}
