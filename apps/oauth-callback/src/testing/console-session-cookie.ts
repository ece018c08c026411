import type { Response } from 'express';

import type { ConsoleConfig } from '../console/console-config.js';
import type { ConsoleRole } from '../console/console-role.js';
import { consoleSessions, SESSION_COOKIE } from '../console/console-session.js';

/**
 * A console session cookie sealed exactly as a sign-in would seal it, without the browser round trip
 * through the provider: for suites that send thousands of requests as a viewer or an admin.
 *
 * @example
 * ```ts
 * const { cookie, csrf } = consoleSessionCookie(config.admin.console!, { sub: 'u1', label: 'u1', role: 'viewer' });
 * await fetch(`${url}/admin/console`, { headers: { cookie } });
 * ```
 */
export function consoleSessionCookie(
  config: ConsoleConfig,
  who: { sub: string; label: string; role: ConsoleRole },
  now: () => number = Date.now,
): { cookie: string; csrf: string } {
  let header = '';
  const res = {
    append(_name: string, value: string) {
      header = value;
      return res;
    },
  };
  consoleSessions(config, now).start(res as unknown as Response, who);
  const value = header.slice(`${SESSION_COOKIE}=`.length, header.indexOf(';'));
  const payload = JSON.parse(
    Buffer.from(value.slice(0, value.indexOf('.')), 'base64url').toString('utf8'),
  ) as { csrf: string };
  return { cookie: `${SESSION_COOKIE}=${value}`, csrf: payload.csrf };
}
