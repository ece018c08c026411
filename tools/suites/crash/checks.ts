/**
 * Pure checks of the crash suite over what the scripted browsers were told and what the store holds
 * after the service was killed with SIGKILL and started again.
 */

/** One stored row as the suite found it after the crashes. */
export interface RowEvidence {
  readonly workspaceId: string;
  /** getToken decrypted it. */
  readonly decrypts: boolean;
  /** The decrypted token is active at the sandbox for this workspace. */
  readonly works: boolean;
}

/**
 * "Every install that was answered as a success is present and decrypts": the workspaces the
 * service answered 200 for, compared with the rows found.
 *
 * @example
 * ```ts
 * lostInstalls(['w1', 'w2'], new Map([['w1', { workspaceId: 'w1', decrypts: true, works: true }]]));
 * // ['w2: answered as installed, but no row after the crash']
 * ```
 */
export function lostInstalls(
  answeredSuccess: readonly string[],
  rows: ReadonlyMap<string, RowEvidence>,
): string[] {
  const out: string[] = [];
  for (const ws of answeredSuccess) {
    const row = rows.get(ws);
    if (!row) out.push(`${ws}: answered as installed, but no row after the crash`);
    else if (!row.decrypts)
      out.push(`${ws}: answered as installed, but its token does not decrypt`);
  }
  return out;
}

/**
 * "No partial rows": every row found decrypts to an active token of its own workspace (a row from an
 * install cut short by the kill must either be whole or absent).
 *
 * @example
 * ```ts
 * partialRows([{ workspaceId: 'w1', decrypts: false, works: false }]); // ['w1: token does not decrypt (partial row)']
 * ```
 */
export function partialRows(rows: Iterable<RowEvidence>): string[] {
  const out: string[] = [];
  for (const r of rows) {
    if (!r.decrypts) out.push(`${r.workspaceId}: token does not decrypt (partial row)`);
    else if (!r.works)
      out.push(`${r.workspaceId}: stored token is not an active token of this workspace`);
  }
  return out;
}

/** One start of the service on the store. */
export interface StartEvidence {
  readonly label: string;
  readonly ready: boolean;
  readonly ms: number;
  /** Tail of the service's output when it did not become ready. */
  readonly output?: string;
}

/**
 * "The service starts again on the same store": every start (after each kill) became ready.
 *
 * @example
 * ```ts
 * failedStarts([{ label: 'sqlite restart 3', ready: false, ms: 60000, output: 'SQLITE_CORRUPT' }]);
 * // ['sqlite restart 3: not ready after 60000 ms: SQLITE_CORRUPT']
 * ```
 */
export function failedStarts(starts: readonly StartEvidence[]): string[] {
  return starts
    .filter((s) => !s.ready)
    .map((s) => `${s.label}: not ready after ${s.ms} ms${s.output ? `: ${s.output}` : ''}`);
}

/** One row as the rotate-keys case found it, opened with the new key alone. */
export interface RotatedRow {
  readonly workspaceId: string;
  /** The key id the row is sealed with. */
  readonly kid: string;
  /** The token it decrypts to with the new key alone (undefined: it does not decrypt). */
  readonly token: string | undefined;
}

/**
 * "Every row decrypts with the new key, none lost, none half-written" after rotate-keys was killed
 * and run again: each seeded workspace is present, on the new key, and decrypts to the token it
 * was seeded with; no row exists that was not seeded.
 *
 * @example
 * ```ts
 * rotationViolations(new Map([['w1', 't1']]), [{ workspaceId: 'w1', kid: 'old', token: undefined }], 'new');
 * // ['w1: still on key old', 'w1: does not decrypt with the new key alone (half-written?)']
 * ```
 */
export function rotationViolations(
  seeded: ReadonlyMap<string, string>,
  found: readonly RotatedRow[],
  newKid: string,
): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const row of found) {
    seen.add(row.workspaceId);
    const expected = seeded.get(row.workspaceId);
    if (expected === undefined) {
      out.push(`${row.workspaceId}: a row nobody seeded`);
      continue;
    }
    if (row.kid !== newKid) out.push(`${row.workspaceId}: still on key ${row.kid}`);
    if (row.token === undefined)
      out.push(`${row.workspaceId}: does not decrypt with the new key alone (half-written?)`);
    else if (row.token !== expected)
      out.push(`${row.workspaceId}: decrypts to another token than it was seeded with`);
  }
  for (const ws of seeded.keys()) if (!seen.has(ws)) out.push(`${ws}: lost (no row)`);
  return out;
}
