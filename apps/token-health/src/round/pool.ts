export interface PoolOptions {
  /** Items processed at once (HEALTH_CONCURRENCY / --concurrency). */
  readonly concurrency: number;
  /** Checked before each item is pulled: once it returns true no new item starts (SIGTERM). */
  readonly shouldStop?: () => boolean;
}

/**
 * Runs `worker` over a stream with bounded concurrency, pulling items only as lanes free up, so a
 * source of 100,000 connections is never held in memory: at most `concurrency` items (plus what the
 * source buffers, e.g. one leased batch) are alive at a time. Concurrent `next()` calls on an async
 * generator are queued by the language, so lanes never receive the same item.
 *
 * If a worker or the source throws, no new items start, the running ones finish, and the first error is rethrown.
 *
 * @example
 * await runPool(connections(), { concurrency: 16 }, async (c) => check(c));
 */
export async function runPool<T>(
  source: AsyncIterable<T> | Iterable<T>,
  options: PoolOptions,
  worker: (item: T) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number >= 1, got ${options.concurrency}`);
  }
  const iterator =
    Symbol.asyncIterator in source
      ? (source as AsyncIterable<T>)[Symbol.asyncIterator]()
      : toAsync((source as Iterable<T>)[Symbol.iterator]());
  let failure: { error: unknown } | undefined;
  const stopped = () => failure !== undefined || options.shouldStop?.() === true;

  const lane = async (): Promise<void> => {
    while (!stopped()) {
      let next: IteratorResult<T>;
      try {
        next = await iterator.next();
      } catch (error) {
        failure ??= { error };
        return;
      }
      if (next.done) return;
      try {
        await worker(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, lane));
  } finally {
    // Lets a generator source run its `finally` (e.g. release leases it still holds).
    await iterator.return?.();
  }
  if (failure) throw failure.error;
}

function toAsync<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return {
    next: async () => iterator.next(),
    return: async () => iterator.return?.() ?? { done: true, value: undefined },
  };
}
