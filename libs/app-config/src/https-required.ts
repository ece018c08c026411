import type { ConfigProblem } from './config-error.js';
import type { ConfigRule } from './config-rule.js';

/**
 * Whether `hostname` (as `URL.hostname` spells it) is this machine: 127.0.0.0/8, `[::1]` or
 * `localhost`. Traffic to these never leaves the host, so plain http is no risk there.
 *
 * @example
 * ```ts
 * isLoopbackHost(new URL('http://127.0.0.5:4010').hostname); // true
 * isLoopbackHost(new URL('http://[::1]:4010').hostname); // true
 * isLoopbackHost('sandbox.internal'); // false
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return octets !== null && octets.slice(1).every((o) => Number(o) <= 255);
}

/**
 * Options of {@link httpsRequired}.
 *
 * @example
 * ```ts
 * const options: HttpsRequiredOptions<{ ATTIO_TOKEN_URL: string; NODE_ENV: string }> = {
 *   variables: ['ATTIO_TOKEN_URL'],
 *   when: (values) => values.NODE_ENV === 'production',
 *   override: 'ALLOW_INSECURE_HTTP',
 * };
 * ```
 */
export interface HttpsRequiredOptions<V> {
  /** The URL variables the rule covers. */
  readonly variables: readonly (keyof V & string)[];
  /** Whether the rule applies (e.g. in production and without the override set). */
  readonly when: (values: Partial<V>) => boolean;
  /** The variable that switches the rule off, named in the message (e.g. `ALLOW_INSECURE_HTTP`). */
  readonly override: string;
}

/**
 * A {@link ConfigRule}: while `when` holds, each of `variables` that is an `http://` URL to a host
 * other than loopback is refused, naming the variable and the way out. Tokens and client secrets
 * cross these URLs; over plain http anyone on the path reads them.
 *
 * @example
 * ```ts
 * loadConfig(schema, process.env, toConfig, {
 *   rules: [httpsRequired({ variables: ['ATTIO_TOKEN_URL'], when: isProduction, override: 'ALLOW_INSECURE_HTTP' })],
 * });
 * ```
 */
export function httpsRequired<V>(options: HttpsRequiredOptions<V>): ConfigRule<V> {
  return (values) => {
    if (!options.when(values)) return [];
    const problems: ConfigProblem[] = [];
    for (const variable of options.variables) {
      const value = values[variable];
      if (typeof value !== 'string' || !URL.canParse(value)) continue;
      const url = new URL(value);
      if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) continue;
      problems.push({
        variable,
        message:
          'must use https:// in production (plain http is allowed only to 127.0.0.1, ::1 or localhost); ' +
          `behind a TLS-terminating proxy give the https:// address, or on a private network set ${options.override}=1`,
      });
    }
    return problems;
  };
}
