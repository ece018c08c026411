import type { Logger } from '@attio-auth/attio-core';

/** How a round ended, as the heartbeat reports it. */
export type HeartbeatOutcome = 'success' | 'fail';

/** A dead-man's switch: one request per finished round. */
export interface Heartbeat {
  /** Requests the URL (or `<url>/fail`); resolves once it answered, failed or timed out. Never throws. */
  ping(outcome: HeartbeatOutcome): Promise<'ok' | 'failed'>;
}

export interface HeartbeatOptions {
  /** HEALTH_HEARTBEAT_URL. It may embed a secret (a check's UUID, `user:pass@`): never logged whole. */
  readonly url: string;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
  readonly logger: Logger;
}

/**
 * The heartbeat URL services such as healthchecks.io or Cronitor expect: a GET of the URL after each
 * completed round, of `<url>/fail` when the round failed, so a checker that stops running (or keeps
 * failing) pages someone even though it cannot send an alert itself. The request has a short
 * timeout and follows no redirect (a 3xx counts as a failure: the URL should be the final one, and a
 * redirect must not take the secret path elsewhere). A failure is logged once, with the URL masked
 * ({@link heartbeatLabel}), and never fails the round.
 *
 * @example
 * const heartbeat = createHeartbeat({ url, timeoutMs: 5000, fetch, logger });
 * await heartbeat.ping('success');
 */
export function createHeartbeat(options: HeartbeatOptions): Heartbeat {
  const label = heartbeatLabel(options.url);
  return {
    async ping(outcome) {
      const { url, headers } = withoutCredentials(
        outcome === 'fail' ? failUrl(options.url) : options.url,
      );
      try {
        const response = await options.fetch(url, {
          method: 'GET',
          headers,
          redirect: 'manual',
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        // Read (and drop) the body so the socket goes back to the pool.
        await response.arrayBuffer().catch(() => undefined);
        if (response.status >= 200 && response.status < 300) return 'ok';
        options.logger.warn(
          { heartbeat: label, outcome, status: response.status },
          'heartbeat request was not accepted (HEALTH_HEARTBEAT_URL)',
        );
      } catch (error) {
        const name = (error as Error).name;
        options.logger.warn(
          {
            heartbeat: label,
            outcome,
            err: name === 'TimeoutError' ? `timed out after ${options.timeoutMs} ms` : name,
          },
          'heartbeat request failed (HEALTH_HEARTBEAT_URL)',
        );
      }
      return 'failed';
    },
  };
}

/**
 * fetch refuses a URL with `user:pass@` (WHATWG fetch): send them as Basic authentication instead,
 * which is what the URL form means for HTTP (RFC 3986 §3.2.1, RFC 7617).
 */
function withoutCredentials(raw: string): { url: string; headers: Record<string, string> } {
  const parsed = new URL(raw);
  if (!parsed.username && !parsed.password) return { url: raw, headers: {} };
  const basic = Buffer.from(
    `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`,
  ).toString('base64');
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), headers: { authorization: `Basic ${basic}` } };
}

/**
 * `<url>/fail`: the suffix goes on the path (a trailing slash is not doubled), the query is kept.
 *
 * @example
 * failUrl('https://hc-ping.com/abc?rid=1'); // 'https://hc-ping.com/abc/fail?rid=1'
 */
export function failUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}/fail`;
  return parsed.toString();
}

/**
 * The URL as logs show it: scheme and host only, credentials and path masked (a healthchecks.io
 * path is the check's secret UUID).
 *
 * @example
 * heartbeatLabel('https://user:pw@hc-ping.com/5f1c…'); // 'https://***@hc-ping.com/***'
 */
export function heartbeatLabel(url: string): string {
  const parsed = new URL(url);
  const credentials = parsed.username || parsed.password ? '***@' : '';
  const path = parsed.pathname === '/' && !parsed.search ? '' : '/***';
  return `${parsed.protocol}//${credentials}${parsed.host}${path}`;
}
