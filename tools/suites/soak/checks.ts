/**
 * Pure checks of the soak suite: errors during the run, memory growth after warm-up, and resources
 * (sockets, file descriptors, handles) still open after the load stopped.
 */

/** Resource counts at a quiet moment. */
export interface ResourceCounts {
  /** Entries of /proc/self/fd (sockets, files, pipes). */
  readonly fds: number;
  /** process._getActiveHandles().length (sockets, servers, timers with refs). */
  readonly handles: number;
}

/**
 * RSS growth between the sample after warm-up and the sample at the end, as a fraction.
 *
 * @example
 * ```ts
 * rssGrowth(100_000_000, 112_000_000); // 0.12
 * ```
 */
export function rssGrowth(afterWarmup: number, atEnd: number): number {
  return afterWarmup > 0 ? (atEnd - afterWarmup) / afterWarmup : 0;
}

/**
 * "RSS growth under 10% after warm-up".
 *
 * @example
 * ```ts
 * memoryViolations(100e6, 115e6, 0.1); // ['RSS grew 15.0% after warm-up (100.0 MB → 115.0 MB), limit 10%']
 * ```
 */
export function memoryViolations(afterWarmup: number, atEnd: number, limit = 0.1): string[] {
  const growth = rssGrowth(afterWarmup, atEnd);
  return growth >= limit
    ? [
        `RSS grew ${(growth * 100).toFixed(1)}% after warm-up (${mb(afterWarmup)} → ${mb(atEnd)}), limit ${limit * 100}%`,
      ]
    : [];
}

/**
 * "No leaked sockets or file handles": counts after the load (and its keep-alive sockets) settled
 * must not exceed the counts before it.
 *
 * @example
 * ```ts
 * leakViolations({ fds: 40, handles: 12 }, { fds: 52, handles: 12 }); // ['12 more file descriptors than before the load (40 → 52)']
 * ```
 */
export function leakViolations(before: ResourceCounts, after: ResourceCounts): string[] {
  const out: string[] = [];
  if (after.fds > before.fds)
    out.push(
      `${after.fds - before.fds} more file descriptors than before the load (${before.fds} → ${after.fds})`,
    );
  if (after.handles > before.handles)
    out.push(
      `${after.handles - before.handles} more active handles than before the load (${before.handles} → ${after.handles})`,
    );
  return out;
}

/** One operation of the mixed load. */
export interface OperationResult {
  readonly kind: 'install' | 'verify' | 'health';
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * "Zero errors": every operation that did not succeed.
 *
 * @example
 * ```ts
 * operationErrors([{ kind: 'verify', ok: false, detail: 'exit 3' }]); // ['verify: exit 3']
 * ```
 */
export function operationErrors(results: readonly OperationResult[]): string[] {
  return results.filter((r) => !r.ok).map((r) => `${r.kind}: ${r.detail}`);
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
