import type { Connection, ConnectionStore } from '@attio-auth/connection-store';

/**
 * A leased connection; `openToken` (when the store can lease tokens along with connections) decrypts its
 * token without another query. Without it the round reads the token with `getToken`.
 */
export interface LeasedJob {
  readonly connection: Connection;
  readonly openToken?: () => string;
}

export interface LeasedConnectionsOptions {
  readonly store: Pick<ConnectionStore, 'leaseDue' | 'leaseDueWithTokens'>;
  /** This process's lease owner id. */
  readonly owner: string;
  readonly batchSize: number;
  /** How long a claimed batch stays ours; after that another worker may take it over (crash recovery). */
  readonly leaseMs: number;
  /** Connections last checked at or after this instant are done for this round. */
  readonly dueBefore: Date;
  /** Once true, no further batch is leased (shutdown). */
  readonly shouldStop?: () => boolean;
}

/**
 * Streams due connections by leasing batches (`leaseDue`: `FOR UPDATE SKIP LOCKED` on PostgreSQL), so
 * only one batch is in memory and concurrent workers never claim the same connection. The next batch
 * is requested when half of the current one has been handed out, so checks do not stall on the query.
 * It ends when a lease comes back empty: everything due is checked or leased by another worker.
 *
 * Connections leased but not handed out before a stop stay leased until `leaseMs` passes, then any
 * worker takes them over, exactly like after a crash.
 *
 * @example
 * for await (const { connection, openToken } of leasedConnections({ store, owner, batchSize: 64, leaseMs: 300_000, dueBefore })) {
 *   await check(connection);
 * }
 */
export async function* leasedConnections(
  options: LeasedConnectionsOptions,
): AsyncGenerator<LeasedJob> {
  const stopped = () => options.shouldStop?.() === true;
  const store = options.store;
  const lease = (): Promise<LeasedJob[]> => {
    const leaseOptions = {
      owner: options.owner,
      limit: options.batchSize,
      leaseMs: options.leaseMs,
      dueBefore: options.dueBefore,
    };
    // With sealed tokens in the lease, a check needs no getToken round trip; each token is still
    // decrypted only when its own check starts (openToken).
    const pending = store.leaseDueWithTokens
      ? store.leaseDueWithTokens(leaseOptions)
      : store.leaseDue(leaseOptions).then((batch) => batch.map((connection) => ({ connection })));
    // Mark handled now: a prefetch may reject while we are still yielding; it is awaited (and rethrown) later.
    pending.catch(() => undefined);
    return pending;
  };
  let next: Promise<LeasedJob[]> | undefined = stopped() ? undefined : lease();
  try {
    while (next) {
      const batch = await next;
      next = undefined;
      if (batch.length === 0) return;
      const prefetchAt = Math.floor(batch.length / 2);
      for (let i = 0; i < batch.length; i += 1) {
        if (i === prefetchAt && !stopped()) next = lease();
        yield batch[i] as LeasedJob;
      }
      if (!next && !stopped()) next = lease();
    }
  } finally {
    // A prefetch still in flight when the consumer stops: let it settle so no rejection goes unhandled.
    await next?.catch(() => undefined);
  }
}
