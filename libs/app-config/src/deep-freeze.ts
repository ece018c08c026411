/**
 * Freezes `value` and every object and array reachable from it, in place, and returns it. Already
 * frozen objects are not walked again, so shared and cyclic references are fine. Use it for
 * configuration: a frozen config cannot drift after start-up.
 *
 * @example
 * ```ts
 * const config = deepFreeze({ http: { port: 3000 }, scopes: ['note:read'] });
 * Object.isFrozen(config.http); // true
 * ```
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) {
    deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}
