/** The store calls that write events (connection.* events, in their transaction) or re-queue them. */
const EVENT_WRITERS = [
  'saveConnection',
  'softDeleteConnection',
  'restoreConnection',
  'recordRevocation',
  'appendEvents',
  'replayEvent',
] as const;

/**
 * The store with a hook after every call that writes events: once the change (and its events) is
 * committed, `notify()` wakes the delivery worker, so an install or a delete reaches its
 * destinations in well under a second instead of at the next poll. The store is otherwise
 * unchanged (same object for every other call).
 *
 * @example
 * ```ts
 * const store = notifyingStore(opened, () => worker.notify());
 * ```
 */
export function notifyingStore<S extends object>(store: S, notify: () => void): S {
  const wrapped = new Map<PropertyKey, unknown>();
  for (const name of EVENT_WRITERS) {
    const method = (store as Record<string, unknown>)[name];
    if (typeof method !== 'function') continue;
    wrapped.set(name, async (...args: unknown[]) => {
      const result: unknown = await (method as (...a: unknown[]) => Promise<unknown>).apply(
        store,
        args,
      );
      notify();
      return result;
    });
  }
  return new Proxy(store, {
    get(target, property, receiver) {
      if (wrapped.has(property)) return wrapped.get(property);
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
