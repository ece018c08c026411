/**
 * Whether an install link's `returnTo` may be redirected to: it must be an absolute http(s) URL
 * without credentials that matches an entry of INSTALL_RETURN_TO_ALLOWLIST. An entry that is a bare
 * origin (`https://app.example.com`) allows any path on that origin; an entry with a path
 * (`https://app.example.com/settings/`) allows that origin and paths starting with it. Origins are
 * compared after URL parsing, so `https://app.example.com.evil.test` or `https://app.example.com@evil.test`
 * never match `https://app.example.com`.
 *
 * @example
 * ```ts
 * isAllowedReturnTo('https://app.example.com/done?x=1', ['https://app.example.com']); // true
 * isAllowedReturnTo('https://evil.test/', ['https://app.example.com']); // false
 * ```
 */
export function isAllowedReturnTo(value: string, allowlist: readonly string[]): boolean {
  let target: URL;
  try {
    target = new URL(value);
  } catch {
    return false;
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return false;
  if (target.username !== '' || target.password !== '') return false;
  return allowlist.some((entry) => {
    const allowed = new URL(entry);
    if (allowed.origin !== target.origin) return false;
    if (allowed.pathname === '/') return true;
    const prefix = allowed.pathname;
    // "/settings" allows "/settings" and "/settings/…", not "/settingsevil".
    return (
      target.pathname === prefix ||
      target.pathname.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)
    );
  });
}
