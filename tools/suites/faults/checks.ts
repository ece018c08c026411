/**
 * Pure checks of the faults suite, over evidence the suite captured (install answers, what the store
 * holds afterwards, the health checker's verdicts, the sandbox's request counters). Kept pure so a
 * test can feed them evidence from a deliberately broken build and see the violation.
 */

/** How one scripted install through the callback service ended. */
export interface InstallEvidence {
  readonly scenario: string;
  readonly workspaceId: string;
  /** false when the install did not end within its deadline. */
  readonly ended: boolean;
  /** HTTP status of the callback answer (undefined: no answer, e.g. the driver threw). */
  readonly status?: number;
  /** The failure code shown to the user (JSON `error.code` or the page's `#error-code`). */
  readonly shownCode?: string;
  /** Set when the scripted browser itself failed before reaching the callback. */
  readonly driverError?: string;
}

/** What the store holds for a workspace after the run. */
export interface StoredEvidence {
  readonly workspaceId: string;
  /** The stored token decrypted. */
  readonly decrypts: boolean;
  /** The decrypted token is active at the sandbox for this same workspace. */
  readonly works: boolean;
}

/** Reads the failure code from a callback answer body (JSON or HTML page). */
export function shownCodeOf(body: string): string | undefined {
  try {
    const json = JSON.parse(body) as { error?: { code?: unknown } };
    if (typeof json.error?.code === 'string') return json.error.code;
  } catch {
    // not JSON: a page
  }
  return /<code id="error-code">([^<]+)<\/code>/.exec(body)?.[1];
}

/**
 * "No install stored half-way": an install answered as a success must be stored with a working
 * token; an install answered as a failure must have stored nothing; every stored row must decrypt
 * and work. Returns one violation per mismatch.
 *
 * @example
 * ```ts
 * halfInstalls([{ scenario: 'x', workspaceId: 'w1', ended: true, status: 503, shownCode: 'ATTIO_SERVER_ERROR' }],
 *   new Map([['w1', { workspaceId: 'w1', decrypts: true, works: true }]]));
 * // ['x w1: answered 503 ATTIO_SERVER_ERROR but a connection was stored']
 * ```
 */
export function halfInstalls(
  installs: readonly InstallEvidence[],
  stored: ReadonlyMap<string, StoredEvidence>,
): string[] {
  const violations: string[] = [];
  const attempted = new Set<string>();
  for (const i of installs) {
    attempted.add(i.workspaceId);
    const row = stored.get(i.workspaceId);
    const success = i.status === 200;
    if (success && row === undefined)
      violations.push(`${i.scenario} ${i.workspaceId}: answered 200 but nothing was stored`);
    if (!success && row !== undefined && i.status !== undefined) {
      violations.push(
        `${i.scenario} ${i.workspaceId}: answered ${i.status} ${i.shownCode ?? '(no code)'} but a connection was stored`,
      );
    }
  }
  for (const row of stored.values()) {
    if (!row.decrypts)
      violations.push(`${row.workspaceId}: stored token does not decrypt (partial row)`);
    else if (!row.works)
      violations.push(`${row.workspaceId}: stored token is not an active token of this workspace`);
    if (!attempted.has(row.workspaceId))
      violations.push(`${row.workspaceId}: stored but no install was attempted for it`);
  }
  return violations;
}

/**
 * "Every failure shown to the user with its code": each non-200 answer names a known code.
 *
 * @example
 * ```ts
 * failuresWithoutCode([{ scenario: 'x', workspaceId: 'w', ended: true, status: 502 }], new Set(['ATTIO_SERVER_ERROR']));
 * // ['x w: answered 502 without a failure code']
 * ```
 */
export function failuresWithoutCode(
  installs: readonly InstallEvidence[],
  knownCodes: ReadonlySet<string>,
): string[] {
  const violations: string[] = [];
  for (const i of installs) {
    if (!i.ended || i.status === 200) continue;
    if (i.status === undefined) {
      violations.push(
        `${i.scenario} ${i.workspaceId}: no answer from the service (${i.driverError ?? 'unknown'})`,
      );
    } else if (i.shownCode === undefined) {
      violations.push(
        `${i.scenario} ${i.workspaceId}: answered ${i.status} without a failure code`,
      );
    } else if (!knownCodes.has(i.shownCode)) {
      violations.push(
        `${i.scenario} ${i.workspaceId}: answered ${i.status} with unknown code ${i.shownCode}`,
      );
    }
  }
  return violations;
}

/** "Every run ends": installs and health rounds that did not finish within their deadline. */
export function unendedRuns(
  runs: readonly { readonly label: string; readonly ended: boolean }[],
): string[] {
  return runs.filter((r) => !r.ended).map((r) => `${r.label}: did not end within its deadline`);
}

/** One verdict of the health checker under faults. */
export interface HealthVerdict {
  readonly scenario: string;
  readonly target: string;
  readonly status: string;
  readonly errorCode: string | null;
}

/**
 * "The health checker classifies no transient failure as revoked": every target here holds a valid,
 * active, fully scoped token, so under faults the only acceptable verdicts are `healthy` and
 * `failed_to_check`. Anything else is a misclassification (`revoked` being the costly one).
 *
 * @example
 * ```ts
 * misclassified([{ scenario: '30% 503', target: 'w1', status: 'revoked', errorCode: 'ATTIO_SERVER_ERROR' }]);
 * // ['30% 503 w1: a valid token was classified revoked (errorCode ATTIO_SERVER_ERROR)']
 * ```
 */
export function misclassified(verdicts: readonly HealthVerdict[]): string[] {
  return verdicts
    .filter((v) => v.status !== 'healthy' && v.status !== 'failed_to_check')
    .map(
      (v) =>
        `${v.scenario} ${v.target}: a valid token was classified ${v.status} (errorCode ${v.errorCode ?? 'none'})`,
    );
}

/**
 * "No client exceeds 100 reads/s": the sandbox's own per-token counters (highest count in any
 * one-second window).
 *
 * @example
 * ```ts
 * rateViolations({ byToken: { tok_1: { total: 300, byPath: {}, maxPerSecond: 140 } } }, 100);
 * // ['tok_1: 140 requests in one second (limit 100)']
 * ```
 */
export function rateViolations(
  counters: { readonly byToken: Readonly<Record<string, { readonly maxPerSecond: number }>> },
  limitPerSecond: number,
): string[] {
  return Object.entries(counters.byToken)
    .filter(([, c]) => c.maxPerSecond > limitPerSecond)
    .map(([id, c]) => `${id}: ${c.maxPerSecond} requests in one second (limit ${limitPerSecond})`);
}

/** Counts of each value, for the figures (e.g. failure codes per scenario). */
export function tally(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return (
    [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k}×${n}`)
      .join(', ') || 'none'
  );
}
