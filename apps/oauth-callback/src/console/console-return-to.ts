import { CONSOLE_PATH } from './views/console-page.js';

/**
 * Where to land after sign-in: a path inside the console, and nothing else (no other origin, no `//host`,
 * no `\\`, no dot segments), so the sign-in can never be turned into an open redirect.
 *
 * @example
 * ```ts
 * safeReturnTo('/admin/console/events'); // '/admin/console/events'
 * safeReturnTo('//evil.example'); // '/admin/console'
 * ```
 */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' &&
    value.length <= 512 &&
    (value === CONSOLE_PATH ||
      value.startsWith(`${CONSOLE_PATH}/`) ||
      value.startsWith(`${CONSOLE_PATH}?`)) &&
    !/[\\\s]|\/\/|\/\.\.?(\/|$)/.test(value.slice(CONSOLE_PATH.length))
    ? value
    : CONSOLE_PATH;
}
