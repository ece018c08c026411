/**
 * A minimal browser-like cookie jar for scripted installs: keeps `name=value` per cookie with its
 * `Path`, honours `Max-Age=0`/expired deletions, and sends cookies whose path prefixes the request
 * path. Browsers share cookies across ports of one host, so the jar ignores ports too.
 *
 * @example
 * ```ts
 * const jar = new CookieJar();
 * jar.store(response.headers.getSetCookie());
 * await fetch(url, { headers: { cookie: jar.header(url) } });
 * ```
 */
export class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  /** Records `Set-Cookie` header values. */
  store(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=').map((s) => s.trim());
        if (key.toLowerCase() === 'path' && val.startsWith('/')) path = val;
        if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
        if (key.toLowerCase() === 'expires' && Date.parse(val) <= Date.now()) expired = true;
      }
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
  }

  /** The `Cookie` header for a request to `url` (empty string when none applies). */
  header(url: string): string {
    const path = new URL(url).pathname;
    return [...this.cookies.entries()]
      .filter(
        ([, c]) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
      )
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }

  /** A cookie's value, for assertions. */
  get(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }

  /** Names of the cookies held, in the order they were first set (tests finding per-install cookies). */
  names(): string[] {
    return [...this.cookies.keys()];
  }

  /** Sets a cookie directly (tests forging or swapping a binding cookie). */
  set(name: string, value: string, path = '/'): void {
    this.cookies.set(name, { value, path });
  }

  clear(): void {
    this.cookies.clear();
  }
}
