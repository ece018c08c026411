import { decideRetry, type RetryOptions } from '@attio-auth/attio-core';
import { connectionErrorFrom, fromResponse, MASKED_USERINFO } from '@attio-auth/attio-errors';
import type { AlertPayload } from './alert-message.js';

export interface AlertSenderOptions {
  /** ALERT_WEBHOOK_URL; it may embed a secret path (Slack), so it is never logged. */
  readonly url: string;
  readonly fetch: typeof fetch;
  /** attio-core's contract: rejects when `signal` aborts. Injected so tests need no real waiting. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Clock for a `Retry-After` given as an HTTP date. */
  readonly now: () => number;
  /** Retries after the first attempt (HEALTH_ALERT_RETRIES). */
  readonly retries: number;
  /** Per-attempt timeout. */
  readonly attemptTimeoutMs?: number;
  /** Jitter source of the backoff (attio-core's full jitter); tests pin it. */
  readonly random?: () => number;
  readonly onResult?: (
    result: 'delivered' | 'failed' | 'abandoned',
    payload: AlertPayload,
    reason?: string,
  ) => void;
}

export interface DrainResult {
  readonly delivered: number;
  readonly failed: number;
  /** Deliveries still retrying when the wait bound passed; they were aborted. */
  readonly abandoned: number;
}

/** Fire-and-track webhook delivery: `send` never blocks or throws; `drain` waits a bounded time. */
export interface AlertSender {
  send(payload: AlertPayload): void;
  drain(maxWaitMs: number): Promise<DrainResult>;
}

/** Backoff from 500 ms, doubling, capped at 30 s; a `Retry-After` above 30 s is shortened to 30 s. */
const WEBHOOK_BACKOFF: Omit<RetryOptions, 'retries'> = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 30_000,
};

/** A 3xx answer: a failed delivery, not retried (the receiver answers the same way next time). */
class RedirectNotFollowed {
  constructor(
    readonly status: number,
    private readonly location: string | null,
  ) {}

  get reason(): string {
    return `webhook answered HTTP ${this.status}: redirect to ${describeLocation(this.location)} not followed`;
  }
}

/**
 * A redirect target fit for a log line: `user:password@` and the query (a signed URL's signature, a
 * token) masked, the fragment dropped; scheme, host and path kept so an operator can see where the
 * receiver moved to.
 *
 * @example
 * describeLocation('https://u:p@hooks.example/new?sig=abc'); // 'https://***@hooks.example/new?***'
 * describeLocation('/moved?x=1');                            // '/moved?***'
 */
export function describeLocation(location: string | null): string {
  if (location === null || location.trim() === '') return '(no location)';
  if (URL.canParse(location)) {
    const url = new URL(location);
    const userinfo = url.username !== '' || url.password !== '' ? `${MASKED_USERINFO}@` : '';
    const query = url.search !== '' ? `?${MASKED_USERINFO}` : '';
    return `${url.protocol}//${userinfo}${url.host}${url.pathname}${query}`;
  }
  const path = location.split(/[?#]/, 1)[0] ?? '';
  return `${path}${/^[^#]*\?/.test(location) ? `?${MASKED_USERINFO}` : ''}`;
}

/**
 * Creates an alert sender that POSTs each payload as JSON. Failed attempts are retried by attio-core's
 * retry policy (`decideRetry`): network errors, timeouts, 408, 5xx and 429, the last after its
 * `Retry-After` in seconds or as an HTTP date (`parseRetryAfter`, RFC 9110 §10.2.3), the others with
 * jittered exponential backoff. Redirects are not followed (`redirect: 'manual'`): a 3xx is a failed
 * delivery whose reason names the target with its userinfo and query masked. The POST is retried although POST is not idempotent: a duplicate
 * alert is harmless, a lost one is not. A slow or dead webhook never delays a check: `send` returns
 * at once, and the round calls `drain(HEALTH_ALERT_WAIT_MS)` at its end.
 *
 * @example
 * const alerts = createAlertSender({ url, fetch, sleep, now: Date.now, retries: 4 });
 * alerts.send(payload);
 * await alerts.drain(10_000); // { delivered: 1, failed: 0, abandoned: 0 }
 */
export function createAlertSender(options: AlertSenderOptions): AlertSender {
  const inFlight = new Set<Promise<void>>();
  const abort = new AbortController();
  const retry: RetryOptions = { ...WEBHOOK_BACKOFF, retries: options.retries };
  const timeoutMs = options.attemptTimeoutMs ?? 10_000;
  let delivered = 0;
  let failed = 0;
  let abandoned = 0;

  /** One POST: undefined when delivered, a redirect, or else the error the retry policy judges. */
  const attempt = async (body: string): Promise<unknown> => {
    try {
      const response = await options.fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        // A redirect is never followed: a 307/308 would replay the POST (the alert, with workspace
        // names and statuses) to wherever the receiver points, a 301/302 would turn it into a GET.
        redirect: 'manual',
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(timeoutMs)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return undefined;
      if (response.status >= 300 && response.status < 400) {
        return new RedirectNotFollowed(response.status, response.headers.get('location'));
      }
      // The body is not read into the error: a receiver may echo the payload or the secret URL path.
      return fromResponse(response.status, response.headers, '', {
        method: 'POST',
        now: options.now(),
      });
    } catch (error) {
      return connectionErrorFrom(error, { method: 'POST', timeoutMs });
    }
  };

  const deliver = async (payload: AlertPayload): Promise<void> => {
    const body = JSON.stringify(payload);
    let reason = 'not attempted';
    for (let attempts = 1; !abort.signal.aborted; attempts += 1) {
      const error = await attempt(body);
      if (error === undefined) {
        delivered += 1;
        options.onResult?.('delivered', payload);
        return;
      }
      if (error instanceof RedirectNotFollowed) {
        reason = error.reason;
        break;
      }
      const status = (error as { status?: number }).status;
      reason =
        status !== undefined
          ? `webhook answered HTTP ${status}`
          : `webhook unreachable (${(error as Error).name})`;
      const decision = decideRetry({
        attempt: attempts,
        method: 'POST',
        idempotent: true,
        error,
        options: retry,
        random: options.random,
      });
      if (!decision.retry || abort.signal.aborted) break;
      // Rejects when drain gives up waiting: the delivery is abandoned below.
      await options.sleep(decision.delayMs, abort.signal).catch(() => undefined);
    }
    if (abort.signal.aborted) {
      abandoned += 1;
      options.onResult?.('abandoned', payload, reason);
    } else {
      failed += 1;
      options.onResult?.('failed', payload, reason);
    }
  };

  return {
    send(payload) {
      const task = deliver(payload).catch(() => undefined);
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
    },
    async drain(maxWaitMs) {
      if (inFlight.size > 0) {
        const waitAbort = new AbortController();
        const all = Promise.allSettled([...inFlight]);
        const bound = options.sleep(maxWaitMs, waitAbort.signal).catch(() => undefined);
        await Promise.race([all, bound]);
        waitAbort.abort();
        if (inFlight.size > 0) {
          abort.abort();
          await all;
        }
      }
      return { delivered, failed, abandoned };
    },
  };
}
