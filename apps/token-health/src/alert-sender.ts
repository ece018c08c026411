import type { AlertPayload } from './alert-message.js';

export interface AlertSenderOptions {
  /** ALERT_WEBHOOK_URL; it may embed a secret path (Slack), so it is never logged. */
  readonly url: string;
  readonly fetch: typeof fetch;
  /** Injected so tests need no real waiting; resolves early (without throwing) when `signal` aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Retries after the first attempt (HEALTH_ALERT_RETRIES). */
  readonly retries: number;
  /** Per-attempt timeout. */
  readonly attemptTimeoutMs?: number;
  /** First backoff delay; doubles per retry, capped at 30 s. */
  readonly baseDelayMs?: number;
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

/**
 * Creates an alert sender that POSTs each payload as JSON, retrying network errors, 5xx, 408 and 429
 * (honouring `Retry-After` seconds) with exponential backoff. A slow or dead webhook never delays a
 * check: `send` returns at once, and the run calls `drain(HEALTH_ALERT_WAIT_MS)` at its end.
 *
 * @example
 * const alerts = createAlertSender({ url, fetch, sleep, retries: 4 });
 * alerts.send(payload);
 * await alerts.drain(10_000); // { delivered: 1, failed: 0, abandoned: 0 }
 */
export function createAlertSender(options: AlertSenderOptions): AlertSender {
  const inFlight = new Set<Promise<void>>();
  const abort = new AbortController();
  let delivered = 0;
  let failed = 0;
  let abandoned = 0;

  const deliver = async (payload: AlertPayload): Promise<void> => {
    const body = JSON.stringify(payload);
    let reason = 'not attempted';
    for (let attempt = 0; attempt <= options.retries; attempt += 1) {
      if (abort.signal.aborted) break;
      let retryAfterMs: number | undefined;
      try {
        const response = await options.fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.any([
            abort.signal,
            AbortSignal.timeout(options.attemptTimeoutMs ?? 10_000),
          ]),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          delivered += 1;
          options.onResult?.('delivered', payload);
          return;
        }
        reason = `webhook answered HTTP ${response.status}`;
        if (!isRetryableStatus(response.status)) break;
        retryAfterMs = retryAfterSeconds(response.headers.get('retry-after'));
      } catch (error) {
        reason = `webhook unreachable (${(error as Error).name})`;
      }
      if (attempt < options.retries && !abort.signal.aborted) {
        const backoff = Math.min((options.baseDelayMs ?? 500) * 2 ** attempt, 30_000);
        await options.sleep(Math.max(backoff, retryAfterMs ?? 0), abort.signal);
      }
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
        await Promise.race([all, options.sleep(maxWaitMs, waitAbort.signal)]);
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

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function retryAfterSeconds(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Math.min(Number(value) * 1000, 30_000);
}

/**
 * A real sleep that ends early, without throwing, when the signal aborts.
 *
 * @example
 * await abortableSleep(100);
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
